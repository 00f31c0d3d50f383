/** The HTTP side of `arrayscope serve`: token, Host, static files and security headers. */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server.js';
import { APP_JS, INDEX_HTML, makeStaticDir, request, startStubServer } from './helpers.js';
import { tempDir } from '../helpers/python.js';

let tmp: { dir: string; cleanup: () => void };
let server: RunningServer;
let cookie: string;
const SECRET = 'top secret contents\n';

beforeAll(async () => {
  tmp = tempDir('arrayscope-http-');
  const base = realpathSync(tmp.dir);
  const staticDir = makeStaticDir(base);
  writeFileSync(path.join(base, 'secret.txt'), SECRET);
  symlinkSync(path.join(base, 'secret.txt'), path.join(staticDir, 'assets', 'leak.txt'));
  mkdirSync(path.join(base, 'root'));
  ({ server } = await startStubServer({ staticDir, root: path.join(base, 'root') }));
  cookie = `arrayscope-token-${server.port}=${server.token}`;
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

const EXPECTED_CSP = (port: number): string =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; ` +
  `connect-src 'self' ws://127.0.0.1:${port}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  expect(headers['content-security-policy']).toBe(EXPECTED_CSP(server.port));
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

describe('the printed URL', () => {
  it('carries a 32-character base64url token on 127.0.0.1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('refusals', () => {
  it('refuses a request without the token: 403, short plain body, security headers, no cookie', async () => {
    const reply = await request(server.port, '/');
    expect(reply.status).toBe(403);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    expect(reply.body).not.toContain('<');
    expect(reply.body.length).toBeLessThan(100);
    expect(reply.headers['set-cookie']).toBeUndefined();
    expectSecurityHeaders(reply.headers);
  });

  it('refuses a wrong token, and the right token with one character changed', async () => {
    expect((await request(server.port, '/?token=wrong')).status).toBe(403);
    const flipped = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    expect((await request(server.port, `/?token=${flipped}`)).status).toBe(403);
    expect((await request(server.port, '/assets/app.js', { cookie: `arrayscope-token-${server.port}=${flipped}` })).status).toBe(403);
  });

  it('refuses assets without the token or with another port’s cookie', async () => {
    expect((await request(server.port, '/assets/app.js')).status).toBe(403);
    expect((await request(server.port, '/assets/app.js', { cookie: `arrayscope-token-1=${server.token}` })).status).toBe(403);
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    for (const host of ['evil.example:' + server.port, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `127.0.0.1.evil.example:${server.port}`]) {
      const reply = await request(server.port, `/?token=${server.token}`, { host });
      expect(reply.status, host).toBe(403);
      expect(reply.body).toContain('Host');
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
  });

  it('accepts the loopback names in Host', async () => {
    for (const host of [`localhost:${server.port}`, `[::1]:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await request(server.port, `/?token=${server.token}`, { host })).status, host).toBe(200);
    }
  });

  it('refuses path traversal in static URLs, raw and percent-encoded', async () => {
    for (const url of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2E%2E/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets%5c..%5c..%5csecret.txt', '/a%00b']) {
      const reply = await request(server.port, url, { cookie });
      expect([403, 404], url).toContain(reply.status);
      expect(reply.body, url).not.toContain(SECRET.trim());
    }
    expect((await request(server.port, '/%2e%2e/secret.txt', { cookie })).status).toBe(403);
  });

  it('does not follow a symlink out of the static directory', async () => {
    const reply = await request(server.port, '/assets/leak.txt', { cookie });
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain(SECRET.trim());
  });

  it('answers 404 for unknown files and directories, 405 for other methods, 426 for /api over plain HTTP', async () => {
    expect((await request(server.port, '/nope.js', { cookie })).status).toBe(404);
    expect((await request(server.port, '/assets', { cookie })).status).toBe(404);
    const post = await request(server.port, '/', { cookie }, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await request(server.port, '/api', { cookie })).status).toBe(426);
  });
});

describe('the happy path', () => {
  it('serves index.html for the token URL with the CSP, no-store and an HttpOnly SameSite=Strict cookie', async () => {
    const reply = await request(server.port, `/?token=${server.token}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-store');
    expectSecurityHeaders(reply.headers);
    const setCookie = reply.headers['set-cookie']?.[0] ?? '';
    expect(setCookie.split('; ')).toEqual(expect.arrayContaining([cookie, 'HttpOnly', 'SameSite=Strict', 'Path=/']));
  });

  it('serves an asset with the cookie alone, with its MIME type', async () => {
    const reply = await request(server.port, '/assets/app.js', { cookie });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(APP_JS);
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['set-cookie']).toBeUndefined();
    expectSecurityHeaders(reply.headers);
    expect((await request(server.port, '/assets/style.css', { cookie })).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD with the length and no body', async () => {
    const reply = await request(server.port, '/index.html', { cookie }, 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
    expect(reply.body).toBe('');
  });

  it('puts the Host the page was loaded from into connect-src', async () => {
    const reply = await request(server.port, '/', { cookie, host: `localhost:${server.port}` });
    expect(reply.headers['content-security-policy']).toContain(`connect-src 'self' ws://localhost:${server.port};`);
  });
});
