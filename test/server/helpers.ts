/**
 * Shared pieces for the serve-mode tests: a recording stub Service (the real engine is not needed
 * to test the transport), a tiny static directory, raw HTTP requests with chosen headers, and a
 * WebSocket client that speaks the binary frame protocol.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { METHOD_NAMES } from '../../src/shared/methods.js';
import { ArrayscopeError, type Result } from '../../src/shared/errors.js';
import type { CallContext, Handlers } from '../../src/shared/dispatch.js';
import { decodeFrame, encodeFrame } from '../../src/shared/wire.js';
import type { Service, ServiceOptions } from '../../src/core/service-types.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/server.js';

export const INDEX_HTML = '<!doctype html><title>arrayscope</title><script type="module" src="/assets/app.js"></script>\n';
export const APP_JS = 'console.log("arrayscope");\n';

/** A fake renderer build: index.html and one asset. */
export function makeStaticDir(parent: string): string {
  const dir = path.join(parent, 'renderer');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(dir, 'assets', 'app.js'), APP_JS);
  writeFileSync(path.join(dir, 'assets', 'style.css'), 'body{}\n');
  return dir;
}

export interface StubRecord {
  readonly options: ServiceOptions;
  disposed: number;
  /** Calls whose handler saw its AbortSignal fire. */
  readonly aborted: string[];
  /** Resolves the `describe` calls held open (for the in-flight cap test). */
  releaseDescribes(): void;
}

/** Waits until aborted (long calls held open by the tests), then throws like a real cancel would. */
function untilAborted(ctx: CallContext, record: StubRecord): Promise<never> {
  return new Promise((_resolve, reject) => {
    ctx.signal.addEventListener('abort', () => {
      record.aborted.push(ctx.call);
      reject(new ArrayscopeError('cancelled', 'stopped'));
    });
  });
}

function stubHandlers(options: ServiceOptions, record: StubRecord, held: (() => void)[]): Handlers {
  const unsupported = Object.fromEntries(
    METHOD_NAMES.filter((n) => n !== 'cancel').map((n) => [n, () => Promise.reject(new ArrayscopeError('unsupported', `${n} is not in the stub`))]),
  );
  const { policy } = options;
  const overrides: Partial<Handlers> = {
    hello: () => ({ host: 'serve', version: 'stub', allowWrites: options.allowWrites, initialFiles: [...options.initialFiles], root: options.root, platform: process.platform }),
    probe: async ({ path: p }) => {
      const real = await policy.readable(p);
      return { path: real, fileName: path.basename(real), fileSize: 0, format: 'npy', members: null };
    },
    listFiles: async ({ dir }) => ({ dir: await policy.listable(dir), parent: null, entries: [] }),
    saveAs: async ({ path: p }) => ({ path: await policy.writable(p), bytes: 0 }),
    page: ({ row0, rowCount, col0, colCount }) => {
      const bytes = new Uint8Array(rowCount * colCount * 8);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (row0 + col0 + i) & 0xff;
      return { row0, rowCount, col0, colCount, itemsize: 8, bytes, revision: 3 };
    },
    histogram: ({ bins }, ctx) => {
      ctx.progress(bins, bins);
      return { edges: Float64Array.from([Number.NaN, -0, Infinity, -Infinity, 1.5, Number.MIN_VALUE]), counts: new Float64Array(bins).fill(2) };
    },
    stats: (_input, ctx) => untilAborted(ctx, record),
    series: (_input, ctx) => untilAborted(ctx, record),
    describe: () => new Promise((_resolve, reject) => held.push(() => reject(new ArrayscopeError('closed', 'released')))),
  };
  return { ...unsupported, ...overrides } as Handlers;
}

/** A createService that records every service it makes. */
export function stubServiceFactory(): { createService: (options: ServiceOptions) => Service; records: StubRecord[] } {
  const records: StubRecord[] = [];
  const createService = (options: ServiceOptions): Service => {
    const held: (() => void)[] = [];
    const record: StubRecord = { options, disposed: 0, aborted: [], releaseDescribes: () => held.splice(0).forEach((f) => f()) };
    records.push(record);
    return { handlers: stubHandlers(options, record, held), dispose: () => void record.disposed++ };
  };
  return { createService, records };
}

export async function startStubServer(
  options: Partial<ServerOptions> & Pick<ServerOptions, 'staticDir'>,
): Promise<{ server: RunningServer; records: StubRecord[]; logs: string[] }> {
  const { createService, records } = stubServiceFactory();
  const logs: string[] = [];
  const server = await startServer({ files: [], createService, log: (m) => logs.push(m), ...options });
  return { server, records, logs };
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET (or other method) with exactly the headers given (Host included). */
export function request(port: number, pathAndQuery: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathAndQuery, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function apiUrl(server: RunningServer, token: string | null = server.token): string {
  return `ws://127.0.0.1:${server.port}/api${token === null ? '' : `?token=${token}`}`;
}

/** Opens a socket; resolves with the HTTP status when the upgrade is refused, or the open socket. */
export function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<{ refused: number } | { socket: ApiSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => resolve({ socket: new ApiSocket(ws) }));
    ws.on('error', reject);
  });
}

export async function open(url: string, options: WebSocket.ClientOptions = {}): Promise<ApiSocket> {
  const r = await connect(url, options);
  if ('refused' in r) throw new Error(`upgrade refused with ${r.refused}`);
  return r.socket;
}

/** A raw protocol client: sends call frames, collects results by call id and events in order. */
export class ApiSocket {
  readonly events: { name: string; payload: unknown }[] = [];
  private readonly results = new Map<string, Result<unknown>>();
  private readonly waiters = new Map<string, (r: Result<unknown>) => void>();
  readonly closed: Promise<{ code: number; reason: string }>;
  private counter = 0;

  constructor(readonly ws: WebSocket) {
    ws.binaryType = 'arraybuffer';
    ws.on('message', (data: ArrayBuffer) => {
      const msg = decodeFrame(new Uint8Array(data)) as { t: string; call: string; result: Result<unknown>; name: string; payload: unknown };
      if (msg.t === 'event') this.events.push({ name: msg.name, payload: msg.payload });
      else if (msg.t === 'result') {
        const waiter = this.waiters.get(msg.call);
        if (waiter) waiter(msg.result);
        else this.results.set(msg.call, msg.result);
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  nextId(): string {
    return `t${++this.counter}`;
  }

  /** Sends a call and returns its id without waiting. */
  send(method: string, input: unknown, call = this.nextId()): string {
    this.ws.send(encodeFrame({ t: 'call', call, method, input }));
    return call;
  }

  result(call: string): Promise<Result<unknown>> {
    const ready = this.results.get(call);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiters.set(call, resolve));
  }

  call(method: string, input: unknown): Promise<Result<unknown>> {
    return this.result(this.send(method, input));
  }

  close(): void {
    this.ws.close();
  }
}

/** Polls until `check` is true (events that happen on the server side after a socket closes). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
