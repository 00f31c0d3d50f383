/** The "Go to row" box's reading of what was typed. */

/** Reads a row number as typed ("1234", "-1", "1_000_000", "1,000"); an error message otherwise. */
export function parseRowInput(text: string, rows: number): { row: number } | { error: string } {
  const cleaned = text.trim().replace(/[_,\s]/g, '');
  if (!/^[-+]?\d+$/.test(cleaned)) return { error: `"${text.trim()}" is not a row number` };
  const n = Number(cleaned);
  if (!Number.isSafeInteger(n)) return { error: `row ${cleaned} is beyond 2^53` };
  const row = n < 0 ? n + rows : n;
  if (row < 0 || row >= rows) return { error: rows === 0 ? 'the view has no rows' : `row ${cleaned} is out of range: the view has rows 0 to ${rows - 1}` };
  return { row };
}
