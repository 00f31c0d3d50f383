/**
 * One WebSocket peer = one Dispatcher + one Service. Frames are binary (shared/wire.ts); a
 * malformed frame closes nothing: it gets a `bad-request` result when its call id can be read and
 * is dropped otherwise. When the socket goes away every in-flight call is cancelled and the
 * service disposed, so that peer's mappings are closed.
 */
import type { RawData, WebSocket } from 'ws';
import type { EventName, EventPayload } from '../shared/contract.js';
import { Dispatcher } from '../shared/dispatch.js';
import { fail, type Result } from '../shared/errors.js';
import { decodeFrame, encodeFrame, type WireMessage } from '../shared/wire.js';
import type { PathPolicy, Service, ServiceOptions } from '../core/service-types.js';

export interface ConnectionOptions {
  readonly allowWrites: boolean;
  readonly policy: PathPolicy;
  readonly initialFiles: readonly string[];
  readonly root: string | null;
  readonly createService: (options: ServiceOptions) => Service;
  /** Long calls (scans, saves) running at once for this peer. */
  readonly maxConcurrentLong: number;
  /** Calls of any kind awaiting their result for this peer; more are refused with `too-large`. */
  readonly maxInflight: number;
  /** Bytes queued on the socket beyond which a peer that does not read is disconnected. */
  readonly maxBufferedBytes: number;
  readonly log: (message: string) => void;
}

const WS_OPEN = 1;
const MAX_CALL_ID = 64;

function validCallId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CALL_ID;
}

/**
 * The call id of a frame that failed to decode (bad attachment table, bad number token…), read
 * from its JSON header alone; null when even that is unreadable.
 */
export function peekCallId(frame: Uint8Array): string | null {
  try {
    if (frame.byteLength < 4) return null;
    const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
    if (4 + length > frame.byteLength) return null;
    const header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + length))) as { m?: { call?: unknown } };
    const call = header?.m?.call;
    return validCallId(call) ? call : null;
  } catch {
    return null;
  }
}

/**
 * ws hands over Node Buffers, whose `slice` is a view into a shared pool; decodeFrame relies on
 * `slice` copying, so it gets a plain Uint8Array over the same bytes.
 */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class Connection {
  private readonly dispatcher: Dispatcher;
  private readonly service: Service;
  private readonly inflight = new Set<string>();
  private disposed = false;
  private alive = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: ConnectionOptions,
  ) {
    this.service = options.createService({
      host: 'serve',
      allowWrites: options.allowWrites,
      policy: options.policy,
      initialFiles: options.initialFiles,
      root: options.root,
      emit: <E extends EventName>(name: E, payload: EventPayload<E>) => this.send({ t: 'event', name, payload }),
    });
    this.dispatcher = new Dispatcher(this.service.handlers, {
      allowWrites: options.allowWrites,
      maxConcurrentLong: options.maxConcurrentLong,
      emitProgress: (call, done, total) => this.send({ t: 'event', name: 'progress', payload: { call, done, total } }),
    });
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('pong', () => (this.alive = true));
    socket.on('close', () => this.dispose());
    socket.on('error', (err) => options.log(`websocket error: ${err.message}`));
  }

  /** Calls currently awaiting a result (for tests and diagnostics). */
  get pendingCalls(): number {
    return this.inflight.size;
  }

  /** Cancels in-flight calls and disposes the service (closing its mappings). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dispatcher.cancelAll();
    try {
      this.service.dispose();
    } catch (err) {
      this.options.log(`service.dispose failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Closes the socket (the peer sees `code`) and disposes at once, without waiting for the handshake. */
  close(code: number, reason: string): void {
    this.dispose();
    this.socket.close(code, reason);
  }

  /** Resolves when the socket has closed; terminates it after `graceMs` if the peer does not answer. */
  closed(graceMs: number): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.terminate(), graceMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Heartbeat: a peer that did not answer the previous ping (dead ssh tunnel) is dropped. */
  ping(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.disposed) return;
    if (!isBinary) {
      this.close(1003, 'binary frames only');
      return;
    }
    const bytes = toBytes(data);
    let message: unknown;
    try {
      message = decodeFrame(bytes);
    } catch (err) {
      const call = peekCallId(bytes);
      if (call !== null) this.sendResult(call, fail('bad-request', `malformed frame: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    const { t, call, method, input } = (message ?? {}) as { t?: unknown; call?: unknown; method?: unknown; input?: unknown };
    if (!validCallId(call)) return; // nothing to address a reply to
    if (t !== 'call') this.sendResult(call, fail('bad-request', 'expected a message {t: "call", call, method, input}'));
    else this.startCall(call, method, input);
  }

  private startCall(call: string, method: unknown, input: unknown): void {
    if (this.inflight.has(call)) {
      this.sendResult(call, fail('bad-request', `call id ${call} is already in use`));
      return;
    }
    if (this.inflight.size >= this.options.maxInflight) {
      this.sendResult(call, fail('too-large', `too many calls at once (limit ${this.options.maxInflight}); wait for some to finish`));
      return;
    }
    this.inflight.add(call);
    void this.dispatcher
      .handle(method, call, input)
      .then((result) => this.sendResult(call, result))
      .finally(() => this.inflight.delete(call));
  }

  private sendResult(call: string, result: Result<unknown>): void {
    this.send({ t: 'result', call, result });
  }

  private send(message: WireMessage): void {
    if (this.socket.readyState !== WS_OPEN) return;
    let frame: Uint8Array;
    try {
      frame = encodeFrame(message);
    } catch (err) {
      if (message.t !== 'result') return this.options.log(`dropped an unencodable ${message.t} message`);
      const reason = err instanceof Error ? err.message : String(err);
      frame = encodeFrame({ t: 'result', call: message.call, result: fail('internal', `the result could not be encoded: ${reason}`) });
    }
    if (this.socket.bufferedAmount + frame.byteLength > this.options.maxBufferedBytes) {
      // The peer is not reading: queueing more would let it make us hold unbounded memory.
      this.options.log(`disconnecting a peer with ${this.socket.bufferedAmount} bytes unread`);
      this.dispose();
      this.socket.terminate();
      return;
    }
    this.socket.send(frame, { binary: true });
  }
}
