/**
 * Arrayscope's value layer: bytes → values (decodeScalar), numpy's text (formatScalar,
 * formatElement), the CLI JSON form (jsonScalar, jsonElement), and text → bytes for edits
 * (parseScalar). Pure TypeScript for both Node and the browser: DataView, BigInt, no Buffer.
 */
export { decodeScalar, type Complex, type ScalarValue } from './decode.js';
export { formatScalar, MAX_PRECISION, type FormatMode, type FormatOptions } from './format.js';
export { formatElement } from './record.js';
export { jsonElement, jsonScalar, type JsonValue } from './json-value.js';
export { parseScalar } from './parse.js';
export { floatStr, complexStr, floatFixed, floatScientific } from './float-repr.js';
export { datetimeText, timedeltaText, NAT } from './datetime.js';
