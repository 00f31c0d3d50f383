/** Export destinations: the default path offered, and keeping the extension in step with the format. */

/** `dir/stem-view.ext` next to the open file (where serve allows writing without --root too). */
export function defaultExportPath(sessionPath: string, format: 'npy' | 'csv'): string {
  const slash = Math.max(sessionPath.lastIndexOf('/'), sessionPath.lastIndexOf('\\'));
  const dir = sessionPath.slice(0, slash + 1);
  const name = sessionPath.slice(slash + 1);
  const stem = name.replace(/\.(npy|npz|raw|bin|dat)$/i, '') || 'array';
  return `${dir}${stem}-view.${format}`;
}

export function withExtension(path: string, format: 'npy' | 'csv'): string {
  return /\.(npy|csv)$/i.test(path) ? path.replace(/\.(npy|csv)$/i, `.${format}`) : path;
}
