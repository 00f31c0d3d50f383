/**
 * Serves the built renderer (normally out/renderer) read-only: GET/HEAD only, `index.html` at `/`,
 * correct MIME types, 404 for anything that is not a regular file inside the static directory.
 *
 * Invariant: the file served is inside realpath(staticDir) after percent-decoding and symlink
 * resolution; a `..` segment (also as `%2e%2e`), a backslash or a NUL byte is refused before any
 * filesystem access.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import path from 'node:path';
import { isInside } from './policy.js';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function sendText(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/**
 * The path part of a request target, exactly as sent. (WHATWG URL parsing would silently resolve
 * `..` and `%2e%2e`; traversal attempts are refused explicitly instead.)
 */
export function rawPathname(target: string | undefined): string {
  const t = target ?? '/';
  const end = t.search(/[?#]/);
  return end === -1 ? t : t.slice(0, end);
}

/**
 * The URL path as a list of safe segments, or null when it is not acceptable (traversal, encoded
 * separators, NUL, bad percent-encoding). `/` becomes `index.html`.
 */
export function staticSegments(urlPath: string): string[] | null {
  const raw = urlPath.split('/').filter((s) => s !== '');
  const segments: string[] = [];
  for (const part of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) return null;
    segments.push(decoded);
  }
  return segments.length === 0 ? ['index.html'] : segments;
}

export class StaticFiles {
  constructor(private readonly dir: string) {}

  /** Serves `urlPath`; `headers` (the security headers) go on every response. */
  async serve(req: IncomingMessage, res: ServerResponse, urlPath: string, headers: OutgoingHttpHeaders): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'method not allowed\n', { ...headers, Allow: 'GET, HEAD' });
      return;
    }
    const segments = staticSegments(urlPath);
    if (segments === null) {
      sendText(res, 403, 'forbidden path\n', headers);
      return;
    }
    const file = await this.locate(segments);
    if (file === null) {
      sendText(res, 404, 'not found\n', headers);
      return;
    }
    const isIndex = segments.length === 1 && segments[0] === 'index.html';
    res.writeHead(200, {
      ...headers,
      'Content-Type': mimeType(file.path),
      'Content-Length': file.size,
      // index.html carries no token but must never be cached; built assets are content-hashed.
      'Cache-Control': isIndex ? 'no-store' : 'private, no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  /** The real path and size of a regular file inside the static directory, or null. */
  private async locate(segments: readonly string[]): Promise<{ path: string; size: number } | null> {
    try {
      // Resolved per request: the renderer may be rebuilt (or built late) while the server runs.
      const root = await realpath(this.dir);
      const real = await realpath(path.join(root, ...segments));
      if (!isInside(root, real)) return null;
      const info = await stat(real);
      return info.isFile() ? { path: real, size: info.size } : null;
    } catch {
      return null;
    }
  }
}
