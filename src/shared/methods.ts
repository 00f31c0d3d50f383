/**
 * The API's method names, in a module without runtime dependencies so the sandboxed preload can
 * import it cheaply. `contract.ts` is checked at compile time to declare exactly these methods.
 */
export const METHOD_NAMES = [
  'hello',
  'listFiles',
  'pickFile',
  'probe',
  'rawLayout',
  'open',
  'create',
  'close',
  'describe',
  'listSessions',
  'view',
  'page',
  'setCell',
  'undo',
  'redo',
  'edits',
  'saveAs',
  'exportView',
  'discard',
  'flush',
  'stats',
  'series',
  'buildPyramid',
  'histogram',
  'buildImagePyramid',
  'imageTile',
  'memory',
  'residency',
  'release',
  'prefetch',
  'cancel',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

export const EVENT_NAMES = ['progress', 'memory', 'session', 'closed', 'openRequest'] as const;

/** Electron IPC channel for a method. The only place channel strings are made. */
export function channelOf(name: MethodName): string {
  return `arrayscope:${name}`;
}

/** The single IPC channel that carries events from main to the renderer. */
export const EVENT_CHANNEL = 'arrayscope:event';
