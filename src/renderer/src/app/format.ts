/**
 * Small text helpers for the shell's labels: byte sizes, shapes as numpy prints them, and path
 * pieces. Paths come from the engine's host, which may be Windows or POSIX, so both separators
 * are understood. Array values are never formatted here (src/shared/values does that).
 */

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** `1536` → `1.5 KB`; binary multiples (1 KB = 1024 bytes); 1000 and up moves to the next unit. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** Exact byte count with thousands separators, for places where the precise figure matters. */
export function formatExactBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** A shape as numpy prints it: `(4000000, 8)`, `(5,)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

function lastSeparator(p: string): number {
  return Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
}

export function baseName(p: string): string {
  return p.slice(lastSeparator(p) + 1);
}

/** The directory part of a path ('' when it has none). Keeps a root separator (`/`, `C:\`). */
export function dirName(p: string): string {
  const i = lastSeparator(p);
  if (i < 0) return '';
  if (i === 0) return p[0]!;
  if (i === 2 && p[1] === ':') return p.slice(0, 3); // `C:\file` → `C:\`
  return p.slice(0, i);
}

/** The separator a host path uses (backslash for `C:\…` style paths). */
export function separatorOf(p: string): string {
  return /^[A-Za-z]:\\/.test(p) || (p.includes('\\') && !p.includes('/')) ? '\\' : '/';
}

export function joinPath(dir: string, name: string): string {
  if (dir === '') return name;
  const sep = separatorOf(dir);
  return dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/** `data.npy` → `data-copy.npy`; a name without extension gets `.npy` (Save As writes .npy). */
export function copyName(fileName: string, member: string | null): string {
  const stem = member ? `${fileName.replace(/\.npz$/i, '')}-${member.replace(/\.npy$/i, '')}` : fileName.replace(/\.[^.]*$/, '');
  return `${stem || 'array'}-copy.npy`;
}

/** The label a tab and the window title show for a session: an .npz member by its key, as numpy names it. */
export function sessionLabel(info: { path: string; fileName: string; member: string | null }): string {
  return info.member ? `${baseName(info.path)} › ${info.member.replace(/\.npy$/, '')}` : info.fileName;
}

/** Percent text for a progress figure; '' when the total is unknown. */
export function percent(done: number, total: number): string {
  if (!(total > 0)) return '';
  return `${Math.min(100, Math.floor((done / total) * 100))}%`;
}
