import { describe, expect, it } from 'vitest';
import { installHint, nativeLoadFailure } from '../../../../src/main/engine/backendReasons';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('nativeLoadFailure', () => {
  it('explains a missing package and how to install it under npm 11', () => {
    const reason = nativeLoadFailure(
      'tfjs-node-gpu',
      withCode("Cannot find package '@tensorflow/tfjs-node-gpu' imported from /x.js", 'ERR_MODULE_NOT_FOUND'),
    );
    expect(reason).toMatch(/^not installed/);
    expect(reason).toContain('npm install @tensorflow/tfjs-node-gpu');
    expect(reason).toContain('npm approve-scripts @tensorflow/tfjs-node-gpu');
  });

  it('gives CUDA 11.2 / cuDNN 8.1 advice when libcudart is missing', () => {
    const reason = nativeLoadFailure(
      'tfjs-node-gpu',
      new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory'),
    );
    expect(reason).toMatch(/^native library load error: libcudart\.so\.11\.0/);
    expect(reason).toContain('CUDA 11.2 + cuDNN 8.1');
    expect(reason).toContain('Linux x64, Windows x64');
    expect(reason).toMatch(/CUDA 12 fail/);
  });

  it('reports a missing native binding (install script skipped) as such', () => {
    const reason = nativeLoadFailure(
      'tfjs-node',
      withCode(
        "Cannot find module '/p/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'",
        'MODULE_NOT_FOUND',
      ),
    );
    expect(reason).toMatch(/installed but its native binding is missing/);
    expect(reason).toContain('npm rebuild @tensorflow/tfjs-node');
  });

  it('passes other native load errors through', () => {
    expect(nativeLoadFailure('tfjs-node', new Error('libtensorflow.so.2: undefined symbol foo'))).toBe(
      'native library load error: libtensorflow.so.2: undefined symbol foo',
    );
    expect(nativeLoadFailure('tfjs-node', 'weird')).toBe('failed to load @tensorflow/tfjs-node: weird');
  });

  it('mentions that npm 11 gates install scripts', () => {
    expect(installHint('@tensorflow/tfjs-node')).toMatch(/npm 11/);
  });
});
