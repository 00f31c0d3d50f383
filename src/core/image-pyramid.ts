// PLACEHOLDER (replaced before landing): image pyramids for zoomed-out tiles of huge 2-D slices.
import { ArrayscopeError } from '../shared/errors.js';
import type { ViewSpec } from '../shared/schemas.js';
import type { ScanOptions } from './native.js';
import type { Session } from './session.js';

export async function buildImagePyramid(session: Session, _view: ViewSpec, _leaf: number, _options: ScanOptions = {}): Promise<{ levels: number; bytes: number; block: number }> {
  throw new ArrayscopeError('unsupported', `${session.describe()}: image pyramids are not built yet`);
}
