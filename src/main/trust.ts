/**
 * Which URLs count as "our renderer". Pure functions (no Electron imports) so the rules are
 * unit-tested directly. The renderer is either the built file (file://…/out/renderer/index.html)
 * or, in `electron-vite dev` only, the local dev server (ELECTRON_RENDERER_URL).
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether `candidate` is the page we load. For file: the exact same file (query and hash may
 * differ: the UI may route with them); for the dev server the same origin.
 */
export function isRendererUrl(candidate: string, rendererUrl: string): boolean {
  const want = parse(rendererUrl);
  const got = parse(candidate);
  if (!want || !got || got.protocol !== want.protocol) return false;
  if (want.protocol === 'file:') {
    return got.host === want.host && fileURLToPath(got) === fileURLToPath(want);
  }
  if (want.protocol === 'http:' || want.protocol === 'https:') return got.origin === want.origin;
  return false;
}

/**
 * The dev server URL, only when running unpackaged and only on a loopback http address: a
 * packaged app must never be redirected to another page by an environment variable.
 */
export function devServerUrl(env: NodeJS.ProcessEnv, isPackaged: boolean): string | null {
  const raw = env['ELECTRON_RENDERER_URL'];
  if (isPackaged || !raw) return null;
  const url = parse(raw);
  if (!url || url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  return url.href;
}

/** The URL of the built renderer page, given the directory of the main bundle (out/main). */
export function builtRendererUrl(mainDir: string): string {
  return pathToFileURL(join(mainDir, '..', 'renderer', 'index.html')).href;
}
