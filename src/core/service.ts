/**
 * The contract's implementation over the engine. One service serves one peer (a window or a
 * socket): it remembers which sessions that peer opened, refuses the others, and closes them
 * when the peer goes away. Inputs arrive already validated by the Dispatcher; paths still pass
 * through the peer's PathPolicy here, because only the transport knows what a peer may touch.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenMode } from '../shared/array.js';
import type { Handlers } from '../shared/dispatch.js';
import { ArrayscopeError } from '../shared/errors.js';
import { VERSION } from '../shared/version.js';
import { rawLayout } from './formats/index.js';
import { sampleSessions } from './memory.js';
import { createArray, openSession, probePath } from './open.js';
import { exportView } from './export.js';
import { buildImagePyramid } from './image-pyramid.js';
import { buildPyramid } from './pyramid.js';
import { saveAsNpy } from './save.js';
import { computeHistogram, computeSeries, computeStats, computeTile, formatExtreme } from './scans.js';
import type { Service, ServiceOptions } from './service-types.js';
import type { Session } from './session.js';
import { type SessionStore, sessions as defaultStore } from './store.js';

const MEMORY_TICK_MS = 1000;
const MAX_LISTED = 10_000;

export function createService(options: ServiceOptions, store: SessionStore = defaultStore): Service {
  const owned = new Set<string>();
  const { policy } = options;

  const own = (id: string): Session => {
    if (!owned.has(id)) throw new ArrayscopeError('closed', `no open array with id '${id}'`);
    return store.get(id);
  };
  const checkMode = (mode: OpenMode): void => {
    if (mode !== 'r' && !options.allowWrites) {
      throw new ArrayscopeError('forbidden', `mode ${mode} can change files, and this server is read-only (start it with --allow-write)`);
    }
  };
  const adopt = (session: Session) => {
    store.add(session);
    owned.add(session.id);
    return session.info();
  };
  const announce = (session: Session) => {
    const info = session.info();
    options.emit('session', info);
    return info;
  };

  const handlers: Handlers = {
    hello: () => ({
      host: options.host,
      version: VERSION,
      allowWrites: options.allowWrites,
      initialFiles: [...options.initialFiles],
      root: options.root,
      platform: process.platform,
    }),
    listFiles: async ({ dir }) => listDirectory(await policy.listable(dir), options.initialFiles),
    pickFile: async ({ purpose, defaultPath }) => {
      if (!options.pickFile) throw new ArrayscopeError('unsupported', 'file dialogs exist only in the desktop app');
      return { path: await options.pickFile(purpose, defaultPath) };
    },
    probe: async ({ path: p }) => probePath(await policy.readable(p)),
    rawLayout: async ({ path: p, raw }) => {
      const file = await policy.readable(p);
      const { size } = await stat(file);
      const result = rawLayout(size, raw, file);
      return { shape: [...result.layout.shape], nbytes: result.nbytes, fileSize: size, warning: result.warning };
    },
    open: async (input, ctx) => {
      checkMode(input.mode);
      const file = await policy.readable(input.path);
      const session = await openSession({ ...input, path: file, signal: ctx.signal, onProgress: ctx.progress });
      if (ctx.signal.aborted) {
        session.close();
        throw new ArrayscopeError('cancelled', 'open was cancelled');
      }
      return adopt(session);
    },
    create: async (input, ctx) => {
      const file = await policy.writable(input.path);
      return adopt(await createArray({ ...input, path: file, signal: ctx.signal, onProgress: ctx.progress }));
    },
    close: ({ session }) => {
      if (owned.delete(session)) store.close(session);
      return null;
    },
    describe: ({ session }) => own(session).info(),
    listSessions: () => [...owned].map((id) => store.get(id).info()),
    view: ({ session, view }) => own(session).view(view).info,
    page: ({ session, view, row0, rowCount, col0, colCount }) => own(session).page(view, row0, rowCount, col0, colCount),
    setCell: ({ session, view, cell, text }) => {
      const s = own(session);
      s.setCell(view, cell, text);
      return announce(s);
    },
    undo: ({ session }) => {
      const s = own(session);
      s.undo();
      return announce(s);
    },
    redo: ({ session }) => {
      const s = own(session);
      s.redo();
      return announce(s);
    },
    edits: ({ session, limit }) => {
      const s = own(session);
      return { total: s.edits.changedCount, items: s.changedCells(limit) };
    },
    saveAs: async ({ session, path: p }, ctx) => {
      const s = own(session);
      const file = await policy.writable(p);
      if (s.mode !== 'c' && path.resolve(file) === path.resolve(s.source.mappedPath)) {
        throw new ArrayscopeError('bad-value', `'${file}' is the open file itself; in mode ${s.mode} use Flush instead of Save As`);
      }
      const bytes = await saveAsNpy(s, file, { signal: ctx.signal, onProgress: ctx.progress });
      s.markSaved();
      announce(s);
      return { path: file, bytes };
    },
    exportView: async ({ session, view, rows, cols, format, path: p }, ctx) => {
      const s = own(session);
      const file = await policy.writable(p);
      if (path.resolve(file) === path.resolve(s.source.mappedPath)) {
        throw new ArrayscopeError('bad-value', `'${file}' is the open file itself; export to a new file`);
      }
      const bytes = await exportView(s, { view, rows, cols, format, path: file, signal: ctx.signal, onProgress: ctx.progress });
      return { path: file, bytes };
    },
    discard: ({ session }) => {
      const s = own(session);
      s.discard();
      return announce(s);
    },
    flush: async ({ session }) => {
      const s = own(session);
      await s.flush();
      return announce(s);
    },
    stats: async ({ session, view, column, leaf }, ctx) => {
      const s = own(session);
      const r = await computeStats(s, { view, column, leaf }, { signal: ctx.signal, onProgress: ctx.progress });
      return {
        count: r.count,
        nanCount: r.nanCount,
        infCount: r.infCount,
        zeroCount: r.zeroCount,
        min: r.count ? formatExtreme(r.dtype, r.min, r.minExact) : 'nan',
        max: r.count ? formatExtreme(r.dtype, r.max, r.maxExact) : 'nan',
        mean: r.mean,
        std: r.std,
        elements: r.elements,
      };
    },
    series: ({ session, view, column, start, end, buckets }, ctx) =>
      computeSeries(own(session), view, column, start, end, buckets, { signal: ctx.signal, onProgress: ctx.progress }),
    buildPyramid: ({ session, view, column }, ctx) =>
      buildPyramid(own(session), view, column, { signal: ctx.signal, onProgress: ctx.progress }),
    histogram: ({ session, view, column, leaf, bins, range }, ctx) =>
      computeHistogram(own(session), { view, column, leaf }, bins, range, { signal: ctx.signal, onProgress: ctx.progress }),
    buildImagePyramid: ({ session, view, leaf }, ctx) =>
      buildImagePyramid(own(session), view, leaf, { signal: ctx.signal, onProgress: ctx.progress }),
    imageTile: ({ session, view, leaf, row0, rows, col0, cols, blockRows, blockCols }, ctx) =>
      computeTile(own(session), view, leaf, { row0, rows, col0, cols }, blockRows, blockCols, {
        signal: ctx.signal,
        onProgress: ctx.progress,
      }),
    memory: () => sampleSessions(store, options.processMetrics),
    residency: async ({ session, buckets }) => {
      const s = own(session);
      const [result, reliable] = await Promise.all([s.mapping.residency(buckets), residencyIsReliable(s.source.mappedPath)]);
      return { ...result, reliable };
    },
    release: ({ session, evict }) => {
      const s = own(session);
      s.mapping.advise('dontneed');
      if (evict) s.mapping.evict();
      return null;
    },
    prefetch: ({ session, offset, length }) => {
      const s = own(session);
      const clamped = Math.min(length, Math.max(0, s.mapping.size - offset));
      if (clamped > 0) s.mapping.advise('willneed', offset, clamped);
      return null;
    },
  };

  const timer = setInterval(() => options.emit('memory', sampleSessions(store, options.processMetrics)), MEMORY_TICK_MS);
  timer.unref?.();
  let disposed = false;
  return {
    handlers,
    dispose() {
      if (disposed) return;
      disposed = true;
      clearInterval(timer);
      for (const id of owned) store.close(id);
      owned.clear();
    },
  };
}

/**
 * Whether mincore tells the truth about this file's page cache. Since Linux 5.0 it does only
 * for files the caller owns or may write (or for root); otherwise every page reads as resident.
 */
