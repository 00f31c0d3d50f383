/**
 * The serve-mode gatekeeping that does not depend on files: the access token (like Jupyter's),
 * the Host allow-list (no DNS rebinding), the WebSocket Origin check (no cross-site WebSocket)
 * and the headers every response carries.
 *
 * Invariant: nothing is served and no socket is upgraded unless `checkHost` passed and the request
 * carried the token (query `?token=` or the cookie set by the first authenticated page load).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import os from 'node:os';

/** 24 random bytes, base64url: 32 URL-safe characters. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Constant-time token comparison. Both sides are hashed first so the comparison time does not
 * depend on where they differ or on their lengths (timingSafeEqual needs equal lengths).
 */
export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 1024) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Cookies are not isolated by port, so the name carries the port: two servers never clobber each other. */
export function cookieName(port: number): string {
  return `arrayscope-token-${port}`;
}

export function authCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface Credentials {
  /** The `?token=` query parameter, when present. */
  readonly query: string | null;
  readonly cookie: string | null;
}

export function credentialsOf(req: IncomingMessage, port: number): Credentials {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const query = q === -1 ? null : new URLSearchParams(target.slice(q + 1).split('#')[0]).get('token');
  return { query, cookie: parseCookies(req.headers.cookie).get(cookieName(port)) ?? null };
}

/** Either credential suffices; both are compared in constant time. */
export function isAuthenticated(token: string, credentials: Credentials): boolean {
  const byQuery = tokensEqual(token, credentials.query);
  const byCookie = tokensEqual(token, credentials.cookie);
  return byQuery || byCookie;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** `[::1]` for IPv6 literals, the name otherwise, lower-cased. */
function hostLiteral(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare.includes(':') ? `[${bare}]` : bare;
}

/**
 * The `host:port` values a request's Host header may carry. Loopback names always; the --host value
 * too; for a wildcard bind (0.0.0.0, ::) also this machine's interface addresses and host name,
 * since the browser then reaches us by one of those.
 */
export function allowedHosts(bindHost: string, port: number): ReadonlySet<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', hostLiteral(bindHost)]);
  if (WILDCARD_HOSTS.has(bindHost)) {
    names.add(os.hostname().toLowerCase());
    for (const list of Object.values(os.networkInterfaces())) {
      for (const info of list ?? []) names.add(hostLiteral(info.address.split('%')[0]!));
    }
  }
  names.delete('');
  names.delete('[]');
  return new Set([...names].map((name) => `${name}:${port}`));
}

/** The Host header, normalised, when it is one of ours; null otherwise (DNS rebinding, missing). */
export function checkHost(req: IncomingMessage, allowed: ReadonlySet<string>): string | null {
  const host = req.headers.host?.toLowerCase();
  return host && allowed.has(host) ? host : null;
}

/**
 * A WebSocket's Origin must be http(s)://<an allowed host>. Browsers always send Origin on a
 * WebSocket handshake, so a cross-site page is always refused; a missing Origin means a non-browser
 * client (which still needs the token).
 */
export function checkOrigin(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const port = url.port || (url.protocol === 'http:' ? '80' : '443');
  return allowed.has(`${url.hostname.toLowerCase()}:${port}`);
}

/** The Content-Security-Policy for `host` (an allowed `host:port`, already checked). */
export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://${host}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response, refusals included. */
export function securityHeaders(host: string): OutgoingHttpHeaders {
  return {
    'Content-Security-Policy': contentSecurityPolicy(host),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
