/**
 * `arrayscope serve`: the built renderer over HTTP and the contract over a WebSocket at `/api`,
 * for data on a remote machine (users ssh-forward the port, as with Jupyter).
 *
 * Every HTTP request and WebSocket upgrade passes, in order: the Host allow-list (no DNS
 * rebinding), the token (query or cookie, constant-time), and for upgrades the Origin check and the
 * connection cap. Refusals are 403 with a short plain body (503 when the server is full).
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import { ArrayscopeError } from '../shared/errors.js';
import type { Service, ServiceOptions } from '../core/service-types.js';
import { Connection, type ConnectionOptions } from './connection.js';
import { createServePolicy, resolveRoot } from './policy.js';
import {
  allowedHosts,
  authCookie,
  checkHost,
  checkOrigin,
  credentialsOf,
  generateToken,
  isAuthenticated,
  securityHeaders,
  tokensEqual,
} from './security.js';
import { rawPathname, sendText, StaticFiles } from './static.js';

export const API_PATH = '/api';
/** Client messages above this are refused by ws (the connection is closed with 1009). */
export const MAX_MESSAGE_BYTES = 1 << 20;
export const MAX_CONNECTIONS = 16;
export const MAX_INFLIGHT_PER_CONNECTION = 64;
export const MAX_CONCURRENT_LONG = 4;
/** A peer that leaves this much unread on its socket is disconnected (pages are ≤ 8 MiB each). */
export const MAX_BUFFERED_BYTES = 128 << 20;
const HEARTBEAT_MS = 30_000;
const CLOSE_GRACE_MS = 1000;

