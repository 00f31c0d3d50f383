/** The WebSocket API of `arrayscope serve`: admission, framing, caps, policy, cancel and disposal. */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_LONG, MAX_INFLIGHT_PER_CONNECTION, MAX_CONNECTIONS, type RunningServer } from '../../src/server/server.js';
import { encodeFrame } from '../../src/shared/wire.js';
import type { Result } from '../../src/shared/errors.js';
import { type ApiSocket, apiUrl, connect, eventually, makeStaticDir, open, startStubServer, type StubRecord } from './helpers.js';
import { tempDir } from '../helpers/python.js';

let tmp: { dir: string; cleanup: () => void };
let base: string;
let root: string;
let staticDir: string;
let server: RunningServer;
let records: StubRecord[];
const sockets: ApiSocket[] = [];

async function client(): Promise<ApiSocket> {
  const socket = await open(apiUrl(server));
  sockets.push(socket);
  return socket;
}

function errorOf(result: Result<unknown>): { kind: string; message: string } {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

beforeAll(async () => {
  tmp = tempDir('arrayscope-ws-');
  base = realpathSync(tmp.dir);
  root = path.join(base, 'root');
  mkdirSync(root);
  mkdirSync(path.join(base, 'outside'));
  writeFileSync(path.join(root, 'a.npy'), 'a');
  writeFileSync(path.join(base, 'outside', 'secret.npy'), 's');
  writeFileSync(path.join(base, 'outside', 'named.npy'), 'n');
  symlinkSync(path.join(base, 'outside', 'secret.npy'), path.join(root, 'escape.npy'));
  staticDir = makeStaticDir(base);
  ({ server, records } = await startStubServer({ staticDir, root, files: [path.join(base, 'outside', 'named.npy')] }));
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.ws.terminate();
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('admission', () => {
  it('refuses an upgrade without the token or with a wrong one (403)', async () => {
    expect(await connect(apiUrl(server, null))).toEqual({ refused: 403 });
    expect(await connect(apiUrl(server, 'x'.repeat(32)))).toEqual({ refused: 403 });
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    expect(await connect(apiUrl(server), { headers: { host: `evil.example:${server.port}` } })).toEqual({ refused: 403 });
    expect(await connect(apiUrl(server), { origin: 'http://evil.example' })).toEqual({ refused: 403 });
    expect(await connect(apiUrl(server), { origin: `http://127.0.0.1:${server.port + 1}` })).toEqual({ refused: 403 });
    expect(await connect(apiUrl(server), { origin: 'null' })).toEqual({ refused: 403 });
  });

  it('accepts its own origin, and the cookie instead of ?token=', async () => {
    const byOrigin = await connect(apiUrl(server), { origin: `http://localhost:${server.port}` });
    expect('socket' in byOrigin).toBe(true);
    if ('socket' in byOrigin) sockets.push(byOrigin.socket);
    const byCookie = await connect(apiUrl(server, null), { headers: { cookie: `arrayscope-token-${server.port}=${server.token}` } });
    expect('socket' in byCookie).toBe(true);
    if ('socket' in byCookie) sockets.push(byCookie.socket);
  });

  it('refuses upgrades on other paths', async () => {
    expect(await connect(`ws://127.0.0.1:${server.port}/other?token=${server.token}`)).toEqual({ refused: 404 });
  });

  it(`refuses connection ${MAX_CONNECTIONS + 1} with 503 and admits again once one closes`, async () => {
    await eventually(() => server.connectionCount === 0);
    const peers = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => client()));
    expect(await connect(apiUrl(server))).toEqual({ refused: 503 });
    peers[0]!.close();
    await eventually(() => server.connectionCount < MAX_CONNECTIONS);
    await client();
  });
});

describe('calls', () => {
  it('answers hello through the service, which got the serve options', async () => {
    const socket = await client();
    const result = await socket.call('hello', {});
    expect(result).toEqual({
      ok: true,
      value: { host: 'serve', version: 'stub', allowWrites: false, initialFiles: [path.join(base, 'outside', 'named.npy')], root, platform: process.platform },
    });
    const record = records.at(-1)!;
    expect(record.options.host).toBe('serve');
    expect(record.options.allowWrites).toBe(false);
  });

  it('round-trips typed arrays (bytes, NaN, -0, ±Infinity) and sends progress events', async () => {
    const socket = await client();
    const page = await socket.call('page', { session: 's', view: {}, row0: 2, rowCount: 3, col0: 1, colCount: 4 });
    if (!page.ok) throw new Error(page.error.message);
    const bytes = (page.value as { bytes: Uint8Array }).bytes;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes)).toEqual(Array.from({ length: 96 }, (_, i) => (3 + i) & 0xff));
    const call = socket.send('histogram', { session: 's', bins: 5 });
    const hist = await socket.result(call);
    if (!hist.ok) throw new Error(hist.error.message);
    const { edges, counts } = hist.value as { edges: Float64Array; counts: Float64Array };
    expect(edges).toBeInstanceOf(Float64Array);
    expect(Array.from(edges)).toEqual([Number.NaN, -0, Infinity, -Infinity, 1.5, Number.MIN_VALUE]);
    expect(Object.is(edges[1], -0)).toBe(true);
    expect(Array.from(counts)).toEqual([2, 2, 2, 2, 2]);
    expect(socket.events).toContainEqual({ name: 'progress', payload: { call, done: 5, total: 5 } });
  });

  it('delivers cancel to the handler’s AbortSignal', async () => {
    const socket = await client();
    const call = socket.send('stats', { session: 's' });
    await new Promise((r) => setTimeout(r, 20));
    expect(await socket.call('cancel', { call })).toEqual({ ok: true, value: null });
    expect(errorOf(await socket.result(call)).kind).toBe('cancelled');
    expect(records.at(-1)!.aborted).toEqual([call]);
  });

  it(`refuses long call ${MAX_CONCURRENT_LONG + 1} while ${MAX_CONCURRENT_LONG} run, with too-large`, async () => {
    const socket = await client();
    const running = Array.from({ length: MAX_CONCURRENT_LONG }, (_, i) =>
      i % 2 === 0 ? socket.send('stats', { session: 's' }) : socket.send('series', { session: 's', view: {}, column: { col: 0 }, start: 0, end: 10, buckets: 4 }),
    );
    const extra = await socket.call('stats', { session: 's' });
    expect(errorOf(extra).kind).toBe('too-large');
    for (const call of running) await socket.call('cancel', { call });
    for (const call of running) expect(errorOf(await socket.result(call)).kind).toBe('cancelled');
  });

  it(`refuses call ${MAX_INFLIGHT_PER_CONNECTION + 1} in flight with too-large`, async () => {
    const socket = await client();
    const held = Array.from({ length: MAX_INFLIGHT_PER_CONNECTION }, () => socket.send('describe', { session: 's' }));
    expect(errorOf(await socket.call('describe', { session: 's' })).kind).toBe('too-large');
    records.at(-1)!.releaseDescribes();
    for (const call of held) expect(errorOf(await socket.result(call)).kind).toBe('closed');
    expect((await socket.call('hello', {})).ok).toBe(true);
  });

  it('refuses write methods without --allow-write', async () => {
    const socket = await client();
    const err = errorOf(await socket.call('saveAs', { session: 's', path: path.join(root, 'copy.npy') }));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toContain('--allow-write');
    expect(errorOf(await socket.call('create', { path: path.join(root, 'n.npy'), format: 'npy', dtype: '<f8', shape: [2] })).kind).toBe('forbidden');
  });
});

