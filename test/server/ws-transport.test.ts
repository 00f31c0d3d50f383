/**
 * The browser's WebSocket Transport, run in Node against the real server with the `ws` package's
 * WebSocket injected (Node 20 has no stable global WebSocket), driven through the real DataClient.
 */
import { realpathSync } from 'node:fs';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataClient } from '../../src/shared/client.js';
import { apiUrl, tokenFromUrl, type WebSocketConstructor, WebSocketTransport } from '../../src/renderer/src/transport/ws.js';
import type { RunningServer } from '../../src/server/server.js';
import { eventually, makeStaticDir, startStubServer, type StubRecord } from './helpers.js';
import { tempDir } from '../helpers/python.js';

const WS: WebSocketConstructor = WebSocket;
let tmp: { dir: string; cleanup: () => void };
let server: RunningServer;
let records: StubRecord[];
const transports: WebSocketTransport[] = [];

function transport(pageUrl = server.url): WebSocketTransport {
  const t = new WebSocketTransport({ pageUrl, WebSocket: WS });
  transports.push(t);
  return t;
}

beforeAll(async () => {
  tmp = tempDir('arrayscope-wst-');
  ({ server, records } = await startStubServer({ staticDir: makeStaticDir(realpathSync(tmp.dir)) }));
});
afterEach(() => {
  for (const t of transports.splice(0)) t.close();
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('URL handling', () => {
  it('takes the token from the page URL and keeps it for the socket URL only', () => {
    expect(tokenFromUrl('http://127.0.0.1:8765/?token=abc')).toBe('abc');
    expect(tokenFromUrl('http://127.0.0.1:8765/')).toBeNull();
    expect(apiUrl('http://127.0.0.1:8765/?token=a+b/c', 'a b/c')).toBe('ws://127.0.0.1:8765/api?token=a%20b%2Fc');
    expect(apiUrl('https://host.example/x/index.html?token=t', null)).toBe('wss://host.example/api');
  });

  it('labels the transport without the token', () => {
    const t = transport();
    expect(t.label).toBe(`ws://127.0.0.1:${server.port}/api`);
    expect(t.label).not.toContain(server.token);
  });
});

describe('calls through DataClient', () => {
  it('gets hello (calls made before the socket opens are queued)', async () => {
    const client = new DataClient(transport());
    const hello = await client.get('hello', {});
    expect(hello).toMatchObject({ host: 'serve', version: 'stub', allowWrites: false, root: null });
  });

  it('matches results to calls by id when many are in flight, and round-trips typed arrays', async () => {
    const client = new DataClient(transport());
    const rows = [0, 5, 9, 17];
    const pages = await Promise.all(rows.map((row0) => client.get('page', { session: 's', view: {}, row0, rowCount: 1, col0: 0, colCount: 1 })));
    pages.forEach((page, i) => {
      expect(page.row0).toBe(rows[i]);
      expect(Array.from(page.bytes)).toEqual(Array.from({ length: 8 }, (_, k) => rows[i]! + k));
    });
    const progress: [number, number][] = [];
    const hist = await client.get('histogram', { session: 's', bins: 3 }, { onProgress: (d, t) => progress.push([d, t]) });
    expect(Array.from(hist.counts)).toEqual([2, 2, 2]);
    expect(progress).toEqual([[3, 3]]);
  });

  it('turns an AbortSignal into a cancel that reaches the handler', async () => {
    const client = new DataClient(transport());
    await client.get('hello', {});
    const record = records.at(-1)!;
    const controller = new AbortController();
    const pending = client.call('stats', { session: 's' }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    await eventually(() => record.aborted.length === 1);
  });

  it('passes API errors through as results', async () => {
    const client = new DataClient(transport());
    expect(await client.call('saveAs', { session: 's', path: '/tmp/x.npy' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });
});

describe('a closed socket', () => {
  it('closed by the page: fails pending and later calls with a clear io error, and tells onClose', async () => {
    const t = transport();
    const client = new DataClient(t);
    await client.get('hello', {});
    const reasons: string[] = [];
    t.onClose((reason) => reasons.push(reason));
    const pending = client.call('stats', { session: 's' });
    await new Promise((r) => setTimeout(r, 20));
    t.close();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { kind: 'io' } });
    if (!result.ok) expect(result.error.message).toMatch(/connection to the arrayscope server closed.*reload/);
    expect(await client.call('hello', {})).toMatchObject({ ok: false, error: { kind: 'io' } });
    expect(reasons).toHaveLength(1);
  });

  it('fails calls when the server shuts down (1001)', async () => {
    const { server: own } = await startStubServer({ staticDir: makeStaticDir(realpathSync(tmp.dir)) });
    const client = new DataClient(transport(own.url));
    await client.get('hello', {});
    const pending = client.call('stats', { session: 's' });
    await new Promise((r) => setTimeout(r, 20));
    await own.close();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { kind: 'io' } });
    if (!result.ok) expect(result.error.message).toContain('1001');
  });

  it('fails calls when the upgrade is refused (wrong token)', async () => {
    const client = new DataClient(transport(`http://127.0.0.1:${server.port}/?token=wrong-token-wrong-token`));
    expect(await client.call('hello', {})).toMatchObject({ ok: false, error: { kind: 'io' } });
  });
});