export interface ServerOptions {
  /** Files named on the command line: openable even outside --root. */
  readonly files: readonly string[];
  readonly root?: string | null;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks a free port (the CLI's default is 8765). */
  readonly port?: number;
  readonly allowWrite?: boolean;
  /** The built renderer (normally out/renderer). */
  readonly staticDir: string;
  readonly createService: (options: ServiceOptions) => Service;
  /** Fixed token (tests, or a user who wants a stable URL); random otherwise. */
  readonly token?: string;
  /** Where server-side problems are reported; default console.error. */
  readonly log?: (message: string) => void;
  /** Overrides the caps above (tests). */
  readonly limits?: Partial<{ maxConnections: number; maxInflight: number; maxConcurrentLong: number; maxBufferedBytes: number; heartbeatMs: number }>;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT/?token=…`: the URL to print and open. */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  /** Open WebSocket peers (diagnostics and tests). */
  readonly connectionCount: number;
  /** Closes every connection and its service (so every mapping is unmapped), then the server. Idempotent. */
  close(): Promise<void>;
}

/** How a host goes into a URL: IPv6 literals in brackets, wildcard binds as 127.0.0.1. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function refuseUpgrade(socket: Duplex, status: 403 | 404 | 503, body: string, headers: OutgoingHttpHeaders): void {
  const reason = { 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status];
  const all = { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close' };
  const lines = Object.entries(all).map(([k, v]) => `${k}: ${String(v)}`);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
}

type Limits = Required<NonNullable<ServerOptions['limits']>>;
type Gate = { refused: string; headers: OutgoingHttpHeaders } | { refused: null; headers: OutgoingHttpHeaders };

/** The listening server: admission, static files, WebSocket peers. */
class ServeServer {
  readonly http = createServer();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  readonly connections = new Set<Connection>();
  private upgrading = 0; // handshakes under way, counted against the connection cap too
  private port = 0;
  private allowed: ReadonlySet<string> = new Set();
  private heartbeat: NodeJS.Timeout | undefined;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly bindHost: string,
    readonly token: string,
    private readonly staticFiles: StaticFiles,
    private readonly connectionOptions: ConnectionOptions,
    private readonly limits: Limits,
  ) {
    this.http.on('request', (req, res) => this.onRequest(req, res));
    this.http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  get canonicalHost(): string {
    return `${urlHost(this.bindHost)}:${this.port}`;
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, this.bindHost, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.http.on('error', (err) => this.connectionOptions.log(`server error: ${err.message}`));
    const address = this.http.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    this.allowed = allowedHosts(this.bindHost, this.port);
    this.heartbeat = setInterval(() => this.connections.forEach((c) => c.ping()), this.limits.heartbeatMs);
    this.heartbeat.unref();
    return this.port;
  }

  /** Host check, then token check (query or cookie): shared by requests and upgrades. */
  private gate(req: IncomingMessage): Gate {
    const host = checkHost(req, this.allowed);
    const headers = securityHeaders(host ?? this.canonicalHost);
    if (host === null) return { refused: 'forbidden: unexpected Host header\n', headers };
    if (!isAuthenticated(this.token, credentialsOf(req, this.port))) return { refused: 'forbidden: missing or invalid token\n', headers };
    return { refused: null, headers };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const { refused, headers } = this.gate(req);
    if (refused !== null) return sendText(res, 403, refused, headers);
    // The first authenticated page load (token in the URL) sets the cookie the page's assets need.
    if (tokensEqual(this.token, credentialsOf(req, this.port).query)) headers['Set-Cookie'] = authCookie(this.port, this.token);
    const pathname = rawPathname(req.url);
    if (pathname === API_PATH) return sendText(res, 426, 'upgrade required: the API is a WebSocket\n', { ...headers, Upgrade: 'websocket' });
    this.staticFiles.serve(req, res, pathname, headers).catch((err: unknown) => {
      this.connectionOptions.log(`static file error: ${errorText(err)}`);
      if (!res.headersSent) sendText(res, 500, 'internal error\n', headers);
      else res.destroy();
    });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const { refused, headers } = this.gate(req);
    if (refused !== null) return refuseUpgrade(socket, 403, refused, headers);
    if (rawPathname(req.url) !== API_PATH) return refuseUpgrade(socket, 404, 'not found\n', headers);
    if (!checkOrigin(req.headers.origin, this.allowed)) return refuseUpgrade(socket, 403, 'forbidden: cross-origin WebSocket\n', headers);
    if (this.closing || this.connections.size + this.upgrading >= this.limits.maxConnections) {
      return refuseUpgrade(socket, 503, 'too many connections\n', headers);
    }
    this.upgrading++;
    let counted = true;
    const settle = (): void => {
      if (counted) this.upgrading--;
      counted = false;
    };
    socket.once('close', settle); // a handshake that fails never reaches the callback
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      settle();
      this.adopt(ws);
    });
  }

  /** One socket = one Connection (Dispatcher + Service). */
  private adopt(ws: WebSocket): void {
    let connection: Connection;
    try {
      connection = new Connection(ws, this.connectionOptions);
    } catch (err) {
      this.connectionOptions.log(`could not start a session service: ${errorText(err)}`);
      ws.close(1011, 'the server could not start a session');
      return;
    }
    this.connections.add(connection);
    ws.on('close', () => this.connections.delete(connection));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.heartbeat);
      const all = [...this.connections];
      for (const c of all) c.close(1001, 'the server is shutting down');
      await Promise.all(all.map((c) => c.closed(CLOSE_GRACE_MS)));
      this.wss.close();
      this.http.closeAllConnections();
      await new Promise<void>((resolve) => this.http.close(() => resolve()));
    })();
    return this.closing;
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const limits: Limits = {
    maxConnections: MAX_CONNECTIONS,
    maxInflight: MAX_INFLIGHT_PER_CONNECTION,
    maxConcurrentLong: MAX_CONCURRENT_LONG,
    maxBufferedBytes: MAX_BUFFERED_BYTES,
    heartbeatMs: HEARTBEAT_MS,
    ...options.limits,
  };
  // The token goes into a URL and a cookie verbatim: URL-safe characters only.
  if (options.token !== undefined && !/^[A-Za-z0-9_-]{16,256}$/.test(options.token)) {
    throw new ArrayscopeError('bad-value', 'the server token must be 16 to 256 characters from A-Z a-z 0-9 _ -');
  }
  const allowWrite = options.allowWrite ?? false;
  const root = options.root ? await resolveRoot(options.root) : null;
  const connectionOptions: ConnectionOptions = {
    allowWrites: allowWrite,
    policy: await createServePolicy({ files: options.files, root, allowWrite }),
    initialFiles: options.files.map((f) => path.resolve(f)),
    root,
    createService: options.createService,
    maxConcurrentLong: limits.maxConcurrentLong,
    maxInflight: limits.maxInflight,
    maxBufferedBytes: limits.maxBufferedBytes,
    log: options.log ?? ((message: string) => console.error(`arrayscope serve: ${message}`)),
  };
  const server = new ServeServer(options.host ?? '127.0.0.1', options.token ?? generateToken(), new StaticFiles(options.staticDir), connectionOptions, limits);
  const port = await server.listen(options.port ?? 0);
  return {
    url: `http://${server.canonicalHost}/?token=${server.token}`,
    token: server.token,
    port,
    get connectionCount() {
      return server.connections.size;
    },
    close: () => server.close(),
  };
}

/**
 * Ctrl+C / SIGTERM close every connection and mapping cleanly, then exit 0. A second signal while
 * closing exits at once (1). Returns a function that removes the handlers.
 */
export function installSignalHandlers(server: Pick<RunningServer, 'close'>, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  let shuttingDown = false;
  const onSignal = (): void => {
    if (shuttingDown) return exit(1);
    shuttingDown = true;
    server.close().then(
      () => exit(0),
      (err: unknown) => {
        console.error(`arrayscope serve: error while shutting down: ${errorText(err)}`);
        exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
