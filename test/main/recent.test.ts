import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MAX_RECENT, RecentFiles } from '../../src/main/recent.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'arrayscope-recent-')), 'recent.json');

describe('RecentFiles', () => {
  it('keeps the newest first, without duplicates, capped, persisted and mirrored', () => {
    const file = tempFile();
    const mirror = { add: vi.fn(), clear: vi.fn() };
    const recent = new RecentFiles(file, mirror);
    for (let i = 0; i < MAX_RECENT + 3; i++) recent.add(`/d/${i}.npy`);
    expect(recent.add('/d/5.npy')).toBe(true);
    expect(recent.add('/d/5.npy')).toBe(false);
    expect(recent.list()[0]).toBe('/d/5.npy');
    expect(recent.list()).toHaveLength(MAX_RECENT);
    expect(new Set(recent.list()).size).toBe(MAX_RECENT);
    expect(new RecentFiles(file).list()).toEqual(recent.list());
    expect(mirror.add).toHaveBeenLastCalledWith('/d/5.npy');
    recent.clear();
    expect(new RecentFiles(file).list()).toEqual([]);
    expect(mirror.clear).toHaveBeenCalledOnce();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('ignores a damaged list', () => {
    const file = tempFile();
    writeFileSync(file, '{"not":"a list"}');
    expect(new RecentFiles(file).list()).toEqual([]);
    writeFileSync(file, '["/ok.npy", 3, "", null]');
    expect(new RecentFiles(file).list()).toEqual(['/ok.npy']);
  });
});