describe('the path policy reaches the service', () => {
  it('refuses traversal, symlink escape and files neither named nor under the root', async () => {
    const socket = await client();
    for (const p of ['../../etc/passwd', path.join(root, 'escape.npy'), path.join(base, 'outside', 'secret.npy'), '/etc/passwd']) {
      const err = errorOf(await socket.call('probe', { path: p }));
      expect(err.kind, p).toBe('forbidden');
      expect(err.message, p).toContain(p);
    }
    expect(errorOf(await socket.call('listFiles', { dir: base })).kind).toBe('forbidden');
  });

  it('allows files under the root and the named file, and lists the root', async () => {
    const socket = await client();
    expect(await socket.call('probe', { path: 'a.npy' })).toMatchObject({ ok: true, value: { path: path.join(root, 'a.npy') } });
    expect(await socket.call('probe', { path: path.join(base, 'outside', 'named.npy') })).toMatchObject({ ok: true });
    expect(await socket.call('listFiles', { dir: null })).toMatchObject({ ok: true, value: { dir: root } });
  });
});

describe('hostile input', () => {
  it('answers bad-request for a malformed frame whose call id is readable, drops the rest, closes nothing', async () => {
    const socket = await client();
    // A header naming attachment 0, which the table does not have.
    const header = new TextEncoder().encode(JSON.stringify({ m: { t: 'call', call: 'bad1', method: 'hello', input: { $b: 0 } }, a: [] }));
    const frame = new Uint8Array(8 + header.byteLength);
    new DataView(frame.buffer).setUint32(0, header.byteLength, true);
    frame.set(header, 4);
    socket.ws.send(frame);
    expect(errorOf(await socket.result('bad1')).kind).toBe('bad-request');
    socket.ws.send(new Uint8Array([1, 2])); // unreadable: dropped
    socket.ws.send(new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0])); // length past the end: dropped
    socket.ws.send(encodeFrame({ t: 'result', call: 'bad2', result: null })); // wrong direction
    expect(errorOf(await socket.result('bad2')).kind).toBe('bad-request');
    expect(errorOf(await socket.call('noSuchMethod', {})).kind).toBe('bad-request');
    expect(errorOf(await socket.call('probe', { path: 42 })).kind).toBe('bad-request');
    expect((await socket.call('hello', {})).ok).toBe(true);
  });

  it('closes a peer that sends a text frame (1003)', async () => {
    const socket = await client();
    socket.ws.send('{"t":"call"}');
    expect((await socket.closed).code).toBe(1003);
  });

  it('closes a peer that sends more than 1 MiB (1009) and keeps serving others', async () => {
    const big = await client();
    const other = await client();
    big.ws.send(new Uint8Array((1 << 20) + 1));
    expect((await big.closed).code).toBe(1009);
    expect((await other.call('hello', {})).ok).toBe(true);
    expect((await (await client()).call('hello', {})).ok).toBe(true);
  });
});

