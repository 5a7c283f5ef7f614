/**
 * The words of `deskfit doctor`: why each tfjs backend candidate is live, skipped or broken, and
 * what a user must do about it. Pure functions of an error and a package name, so the wording can
 * be tested without the native packages (which are optional and usually absent).
 */
import type { BackendName, DoctorReport } from '../../shared/contract';

export type NativeBackendName = Extract<BackendName, 'tfjs-node-gpu' | 'tfjs-node'>;

export const nativePackages: Record<NativeBackendName, string> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
};

export const gpuRequirements: DoctorReport['gpu'] = {
  cuda: '11.2',
  cudnn: '8.1',
  platforms: 'Linux x64, Windows x64',
  note:
    '@tensorflow/tfjs-node-gpu 4.22 links libtensorflow 2.9.1 built against CUDA 11.2 and ' +
    'cuDNN 8.1; machines with only CUDA 12 fail to load it with "libcudart.so.11.0: cannot ' +
    'open shared object file". There is no GPU build for macOS or Linux arm64.',
};

export const requirements: Partial<Record<BackendName, string>> = {
  'tfjs-node-gpu': `NVIDIA GPU with CUDA ${gpuRequirements.cuda} + cuDNN ${gpuRequirements.cudnn} (${gpuRequirements.platforms}); the package's install script downloads libtensorflow (network needed at install time)`,
  'tfjs-node':
    "the package's install script downloads the native libtensorflow (network needed at install time)",
};

/** How to install (or repair) a native backend with npm 11, which gates dependency install scripts. */
export function installHint(pkg: string): string {
  return (
    `Install it with \`npm install ${pkg}\`, then \`npm approve-scripts ${pkg}\` and ` +
    `\`npm rebuild ${pkg}\`: npm 11 skips dependency install scripts that package.json ` +
    `"allowScripts" does not approve, and this package's install script is what downloads ` +
    `libtensorflow (it needs network access). For a global or one-off install use ` +
    `\`--allow-scripts=${pkg}\`; npm refuses that flag inside a project.`
  );
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function codeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

const CUDA_LIBS = /lib(cudart|cudnn|cublas|cublasLt|cufft|curand|cusolver|cusparse|nvinfer)\b[^\s'"]*/i;

/** Turns the error thrown while importing a native backend into a reason a user can act on. */
export function nativeLoadFailure(name: NativeBackendName, err: unknown): string {
  const pkg = nativePackages[name];
  const msg = messageOf(err).split('\n')[0] ?? '';
  const code = codeOf(err);
  if (/tfjs_binding\.node|napi-v\d/.test(msg)) {
    return (
      `${pkg} is installed but its native binding is missing (its install script did not run ` +
      `or failed to download libtensorflow): ${msg}. ${installHint(pkg)}`
    );
  }
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (package|module)|Failed to (load|resolve)( url| import)?|Does the file exist/i.test(msg);
  if (notFound && msg.includes(pkg)) {
    return `not installed: ${pkg} is an optional dependency and is absent. ${installHint(pkg)}`;
  }
  if (name === 'tfjs-node-gpu' && CUDA_LIBS.test(msg)) {
    return (
      `native library load error: ${msg}. tfjs-node-gpu needs CUDA ${gpuRequirements.cuda} + ` +
      `cuDNN ${gpuRequirements.cudnn} on ${gpuRequirements.platforms}; machines with CUDA 12 fail ` +
      `with libcudart.so.11.0. Install CUDA 11.2 and cuDNN 8.1 (their lib directories on ` +
      `LD_LIBRARY_PATH or PATH), or use tfjs-node.`
    );
  }
  if (/libtensorflow|\.so(\.\d+)*\b|\.dll\b|\.dylib\b|dlopen|cannot open shared object/i.test(msg)) {
    return `native library load error: ${msg}`;
  }
  return `failed to load ${pkg}: ${msg}`;
}

export function notTriedForced(forced: BackendName, source: 'env' | 'option'): string {
  return source === 'env'
    ? `not tried: forced to ${forced} by DESKFIT_BACKEND=${forced}`
    : `not tried: forced to ${forced} by the caller (only: '${forced}')`;
}

export function notTriedHigherLive(live: BackendName): string {
  return `not tried: ${live} is live and comes earlier in the order`;
}
