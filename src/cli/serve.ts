/**
 * `arrayscope serve`: the same UI in a browser, for data on a remote machine. With no files and
 * no --root it serves the demo arrays, so a newcomer sees it working at once.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArrayscopeError } from '../shared/errors.js';
import { ensureDemo } from '../core/demo.js';
import { createService } from '../core/service.js';
import { sessions } from '../core/store.js';
import { installSignalHandlers, startServer } from '../server/server.js';
import { type Flags, parseCount } from './args.js';

export const DEFAULT_PORT = 8765;

/** The built renderer: out/renderer of the package this module belongs to. */
export function rendererDirectory(): string {
  const override = process.env.ARRAYSCOPE_RENDERER_DIR;
  if (override) {
    if (!existsSync(path.join(override, 'index.html'))) {
      throw new ArrayscopeError('not-found', `ARRAYSCOPE_RENDERER_DIR='${override}' has no index.html`);
    }
    return override;
  }
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'out', 'renderer', 'index.html');
    if (existsSync(candidate)) return path.dirname(candidate);
    dir = path.dirname(dir);
  }
  throw new ArrayscopeError('not-found', 'the browser UI is not built (out/renderer is missing); run `npm run build` first');
}

export async function serve(files: string[], flags: Flags): Promise<void> {
  let root = flags.root ?? null;
  let served = files.map((f) => path.resolve(f));
  if (served.length === 0 && root === null && !flags['no-demo']) {
    const demo = await ensureDemo((m) => process.stderr.write(`${m}\n`));
    served = demo.files;
    root = demo.dir;
  }
  for (const file of served) {
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info) throw new ArrayscopeError('not-found', `'${file}' does not exist`);
    if (!info.isFile()) throw new ArrayscopeError('bad-value', `'${file}' is not a file (use --root to serve a directory)`);
  }
  const host = flags.host ?? '127.0.0.1';
  const port = flags.port === undefined ? DEFAULT_PORT : parseCount(flags.port, '--port');
  const server = await startServer({
    files: served,
    root,
    host,
    port,
    allowWrite: flags['allow-write'] ?? false,
    staticDir: rendererDirectory(),
    createService: (options) => createService(options),
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') throw new ArrayscopeError('io', `cannot listen on ${host}:${port}: the port is in use; choose another with --port N (0 picks a free one)`);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new ArrayscopeError('bad-value', `cannot listen on ${host}: no such address on this machine`);
    throw err;
  });
  process.stdout.write(`Arrayscope is serving ${served.length} file(s)${root ? ` and ${root}` : ''}${flags['allow-write'] ? ' (writes allowed)' : ' (read-only)'}\n`);
  process.stdout.write(`Open this URL in a browser (it carries the access token):\n\n    ${server.url}\n\n`);
  installSignalHandlers({
    close: async () => {
      await server.close();
      sessions.closeAll();
    },
  });
  await new Promise<never>(() => undefined); // serve until a signal arrives
}
