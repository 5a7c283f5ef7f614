/**
 * The reason texts of file problems, in one place: each says what is wrong with the file and what to
 * do about it, and maps a decoder or file-system error to the right `ProblemKind`.
 */
import type { Problem } from '../../../shared/dataset';
import { readableFormatList } from './imageFormats';
import {
  decodableSignatures,
  looksTruncated,
  signatureName,
  unsupportedSignatures,
  type Signature,
} from './imageSignature';

export function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function rawMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The decoder's words for a reason line: libvips repeats itself and prefixes each line with its
 * loader ("Input buffer has corrupt header: VipsJpeg: premature end of JPEG image" three times), so
 * the prefixes go and each distinct line is kept once.
 */
function shortMessage(err: unknown): string {
  const lines = [
    ...new Set(
      rawMessage(err)
        .split('\n')
        .map((l) =>
          l
            .trim()
            .replace(/^Input (buffer|file) has corrupt header:\s*/i, '')
            .replace(/^Vips[A-Za-z]*:\s*/, '')
            .trim(),
        )
        .filter(Boolean),
    ),
  ];
  return lines.join('; ').slice(0, 200);
}

export const emptyProblem: Problem = {
  kind: 'empty',
  reason: 'The file is empty (0 bytes). Copy it again from its source, or delete it.',
};

export function fileErrorProblem(err: unknown): Problem {
  const code = errorCode(err);
  if (code === 'EACCES' || code === 'EPERM')
    return {
      kind: 'unreadable',
      reason: `Permission denied (${code}) reading the file. Give deskfit read access to it (owner or permissions) and import again.`,
    };
  if (code === 'ENOENT')
    return {
      kind: 'missing',
      reason: 'The file disappeared while it was being checked. Import the folder again.',
    };
  return {
    kind: 'unreadable',
    reason: `The file could not be read (${code ?? shortMessage(err)}). Check the disk, or copy the file again, then import again.`,
  };
}

function pixelCount(n: number): string {
  return n >= 100_000
    ? `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} megapixels`
    : `${n.toLocaleString('en-US')} pixels`;
}

export function tooLargeProblem(width: number, height: number, maxPixels: number): Problem {
  return {
    kind: 'too-large',
    reason: `${width}×${height} pixels (${pixelCount(width * height)}) is over the limit of ${pixelCount(maxPixels)}, so it was not decoded (it could be a decompression bomb). Downscale the image, or raise the pixel limit.`,
  };
}

export function unsupportedProblem(what: string): Problem {
  return {
    kind: 'unsupported',
    reason: `${what} cannot be read by deskfit (it reads ${readableFormatList}). Convert the file to PNG or JPEG.`,
  };
}

/** sharp could not read the header: not an image, an unsupported format, or a damaged image. */
export function headerProblem(
  signature: Signature,
  err: unknown,
  head: Buffer,
  tail: Buffer,
  size: number,
): Problem {
  if (unsupportedSignatures.has(signature))
    return unsupportedProblem(`This is a ${signatureName(signature)} image, which`);
  if (decodableSignatures.has(signature)) return damagedProblem(signature, err, head, tail, size);
  if (signature === 'text')
    return {
      kind: 'not-an-image',
      reason:
        'The file holds text, not an image (it was probably renamed). Delete it, or restore the real image.',
    };
  return {
    kind: 'not-an-image',
    reason: `The content is not an image${signature === 'pdf' ? ' (it is a PDF document)' : ''}. Delete it, or restore the real image.`,
  };
}

const truncationPattern =
  /premature end|truncat|unexpected end|end of (file|data|stream|image)|not enough data|short read|incomplete/i;

/** The decoder failed on an image whose header it understood. */
export function damagedProblem(
  signature: Signature,
  err: unknown,
  head: Buffer,
  tail: Buffer,
  size: number,
): Problem {
  const message = shortMessage(err);
  const raw = rawMessage(err);
  if (/pixel limit/i.test(raw))
    return {
      kind: 'too-large',
      reason: `The image is over the pixel limit (${message}). Downscale it, or raise the pixel limit.`,
    };
  const truncated =
    truncationPattern.test(raw) ||
    (!/corrupt header/i.test(raw) && looksTruncated(signature, head, tail, size));
  if (truncated)
    return {
      kind: 'truncated',
      reason: `The ${signatureName(signature)} file is cut short (${message}); it was probably not copied completely. Copy it again from its source.`,
    };
  return {
    kind: 'corrupt',
    reason: `The ${signatureName(signature)} data is damaged (${message}). Re-export the image from its source, or delete it.`,
  };
}
