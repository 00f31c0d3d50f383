/**
 * The Open Recent list: our own list in userData/recent.json (so every platform has the menu),
 * mirrored to the OS list (app.addRecentDocument: macOS dock menu, Windows jump list).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const MAX_RECENT = 10;

export class RecentFiles {
  private paths: string[];

  constructor(
    private readonly file: string,
    private readonly mirror: { add(path: string): void; clear(): void } = { add() {}, clear() {} },
  ) {
    this.paths = RecentFiles.read(file);
  }

  private static read(file: string): string[] {
    try {
      const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!Array.isArray(saved)) return [];
      return saved.filter((p): p is string => typeof p === 'string' && p.length > 0).slice(0, MAX_RECENT);
    } catch {
      return [];
    }
  }

  list(): readonly string[] {
    return this.paths;
  }

  /** Moves `path` to the front; returns whether the list changed. */
  add(path: string): boolean {
    if (this.paths[0] === path) return false;
    this.paths = [path, ...this.paths.filter((p) => p !== path)].slice(0, MAX_RECENT);
    this.mirror.add(path);
    this.write();
    return true;
  }

  clear(): void {
    this.paths = [];
    this.mirror.clear();
    this.write();
  }

  private write(): void {
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify(this.paths, null, 2));
    } catch {
      // an unwritable profile only costs the recent list
    }
  }
}
