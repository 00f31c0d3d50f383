/**
 * The TS wrapper's own logic: where it looks for the addon (including Electron's
 * app.asar.unpacked), the message when it is missing, dtype -> kernel type, and the
 * translation of native error codes into ArrayscopeError kinds that name the file.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { addonCandidates, kernelTypeOf, translateNativeError } from '../../src/core/native.js';
import { parseDTypeString, type ScalarDType } from '../../src/shared/dtype.js';

describe('addon location', () => {
  it('walks up from the module directory to the root', () => {
    const candidates = addonCandidates('/opt/app/out/cli');
    expect(candidates.slice(0, 3)).toEqual([
      '/opt/app/out/cli/build/Release/arrayscope.node',
      '/opt/app/out/build/Release/arrayscope.node',
      '/opt/app/build/Release/arrayscope.node',
    ]);
    expect(candidates.at(-1)).toBe(path.join('/', 'build', 'Release', 'arrayscope.node'));
  });

  it('tries the app.asar.unpacked twin first inside an Electron archive', () => {
    const candidates = addonCandidates('/Applications/Arrayscope.app/Contents/Resources/app.asar/out/main');
    const i = candidates.indexOf('/Applications/Arrayscope.app/Contents/Resources/app.asar.unpacked/build/Release/arrayscope.node');
    const j = candidates.indexOf('/Applications/Arrayscope.app/Contents/Resources/app.asar/build/Release/arrayscope.node');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(j).toBe(i + 1);
  });

  it('a missing addon gives one clear message that says how to build it', async () => {
    vi.resetModules();
    const previous = process.env.ARRAYSCOPE_ADDON;
    process.env.ARRAYSCOPE_ADDON = '/nowhere/arrayscope.node';
    try {
      const fresh = await import('../../src/core/native.js');
      expect(() => fresh.pageSize()).toThrow(/npm install.*build-addon\.mjs/);
      expect(() => fresh.Mapping.open('/tmp/x', 'r')).toThrow(/ARRAYSCOPE_ADDON=\/nowhere\/arrayscope\.node does not exist/);
    } finally {
      if (previous === undefined) delete process.env.ARRAYSCOPE_ADDON;
      else process.env.ARRAYSCOPE_ADDON = previous;
      vi.resetModules();
    }
  });
});

describe('kernelTypeOf', () => {
  it('maps numeric scalar dtypes and refuses the rest', () => {
    const of = (s: string) => kernelTypeOf(parseDTypeString(s) as ScalarDType);
    expect(of('<f8')).toEqual({ type: 'f8', swap: false });
    expect(of('>f2')).toEqual({ type: 'f2', swap: true });
    expect(of('>i4')).toEqual({ type: 'i4', swap: true });
    expect(of('u1')).toEqual({ type: 'u1', swap: false });
    expect(of('?')).toEqual({ type: 'b1', swap: false });
    expect(of('>c8')).toEqual({ type: 'c8', swap: true });
    expect(of('complex128')).toEqual({ type: 'c16', swap: false });
    expect(of('>M8[ns]')).toEqual({ type: 'M8', swap: true });
    expect(of('m8[D]')).toEqual({ type: 'm8', swap: false });
    expect(of('S8')).toBeNull();
    expect(of('<U3')).toBeNull();
    expect(of('V16')).toBeNull();
  });
});

describe('translateNativeError', () => {
  const file = '/data/x.npy';
  const native = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('detail'), { code, ...extra });

  it('maps every native code to its kind, naming the file', () => {
    const cases: [Error, string][] = [
      [native('ERR_AS_CLOSED'), 'closed'],
      [native('ERR_AS_TRUNCATED', { needed: 8192, actual: 4096 }), 'truncated'],
      [native('ERR_AS_READ_ONLY'), 'read-only'],
      [native('ERR_AS_RANGE'), 'bad-request'],
      [native('ERR_AS_CANCELLED'), 'cancelled'],
      [native('ERR_AS_TOO_LARGE'), 'too-large'],
      [native('ERR_AS_UNSUPPORTED'), 'unsupported'],
      [native('ERR_AS_IO', { errno: 'ENOENT', syscall: 'open' }), 'not-found'],
      [native('ERR_AS_IO', { errno: 'EACCES', syscall: 'open' }), 'io'],
      [native('ERR_AS_INTERNAL'), 'internal'],
      [new RangeError('Array buffer allocation failed'), 'internal'],
    ];
    for (const [err, kind] of cases) {
      const translated = translateNativeError(err, file);
      expect(translated.kind).toBe(kind);
      expect(translated.message).toContain(`'${file}'`);
    }
    expect(translateNativeError(native('ERR_AS_TRUNCATED', { needed: 8192, actual: 4096 }), file).message).toBe(
      "'/data/x.npy' is shorter than expected: it was truncated while open (8192 bytes needed, it now has 4096)",
    );
    expect(translateNativeError(native('ERR_AS_IO', { errno: 'EACCES', syscall: 'open' }), file).message).toBe(
      "'/data/x.npy': detail (EACCES in open)",
    );
  });
});
