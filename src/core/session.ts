/**
 * One open array: its mapping, layout, views, edits and caches.
 *
 * Invariants:
 * - In mode `r` nothing is ever written (every edit path checks `editable` first, and the native
 *   mapping refuses writes too). In `c` the mapping is private: the file is never touched.
 * - `revision` changes whenever bytes visible through the mapping change (edit, undo, redo,
 *   discard), so pages and scan results tagged with an older revision are known to be stale.
 * - After `close()` every method fails with `closed`; close is idempotent.
 */
import path from 'node:path';
import { type ArrayFormat, type ArrayLayout, nbytes, type OpenMode } from '../shared/array.js';
import { type Descr, dtypeName } from '../shared/dtype.js';
import { ArrayscopeError } from '../shared/errors.js';
import type { Page, SessionInfo, ViewSpec } from '../shared/schemas.js';
import { validatePageRequest } from '../shared/paging.js';
import { type GridRegion, gridRegion } from '../shared/view.js';
import { formatScalar, parseScalar } from '../shared/values/index.js';
import { EditLog, type EditRecord } from './edits.js';
import type { Mapping } from './native.js';
import { type ResolvedView, ViewResolver } from './views.js';

export interface SessionSource {
  readonly path: string;
  /** The file actually mapped (differs from `path` for an extracted .npz member). */
  readonly mappedPath: string;
  readonly format: ArrayFormat;
  readonly member: string | null;
  readonly version: readonly [number, number] | null;
  readonly descr: Descr;
  readonly layout: ArrayLayout;
  readonly fileSize: number;
  readonly warning: string | null;
  /** Called once when the session closes (e.g. to delete an extracted temporary file). */
  readonly cleanup?: () => void;
}

export interface CellAddress {
  readonly row: number;
  readonly col: number;
  readonly leaf: number;
}

let nextId = 1;

/** Pages up to this size are copied on the JS thread when resident (≈ 30 µs of memcpy at most). */
const SYNC_PAGE_BYTES = 256 << 10;

export class Session {
  readonly id = `s${nextId++}`;
  readonly views: ViewResolver;
  readonly edits = new EditLog();
  private revisionCounter = 0;
  private savedRevision = 0;
  private unflushed = false;
  private isClosed = false;
  /** Per-session cache of scan results, keyed by the scan's parameters and the revision. */
  readonly scanCache = new Map<string, unknown>();

  constructor(
    readonly source: SessionSource,
    readonly mode: OpenMode,
    readonly mapping: Mapping,
  ) {
    this.views = new ViewResolver(source.layout);
  }

  get revision(): number {
    return this.revisionCounter;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get editable(): boolean {
    return this.mode !== 'r';
  }

  get layout(): ArrayLayout {
    return this.source.layout;
  }

  /** `c`: edits not yet saved; `r+`/`w+`: writes not yet flushed. */
  get dirty(): boolean {
    if (this.mode === 'c') return this.edits.changedCount > 0 && this.revisionCounter !== this.savedRevision;
    return this.unflushed;
  }

  info(): SessionInfo {
    this.ensureOpen();
    const { source, layout } = this;
    return {
      id: this.id,
      path: source.path,
      fileName: source.member ? `${path.basename(source.path)}:${source.member}` : path.basename(source.path),
      fileSize: source.fileSize,
      format: source.format,
      member: source.member,
      version: source.version ? [source.version[0], source.version[1]] : null,
      dtype: layout.dtype,
      descr: source.descr,
      dtypeName: dtypeName(layout.dtype),
      shape: [...layout.shape],
      fortranOrder: layout.fortranOrder,
      dataOffset: layout.dataOffset,
      nbytes: nbytes(layout),
      mode: this.mode,
      warning: source.warning,
      editable: this.editable,
      dirty: this.dirty,
      canUndo: this.edits.canUndo,
      canRedo: this.edits.canRedo,
      editCount: this.edits.changedCount,
      revision: this.revisionCounter,
    };
  }

  view(spec: ViewSpec): ResolvedView {
    this.ensureOpen();
    return this.views.resolve(spec);
  }

  async page(spec: ViewSpec, row0: number, rowCount: number, col0: number, colCount: number): Promise<Page> {
    const { window } = this.view(spec);
    const itemsize = this.layout.dtype.itemsize;
    validatePageRequest(window, { row0, rowCount, col0, colCount }, itemsize);
    const revision = this.revisionCounter;
    const bytes = rowCount * colCount === 0 ? new Uint8Array(0) : await this.gather(gridRegion(window, row0, rowCount, col0, colCount), itemsize);
    return { row0, rowCount, col0, colCount, itemsize, bytes, revision };
  }

  /**
   * Copies a region: synchronously when it is small and every page it spans is resident (no disk
   * wait, no thread-pool hop), otherwise on the thread pool so the JS thread never blocks on I/O.
   */
  private gather(region: GridRegion, itemsize: number): Promise<Uint8Array> | Uint8Array {
    const [rows, cols] = region.shape;
    const [rs, cs] = region.strides;
    const lo = region.offset + Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
    const hi = region.offset + Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs) + itemsize;
    const small = rows * cols * itemsize <= SYNC_PAGE_BYTES;
    if (small && this.mapping.allResident(lo, hi - lo)) return this.mapping.gather(region, itemsize);
    return this.mapping.gatherAsync(region, itemsize);
  }