async function residencyIsReliable(file: string): Promise<boolean> {
  if (process.platform !== 'linux') return true;
  const euid = process.geteuid?.() ?? -1;
  if (euid === 0) return true;
  const info = await stat(file).catch(() => null);
  if (info && info.uid === euid) return true;
  return access(file, constants.W_OK).then(
    () => true,
    () => false,
  );
}

async function listDirectory(dir: string | null, initialFiles: readonly string[]) {
  if (dir === null) {
    const entries = await Promise.all(
      initialFiles.map(async (f) => ({ name: path.basename(f), path: f, size: (await stat(f).catch(() => null))?.size ?? 0, isDir: false })),
    );
    return { dir: null, parent: null, entries };
  }
  const names = (await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new ArrayscopeError(err.code === 'ENOENT' ? 'not-found' : 'io', `cannot list '${dir}': ${err.message}`);
  })).slice(0, MAX_LISTED);
  const entries = [];
  for (const d of names) {
    if (d.name.startsWith('.')) continue;
    const full = path.join(dir, d.name);
    const info = await stat(full).catch(() => null);
    if (!info || !(info.isFile() || info.isDirectory())) continue;
    entries.push({ name: d.name, path: full, size: info.isFile() ? info.size : 0, isDir: info.isDirectory() });
  }
  entries.sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
  const parent = path.dirname(dir) === dir ? null : path.dirname(dir);
  return { dir, parent, entries };
}
