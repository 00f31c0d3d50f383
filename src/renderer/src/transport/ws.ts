/**
 * The browser side of `arrayscope serve`: a Transport (src/shared/client.ts) over one WebSocket
 * to `/api`. Calls are matched to results by call id; pushed events go to every subscriber.
 *
 * Reconnect-free by design: when the socket closes, every pending call (and every later one)
 * resolves with an `io` error saying so; the page is reloaded to reconnect (the server disposed
 * this peer's sessions anyway). The token comes from the page URL `?token=` and is kept for the
 * socket URL; without it the browser's cookie (set by the first authenticated page load) is used.
 *
 * Written against a minimal WebSocket shape so it runs in the browser and, in tests, in Node with
 * the `ws` package's WebSocket injected.
 */
import { fail, type Result } from '../../../shared/errors.js';
import type { MethodName } from '../../../shared/methods.js';
import type { Transport } from '../../../shared/client.js';
import { decodeFrame, encodeFrame } from '../../../shared/wire.js';

/** A handler type checked bivariantly, so both DOM and `ws` event types fit it. */
type Listener<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of the WebSocket API this transport uses (browser WebSocket and `ws` both have it). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: Listener<unknown> | null;
  onmessage: Listener<{ data: unknown }> | null;
  onclose: Listener<{ code: number; reason: string }> | null;
  onerror: Listener<unknown> | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WebSocketTransportOptions {
  /** The page URL (default: location.href). Its `?token=` and host pick the socket URL. */
  readonly pageUrl?: string;
  /** Default: the browser's global WebSocket. */
  readonly WebSocket?: WebSocketConstructor;
}

const OPEN = 1;

/** The token in a page URL's query, or null. */
export function tokenFromUrl(pageUrl: string): string | null {
  return new URL(pageUrl).searchParams.get('token');
}

/** `ws(s)://host/api[?token=…]` for a page served at `pageUrl`. */
export function apiUrl(pageUrl: string, token: string | null): string {
  const page = new URL(pageUrl);
  const url = new URL('/api', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return url.toString();
}

function frameBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

export class WebSocketTransport implements Transport {
  readonly label: string;
  private readonly socket: WebSocketLike;
  private readonly pending = new Map<string, (result: Result<unknown>) => void>();
  private readonly eventHandlers = new Set<(name: string, payload: unknown) => void>();
  private readonly closeHandlers = new Set<(reason: string) => void>();
  private readonly queue: Uint8Array[] = [];
  private closedReason: string | null = null;

  constructor(options: WebSocketTransportOptions = {}) {
    const globals = globalThis as { location?: { href: string }; WebSocket?: WebSocketConstructor };
    const pageUrl = options.pageUrl ?? globals.location?.href;
    const Ctor = options.WebSocket ?? globals.WebSocket;
    if (pageUrl === undefined || Ctor === undefined) throw new Error('WebSocketTransport needs a page URL and a WebSocket implementation');
    const url = apiUrl(pageUrl, tokenFromUrl(pageUrl));
    this.label = apiUrl(pageUrl, null);
    this.socket = new Ctor(url);
    this.socket.binaryType = 'arraybuffer';
    this.socket.onopen = () => this.flushQueue();
    this.socket.onmessage = (event) => this.onFrame(event.data);
    this.socket.onclose = (event) => this.onClosed(event.code, event.reason);
    this.socket.onerror = () => {}; // always followed by close, which reports it
  }

  request(method: MethodName, call: string, input: unknown): Promise<unknown> {
    if (this.closedReason !== null) return Promise.resolve(fail('io', this.closedReason));
    if (this.pending.has(call)) return Promise.resolve(fail('bad-request', `call id ${call} is already pending`));
    let frame: Uint8Array;
    try {
      frame = encodeFrame({ t: 'call', call, method, input });
    } catch (err) {
      return Promise.resolve(fail('bad-request', `${method}: the input could not be encoded (${err instanceof Error ? err.message : String(err)})`));
    }
    return new Promise((resolve) => {
      this.pending.set(call, resolve);
      if (this.socket.readyState === OPEN) this.socket.send(frame);
      else this.queue.push(frame);
    });
  }

  onEvent(handler: (name: string, payload: unknown) => void): () => void {
    this.eventHandlers.add(handler);
    return () => this.eventHandlers.delete(handler);
  }

  /** Called once when the connection is lost, with the message pending calls got. */
  onClose(handler: (reason: string) => void): () => void {
    if (this.closedReason !== null) handler(this.closedReason);
    else this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /** Whether the connection is gone (then every call fails with `io`). */
  get closed(): boolean {
    return this.closedReason !== null;
  }

  close(): void {
    this.socket.close(1000, 'closed by the page');
    this.onClosed(1000, 'closed by the page');
  }

  private flushQueue(): void {
    for (const frame of this.queue.splice(0)) this.socket.send(frame);
  }

  private onFrame(data: unknown): void {
    const bytes = frameBytes(data);
    if (bytes === null) return; // text frames are not part of the protocol
    let message: { t?: unknown; call?: unknown; result?: unknown; name?: unknown; payload?: unknown };
    try {
      message = (decodeFrame(bytes) ?? {}) as typeof message;
    } catch {
      return; // a malformed frame is dropped; the call it belonged to (if any) cannot be known
    }
    if (message.t === 'result' && typeof message.call === 'string') {
      const resolve = this.pending.get(message.call);
      this.pending.delete(message.call);
      resolve?.(message.result as Result<unknown>);
    } else if (message.t === 'event' && typeof message.name === 'string') {
      for (const handler of this.eventHandlers) {
        try {
          handler(message.name, message.payload);
        } catch (err) {
          console.error('arrayscope: an event handler failed', err); // one bad subscriber must not starve the others
        }
      }
    }
  }

  private onClosed(code: number, reason: string): void {
    if (this.closedReason !== null) return;
    const why = reason ? `: ${reason}` : '';
    this.closedReason = `the connection to the arrayscope server closed (code ${code}${why}); reload the page to reconnect`;
    this.queue.length = 0;
    for (const resolve of this.pending.values()) resolve(fail('io', this.closedReason));
    this.pending.clear();
    for (const handler of this.closeHandlers) handler(this.closedReason);
    this.closeHandlers.clear();
  }
}

/** The serve-mode Transport for this page (counterpart of createIpcTransport in ipc.ts). */
export function createWebSocketTransport(options: WebSocketTransportOptions = {}): WebSocketTransport {
  return new WebSocketTransport(options);
}
