/**
 * The shape of `window.arrayscope`, the only API the sandboxed preload (src/preload/index.ts)
 * exposes to the page. Types only: the preload declares its object against them, and the IPC
 * transport reads it through them.
 */
import type { MethodName } from '../../../shared/methods.js';
import type { ShellCommand } from '../../../main/shell-channels.js';

/** One contract method: resolves to the receiver's Result (validated by the DataClient). */
export type BridgeMethod = (call: string, input: unknown) => Promise<unknown>;

export interface ShellBridge {
  /** Menu commands that need the UI (Save As, Close Tab, Undo, Redo, Open Raw). Returns unsubscribe. */
  onCommand(handler: (command: ShellCommand) => void): () => void;
  /**
   * Reports the names of tabs with unsaved changes (call it whenever that set changes, with []
   * when all is saved). The close/quit prompt lists them without waiting on the page.
   */
  reportDirty(names: readonly string[]): void;
  /** The file-system path of a dropped File ('' for files that are not on disk). */
  getPathForFile(file: File): string;
}

export type ArrayscopeBridge = { readonly [M in MethodName]: BridgeMethod } & {
  /** Subscribes to engine events (progress, session, memory, closed, openRequest). Returns unsubscribe. */
  onEvent(handler: (name: string, payload: unknown) => void): () => void;
  readonly shell: ShellBridge;
};

declare global {
  interface Window {
    /** Present only in the desktop app (set by the preload); absent in `arrayscope serve`. */
    readonly arrayscope?: ArrayscopeBridge;
  }
}
