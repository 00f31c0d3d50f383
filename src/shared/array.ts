/**
 * Where an array's elements live in a file. Every format (npy, npz member, raw) resolves to this,
 * and everything downstream (views, pages, scans, edits) works from it alone.
 *
 * Invariants: `dataOffset + nbytes(layout) <= file size` was checked when the layout was made;
 * shape entries are non-negative safe integers and their product times itemsize is < 2^53.
 */
import type { DType } from './dtype.js';

export type ArrayFormat = 'npy' | 'npz' | 'raw';
export type OpenMode = 'r' | 'c' | 'r+' | 'w+';
export const OPEN_MODES: readonly OpenMode[] = ['r', 'c', 'r+', 'w+'];

export interface ArrayLayout {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly fortranOrder: boolean;
  /** Absolute byte offset of element 0 in the file. */
  readonly dataOffset: number;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function nbytes(layout: Pick<ArrayLayout, 'dtype' | 'shape'>): number {
  return elementCount(layout.shape) * layout.dtype.itemsize;
}
