import { describe, expect, it } from 'vitest';
import { activeTab, defaultView, EMPTY_TABS, findReusableTab, tabsReducer } from '../../../src/renderer/src/app/tabs.js';
import { fieldsFromName } from '../../../src/renderer/src/app/rawLayout.js';
import type { SessionInfo, ViewInfo } from '../../../src/shared/schemas.js';

function session(id: string, shape: number[], mode: SessionInfo['mode'] = 'r'): SessionInfo {
  return {
    id, path: `/data/${id}.npy`, fileName: `${id}.npy`, fileSize: 1000, format: 'npy', member: null, version: [1, 0],
    dtype: { kind: 'float', itemsize: 8, byteorder: '<' }, descr: '<f8', dtypeName: 'float64', shape, fortranOrder: false,
    dataOffset: 128, nbytes: 872, mode, warning: null, editable: mode !== 'r', dirty: false, canUndo: false, canRedo: false,
    editCount: 0, revision: 0,
  };
}
const origin = (id: string) => ({ path: `/data/${id}.npy`, member: null, raw: false });

describe('tabs', () => {
  it('start a 3-D array at [0, :, :] and a 2-D one at the whole array', () => {
    expect(defaultView([4, 5])).toEqual({ index: '' });
    expect(defaultView([2, 4, 5])).toEqual({ index: '[0, :, :]' });
    expect(defaultView([2, 3, 4, 5])).toEqual({ index: '[0, 0, :, :]' });
  });

  it('add, cycle and remove: the right neighbour takes over, the last hands to its left', () => {
    let s = EMPTY_TABS;
    for (const id of ['a', 'b', 'c']) s = tabsReducer(s, { type: 'add', session: session(id, [3]), origin: origin(id) });
    expect(activeTab(s)?.id).toBe('c');
    s = tabsReducer(s, { type: 'cycle', step: 1 });
    expect(activeTab(s)?.id).toBe('a');
    s = tabsReducer(s, { type: 'remove', id: 'a' });
    expect(activeTab(s)?.id).toBe('b');
    s = tabsReducer(s, { type: 'activate', id: 'c' });
    s = tabsReducer(s, { type: 'remove', id: 'c' });
    expect(activeTab(s)?.id).toBe('b');
    expect(tabsReducer(s, { type: 'remove', id: 'b' })).toEqual({ tabs: [], activeId: null });
  });

  it('a resolved view only applies to the view it was resolved for, and keeps a selection that still exists', () => {
    let s = tabsReducer(EMPTY_TABS, { type: 'add', session: session('a', [10, 4]), origin: origin('a') });
    s = tabsReducer(s, { type: 'select', id: 'a', selection: { col: 3, leaf: 0 } });
    const info = { cols: 2, leaves: [{ path: '', offset: 0, dtype: { kind: 'float', itemsize: 8, byteorder: '<' } }] } as unknown as ViewInfo;
    const stale = tabsReducer(s, { type: 'viewResolved', id: 'a', view: { index: '[:, :2]' }, info, error: null });
    expect(stale).toBe(s); // the tab still shows another view: the answer is dropped
    s = tabsReducer(s, { type: 'view', id: 'a', view: { index: '[:, :2]' } });
    s = tabsReducer(s, { type: 'viewResolved', id: 'a', view: { index: '[:, :2]' }, info, error: null });
    expect(activeTab(s)?.selection).toEqual({ col: 0, leaf: 0 }); // column 3 no longer exists
  });

  it('reuses an open read-only tab for the same file, never for raw or writable opens', () => {
    const s = tabsReducer(EMPTY_TABS, { type: 'add', session: session('a', [3]), origin: origin('a') });
    expect(findReusableTab(s, origin('a'), 'r')?.id).toBe('a');
    expect(findReusableTab(s, origin('a'), 'c')).toBeNull();
    expect(findReusableTab(s, { ...origin('a'), raw: true }, 'r')).toBeNull();
  });
});

describe('raw dialog start values', () => {
  it('reads a dtype and a shape written in the file name', () => {
    expect(fieldsFromName('samples-float32-1000x256.dat')).toEqual({ fields: { dtype: 'float32', shape: '1000, 256', offset: '0', order: 'C' }, guessed: true });
    expect(fieldsFromName('dump_<i2_64x64x3.bin').fields).toMatchObject({ dtype: '<i2', shape: '64, 64, 3' });
    expect(fieldsFromName('data.bin')).toEqual({ fields: { dtype: 'float32', shape: '', offset: '0', order: 'C' }, guessed: false });
  });
});
