import { describe, expect, it } from 'vitest';
import { defaultExportPath, withExtension } from '../../../src/renderer/src/grid/export-path.js';
import { keyAction, type KeyPress } from '../../../src/renderer/src/grid/keyboard.js';
import { parseRowInput } from '../../../src/renderer/src/grid/row-input.js';
import { cellSelection, describeRect, extendSelection, rectCells, rectContains, rectToTsv, selectionRect } from '../../../src/renderer/src/grid/selection.js';

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key: k, ctrl: false, meta: false, shift: false, alt: false, ...mods });

describe('keyboard map', () => {
  it('moves, pages and jumps to the edges', () => {
    expect(keyAction(key('ArrowDown'))).toEqual({ type: 'move', rows: 1, cols: 0, extend: false });
    expect(keyAction(key('ArrowLeft', { shift: true }))).toEqual({ type: 'move', rows: 0, cols: -1, extend: true });
    expect(keyAction(key('PageUp'))).toEqual({ type: 'page', direction: -1, extend: false });
    expect(keyAction(key('End'))).toEqual({ type: 'edge', to: 'rowEnd', extend: false });
    expect(keyAction(key('End', { ctrl: true }))).toEqual({ type: 'edge', to: 'gridEnd', extend: false });
    expect(keyAction(key('Home', { meta: true, shift: true }))).toEqual({ type: 'edge', to: 'gridStart', extend: true });
  });
  it('edits, copies, undoes and redoes', () => {
    expect(keyAction(key('Enter'))).toEqual({ type: 'edit', initial: null });
    expect(keyAction(key('F2'))).toEqual({ type: 'edit', initial: null });
    expect(keyAction(key('7'))).toEqual({ type: 'edit', initial: '7' });
    expect(keyAction(key('c', { ctrl: true }))).toEqual({ type: 'copy' });
    expect(keyAction(key('z', { ctrl: true }))).toEqual({ type: 'undo' });
    expect(keyAction(key('Z', { ctrl: true, shift: true }))).toEqual({ type: 'redo' });
    expect(keyAction(key('y', { meta: true }))).toEqual({ type: 'redo' });
    expect(keyAction(key('o', { ctrl: true }))).toBeNull(); // the shell's
    expect(keyAction(key(' '))).toBeNull();
    expect(keyAction(key('Shift'))).toBeNull();
  });
});

describe('selection', () => {
  it('spans cells, whole rows and whole columns', () => {
    const s = extendSelection(cellSelection({ row: 5, col: 3 }), { row: 2, col: 4 });
    expect(selectionRect(s, 100, 10)).toEqual({ r0: 2, r1: 6, c0: 3, c1: 5 });
    expect(selectionRect({ ...s, kind: 'rows' }, 100, 10)).toEqual({ r0: 2, r1: 6, c0: 0, c1: 10 });
    expect(selectionRect({ ...s, kind: 'cols' }, 100, 10)).toEqual({ r0: 0, r1: 100, c0: 3, c1: 5 });
    const rect = selectionRect(s, 100, 10);
    expect(rectCells(rect)).toBe(8);
    expect(rectContains(rect, 2, 4)).toBe(true);
    expect(rectContains(rect, 6, 4)).toBe(false);
    expect(describeRect(rect, s)).toBe('4 × 2 cells');
    expect(describeRect(selectionRect({ ...s, kind: 'rows' }, 100, 10), { ...s, kind: 'rows' })).toBe('rows 2–5');
  });
  it('copies as tab-separated lines, keeping the table shape', () => {
    const tsv = rectToTsv({ r0: 1, r1: 3, c0: 0, c1: 2 }, (r, c) => (r === 2 && c === 1 ? "b'a\tb'" : `${r},${c}`));
    expect(tsv).toBe("1,0\t1,1\n2,0\tb'a b'");
  });
});

describe('Go to row and export paths', () => {
  it('reads row numbers like numpy indices', () => {
    expect(parseRowInput('1_000', 2000)).toEqual({ row: 1000 });
    expect(parseRowInput(' -1 ', 2 ** 33)).toEqual({ row: 2 ** 33 - 1 });
    expect(parseRowInput('8589934591', 2 ** 33)).toEqual({ row: 2 ** 33 - 1 });
    expect(parseRowInput('8589934592', 2 ** 33)).toEqual({ error: 'row 8589934592 is out of range: the view has rows 0 to 8589934591' });
    expect(parseRowInput('1.5', 10)).toEqual({ error: '"1.5" is not a row number' });
    expect(parseRowInput('99999999999999999999', 10)).toEqual({ error: 'row 99999999999999999999 is beyond 2^53' });
  });
  it('offers a file next to the open one and follows the format', () => {
    expect(defaultExportPath('/data/run/temps.npy', 'csv')).toBe('/data/run/temps-view.csv');
    expect(defaultExportPath('C:\\d\\x.raw', 'npy')).toBe('C:\\d\\x-view.npy');
    expect(withExtension('/a/b.npy', 'csv')).toBe('/a/b.csv');
    expect(withExtension('/a/b.data', 'csv')).toBe('/a/b.data');
  });
});