  /** Parses `text` for the cell's dtype and writes it (through the mapping). Nothing is written on error. */
  setCell(spec: ViewSpec, cell: CellAddress, text: string): void {
    this.ensureWritable();
    const resolved = this.view(spec);
    const { window } = resolved;
    const leaf = this.views.leaf(cell.leaf, resolved);
    const elementOffset = gridRegion(window, cell.row, 1, cell.col, 1).offset;
    const offset = elementOffset + leaf.offset;
    const after = parseScalar(leaf.dtype, text);
    const before = this.mapping.read(offset, leaf.dtype.itemsize);
    const record: EditRecord = {
      offset,
      before,
      after,
      index: this.views.arrayIndexAt(elementOffset),
      field: leaf.path,
      dtype: leaf.dtype,
    };
    if (this.edits.apply(record, this.writer)) this.changed();
  }

  undo(): boolean {
    this.ensureWritable();
    const done = this.edits.undo(this.writer) !== null;
    if (done) this.changed();
    return done;
  }

  redo(): boolean {
    this.ensureWritable();
    const done = this.edits.redo(this.writer) !== null;
    if (done) this.changed();
    return done;
  }

  /** `c` mode: drops every in-memory edit; the mapping shows the file's bytes again. */
  discard(): void {
    this.ensureOpen();
    if (this.mode !== 'c') {
      throw new ArrayscopeError('unsupported', `discard applies to copy-on-write sessions; ${this.describe()} is open in mode ${this.mode}`);
    }
    this.mapping.discardPrivate();
    this.edits.clear();
    this.changed();
    this.savedRevision = this.revisionCounter;
  }

  /** `r+`/`w+`: msync. Undo stays possible afterwards (the edit log is the journal). */
  async flush(): Promise<void> {
    this.ensureOpen();
    await this.mapping.sync();
    this.unflushed = false;
  }

  markSaved(): void {
    this.savedRevision = this.revisionCounter;
  }

  /** Formats the edited cells for the changed-cells list. */
  changedCells(limit: number): { index: number[]; field: string; before: string; after: string }[] {
    const show = (dtype: EditRecord['dtype'], bytes: Uint8Array): string =>
      formatScalar(dtype, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0);
    return this.edits.changedCells(limit).map((c) => ({
      index: [...c.index],
      field: c.field,
      before: show(c.dtype, c.original),
      after: show(c.dtype, c.current),
    }));
  }

  describe(): string {
    return this.source.member ? `'${this.source.path}' member '${this.source.member}'` : `'${this.source.path}'`;
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.scanCache.clear();
    this.mapping.close();
    this.source.cleanup?.();
  }

  ensureOpen(): void {
    if (this.isClosed) throw new ArrayscopeError('closed', `${this.describe()} is closed`);
  }

  private ensureWritable(): void {
    this.ensureOpen();
    if (!this.editable) {
      throw new ArrayscopeError(
        'read-only',
        `${this.describe()} is open read-only (mode r); reopen it in mode c (copy-on-write) or r+ to edit`,
      );
    }
  }

  private readonly writer = (offset: number, bytes: Uint8Array): void => {
    this.mapping.write(offset, bytes);
    if (this.mode !== 'c') this.unflushed = true;
  };

  private changed(): void {
    this.revisionCounter++;
    this.scanCache.clear();
  }
}