describe('lifetime', () => {
  it('closing the socket aborts in-flight calls and disposes that peer’s service', async () => {
    const socket = await client();
    expect((await socket.call('hello', {})).ok).toBe(true);
    const record = records.at(-1)!;
    const call = socket.send('stats', { session: 's' });
    await new Promise((r) => setTimeout(r, 20));
    expect(record.disposed).toBe(0);
    socket.close();
    await eventually(() => record.disposed === 1);
    expect(record.aborted).toEqual([call]);
  });

  it('close() shuts every peer (1001), disposes every service and stops listening', async () => {
    const { server: own, records: ownRecords } = await startStubServer({ staticDir, root });
    const a = await open(apiUrl(own));
    const b = await open(apiUrl(own));
    expect((await a.call('hello', {})).ok).toBe(true);
    await own.close();
    expect(ownRecords.map((r) => r.disposed)).toEqual([1, 1]);
    expect((await a.closed).code).toBe(1001);
    expect((await b.closed).code).toBe(1001);
    await expect(connect(apiUrl(own))).rejects.toThrow(/ECONNREFUSED/);
    await own.close(); // idempotent
  });

  it('with --allow-write, write methods reach the service and its policy', async () => {
    const { server: own, records: ownRecords } = await startStubServer({ staticDir, root, allowWrite: true });
    try {
      const socket = await open(apiUrl(own));
      expect(await socket.call('saveAs', { session: 's', path: path.join(root, 'copy.npy') })).toEqual({ ok: true, value: { path: path.join(root, 'copy.npy'), bytes: 0 } });
      expect(errorOf(await socket.call('saveAs', { session: 's', path: path.join(base, 'outside', 'x.npy') })).kind).toBe('forbidden');
      expect(ownRecords[0]!.options.allowWrites).toBe(true);
    } finally {
      await own.close();
    }
  });
});

describe('peers that stop reading', () => {
  it('drops a peer that does not answer heartbeat pings and disposes its service', async () => {
    const { server: own, records: ownRecords } = await startStubServer({ staticDir, root, limits: { heartbeatMs: 50 } });
    try {
      const socket = await open(apiUrl(own));
      expect((await socket.call('hello', {})).ok).toBe(true);
      socket.ws.pause(); // stops reading: pings go unanswered, like a dead ssh tunnel
      await eventually(() => ownRecords[0]!.disposed === 1);
      expect(own.connectionCount).toBe(0);
      socket.ws.resume();
      expect((await socket.closed).code).toBe(1006);
    } finally {
      await own.close();
    }
  });

  it('disconnects a peer that leaves more than the buffered-bytes cap unread', async () => {
    const { server: own, records: ownRecords, logs } = await startStubServer({ staticDir, root, limits: { maxBufferedBytes: 1 << 20 } });
    try {
      const socket = await open(apiUrl(own));
      expect((await socket.call('hello', {})).ok).toBe(true);
      socket.ws.pause();
      // 64 pages of 512 KiB: 32 MiB, far more than loopback socket buffers absorb.
      for (let i = 0; i < 64; i++) socket.send('page', { session: 's', view: {}, row0: i, rowCount: 256, col0: 0, colCount: 256 });
      await eventually(() => ownRecords[0]!.disposed === 1);
      expect(logs.some((line) => line.includes('unread'))).toBe(true);
      socket.ws.terminate();
    } finally {
      await own.close();
    }
  });
});
