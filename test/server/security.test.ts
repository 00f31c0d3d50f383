import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allowedHosts, checkOrigin, generateToken, tokensEqual } from '../../src/server/security.js';
import { installSignalHandlers } from '../../src/server/server.js';
import { staticSegments } from '../../src/server/static.js';
import { apiUrl, makeStaticDir, open, startStubServer } from './helpers.js';
import { tempDir } from '../helpers/python.js';

describe('tokens', () => {
  it('are 24 random bytes in base64url, different every time', () => {
    const a = generateToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(24);
    expect(a).not.toBe(generateToken());
  });

  it('compare equal only when identical, whatever the lengths', () => {
    const t = generateToken();
    expect(tokensEqual(t, t)).toBe(true);
    expect(tokensEqual(t, t.slice(0, -1))).toBe(false);
    expect(tokensEqual(t, t + 'x')).toBe(false);
    expect(tokensEqual(t, '')).toBe(false);
    expect(tokensEqual(t, null)).toBe(false);
  });
});

describe('Host and Origin allow-lists', () => {
  it('admit the loopback names and the --host value at the port only', () => {
    expect([...allowedHosts('127.0.0.1', 8765)].sort()).toEqual(['127.0.0.1:8765', '[::1]:8765', 'localhost:8765']);
    expect(allowedHosts('myhost.lan', 9000).has('myhost.lan:9000')).toBe(true);
    expect(allowedHosts('::1', 9000).has('[::1]:9000')).toBe(true);
  });

  it('admit this machine’s interface addresses for a wildcard bind', () => {
    const hosts = allowedHosts('0.0.0.0', 8765);
    expect(hosts.has('127.0.0.1:8765')).toBe(true);
    expect(hosts.has('evil.example:8765')).toBe(false);
  });

  it('accept same-origin Origins only (a missing Origin is a non-browser client)', () => {
    const allowed = allowedHosts('127.0.0.1', 8765);
    expect(checkOrigin('http://127.0.0.1:8765', allowed)).toBe(true);
    expect(checkOrigin('http://[::1]:8765', allowed)).toBe(true);
    expect(checkOrigin(undefined, allowed)).toBe(true);
    expect(checkOrigin('http://127.0.0.1', allowed)).toBe(false);
    expect(checkOrigin('http://evil.example:8765', allowed)).toBe(false);
    expect(checkOrigin('file://', allowed)).toBe(false);
    expect(checkOrigin('null', allowed)).toBe(false);
  });
});

describe('static URL segments', () => {
  it('map / to index.html and refuse traversal in every spelling', () => {
    expect(staticSegments('/')).toEqual(['index.html']);
    expect(staticSegments('/assets/app.js')).toEqual(['assets', 'app.js']);
    expect(staticSegments('/a%20b.js')).toEqual(['a b.js']);
    for (const bad of ['/..', '/a/../b', '/%2e%2e/x', '/%2E%2e/x', '/.%2e/x', '/..%2fx', '/..%5cx', '/%00', '/%zz', '/./x']) {
      expect(staticSegments(bad), bad).toBeNull();
    }
  });
});

describe('installSignalHandlers', () => {
  it('closes the server (every peer’s service disposed) on SIGINT, then exits 0', async () => {
    const tmp = tempDir('arrayscope-sig-');
    try {
      const { server, records } = await startStubServer({ staticDir: makeStaticDir(realpathSync(tmp.dir)) });
      const socket = await open(apiUrl(server));
      expect((await socket.call('hello', {})).ok).toBe(true);
      const exited = new Promise<number>((resolve) => {
        const remove = installSignalHandlers(server, (code) => {
          remove();
          resolve(code);
        });
      });
      process.emit('SIGINT');
      expect(await exited).toBe(0);
      expect(records[0]!.disposed).toBe(1);
      expect((await socket.closed).code).toBe(1001);
    } finally {
      tmp.cleanup();
    }
  });

  it('exits 1 at once on a second signal while closing', async () => {
    const codes: number[] = [];
    let finish: () => void = () => {};
    const slow = { close: () => new Promise<void>((resolve) => (finish = resolve)) };
    const remove = installSignalHandlers(slow, (code) => codes.push(code));
    process.emit('SIGTERM');
    process.emit('SIGTERM');
    expect(codes).toEqual([1]);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(codes).toEqual([1, 0]);
    remove();
  });
});

describe('startServer options', () => {
  it('uses a given token, and refuses one that is short or not URL-safe', async () => {
    const tmp = tempDir('arrayscope-opt-');
    try {
      const staticDir = makeStaticDir(realpathSync(tmp.dir));
      const { server } = await startStubServer({ staticDir, token: 'fixed-token_0123456789' });
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=fixed-token_0123456789`);
      await server.close();
      for (const token of ['short', 'has space in it 0123456789', 'semi;colon;0123456789']) {
        await expect(startStubServer({ staticDir, token })).rejects.toMatchObject({ kind: 'bad-value' });
      }
      await expect(startStubServer({ staticDir, root: `${tmp.dir}/missing` })).rejects.toMatchObject({ kind: 'not-found' });
    } finally {
      tmp.cleanup();
    }
  });
});
