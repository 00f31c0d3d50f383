/**
 * Cell text: a page's bytes decoded and printed exactly as numpy prints them (shared/values),
 * under the column's display format.
 */
import type { ScalarDType } from '../../../shared/dtype.js';
import type { Page, ViewInfo } from '../../../shared/schemas.js';
import { type FormatOptions, formatScalar } from '../../../shared/values/index.js';

export interface CachedPage {
  readonly page: Page;
  readonly data: DataView;
}

export function cachedPage(page: Page): CachedPage {
  return { page, data: new DataView(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength) };
}

export const AUTO: FormatOptions = { mode: 'auto' };

/** Text of view cell (row, col) leaf `leaf`, which must lie inside the page. */
export function cellText(entry: CachedPage, info: ViewInfo, row: number, col: number, leaf: number, format: FormatOptions = AUTO): string {
  const { page, data } = entry;
  const element = ((row - page.row0) * page.colCount + (col - page.col0)) * page.itemsize;
  const spec = info.leaves[leaf];
  if (!spec) return '';
  return formatScalar(spec.dtype as ScalarDType, data, element + spec.offset, format);
}

/** NaN, ±Inf (also inside complex values) and NaT, which the theme highlights. */
export function isSpecialValue(dt: ScalarDType, text: string): boolean {
  switch (dt.kind) {
    case 'float':
    case 'complex':
      return /nan|inf/.test(text);
    case 'datetime':
    case 'timedelta':
      return text === 'NaT';
    default:
      return false;
  }
}

/** The format modes that apply to a dtype (the column menu offers only these). */
export function formatModesFor(dt: ScalarDType): FormatOptions['mode'][] {
  const modes: FormatOptions['mode'][] = ['auto'];
  if (dt.kind === 'float' || dt.kind === 'complex') modes.push('fixed', 'scientific');
  if (dt.kind === 'int' || dt.kind === 'uint') modes.push('hex', 'binary');
  modes.push('bytes');
  return modes;
}
