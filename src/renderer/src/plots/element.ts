/**
 * One element's exact text for cursor readouts and tooltips: the element is fetched with `page`
 * (1 × 1) and formatted by shared/values as numpy prints it — never from the float64 a plot
 * shows (a float32 0.1 reads `0.1`, not 0.10000000149011612).
 */
import type { DataClient } from '../../../shared/client.js';
import type { ScalarDType } from '../../../shared/dtype.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { ViewInfo, ViewSpec } from '../../../shared/schemas.js';
import { formatScalar } from '../../../shared/values/index.js';

export interface ElementText {
  readonly text: string;
  readonly error: ErrorData | null;
}

export async function elementText(
  client: DataClient,
  session: string,
  view: ViewSpec,
  info: ViewInfo,
  at: { row: number; col: number; leaf: number },
  signal?: AbortSignal,
): Promise<ElementText> {
  const result = await client.call('page', { session, view, row0: at.row, rowCount: 1, col0: at.col, colCount: 1 }, { signal });
  if (!result.ok) return { text: '', error: result.error };
  const leaf = info.leaves[at.leaf];
  if (!leaf) return { text: '', error: { kind: 'bad-index', message: `field index ${at.leaf} is out of range` } };
  const { bytes } = result.value;
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { text: formatScalar(leaf.dtype as ScalarDType, data, leaf.offset), error: null };
}
