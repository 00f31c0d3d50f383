/**
 * Undo/redo and the list of changed cells for one session.
 *
 * Every edit is recorded as (offset, before bytes, after bytes) *before* it is written, so the
 * log is also the journal of in-place writes in `r+` mode: an edit can be undone after a flush
 * by writing its `before` bytes back. Invariants:
 * - applying `after` for every record on the undo stack, in order, to the original bytes gives
 *   the current bytes; undo pops the newest record and writes its `before`;
 * - `changed` holds exactly the cells whose current bytes differ from their original bytes
 *   (a cell edited back to its original value leaves the list).
 */
import type { ScalarDType } from '../shared/dtype.js';

export interface EditRecord {
  /** Absolute byte offset of the scalar in the file. */
  readonly offset: number;
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  /** Index of the element in the array (not the view) and the field path inside it ('' if none). */
  readonly index: readonly number[];
  readonly field: string;
  readonly dtype: ScalarDType;
}

export interface ChangedCell {
  readonly offset: number;
  readonly index: readonly number[];
  readonly field: string;
  readonly dtype: ScalarDType;
  readonly original: Uint8Array;
  readonly current: Uint8Array;
}

/** Writes bytes at an absolute offset of the mapping. */
export type ByteWriter = (offset: number, bytes: Uint8Array) => void;

const MAX_UNDO = 100_000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class EditLog {
  private readonly undoStack: EditRecord[] = [];
  private readonly redoStack: EditRecord[] = [];
  private readonly changed = new Map<number, ChangedCell>();

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Number of cells whose bytes differ from the file's original bytes. */
  get changedCount(): number {
    return this.changed.size;
  }

  /** Writes `record.after` and records it. A no-op edit (same bytes) is not recorded. */
  apply(record: EditRecord, write: ByteWriter): boolean {
    if (sameBytes(record.before, record.after)) return false;
    write(record.offset, record.after);
    this.undoStack.push(record);
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
    this.redoStack.length = 0;
    this.track(record, record.after);
    return true;
  }

  undo(write: ByteWriter): EditRecord | null {
    const record = this.undoStack.pop();
    if (!record) return null;
    write(record.offset, record.before);
    this.redoStack.push(record);
    this.track(record, record.before);
    return record;
  }

  redo(write: ByteWriter): EditRecord | null {
    const record = this.redoStack.pop();
    if (!record) return null;
    write(record.offset, record.after);
    this.undoStack.push(record);
    this.track(record, record.after);
    return record;
  }

  /** Forgets everything (after a `c`-mode discard restored the file's bytes). */
  clear(): void {
    this.undoStack.length = 0;
    this.redoStack.length = 0;
    this.changed.clear();
  }

  /** Changed cells in file order, at most `limit`. */
  changedCells(limit = Infinity): ChangedCell[] {
    const cells = [...this.changed.values()].sort((a, b) => a.offset - b.offset);
    return cells.slice(0, limit);
  }

  private track(record: EditRecord, current: Uint8Array): void {
    const existing = this.changed.get(record.offset);
    const original = existing ? existing.original : record.before;
    if (sameBytes(original, current)) {
      this.changed.delete(record.offset);
      return;
    }
    this.changed.set(record.offset, { ...record, original, current });
  }
}
