/**
 * The few IPC channels that only the desktop shell uses (the contract's channels come from
 * `src/shared/methods.ts`). Pure constants and guards: the sandboxed preload bundles this file.
 *
 * - COMMAND (main → renderer): a menu action that needs the UI (close the tab, save as, undo…).
 * - DIRTY (renderer → main): the UI reports which tabs hold unsaved changes whenever that changes,
 *   so the close/quit prompt never waits on a renderer that may be busy or gone.
 */
export const SHELL_COMMAND_CHANNEL = 'arrayscope-shell:command';
export const SHELL_DIRTY_CHANNEL = 'arrayscope-shell:dirty';

export const SHELL_COMMANDS = ['openRaw', 'closeTab', 'saveAs', 'undo', 'redo'] as const;
export type ShellCommandName = (typeof SHELL_COMMANDS)[number];

/** `path` is set for `openRaw` (the file the user picked); the others act on the active tab. */
export interface ShellCommand {
  readonly command: ShellCommandName;
  readonly path?: string;
}

export const MAX_DIRTY_NAMES = 1000;
const MAX_NAME_LENGTH = 4096;

export function isShellCommand(value: unknown): value is ShellCommand {
  if (typeof value !== 'object' || value === null) return false;
  const { command, path } = value as { command?: unknown; path?: unknown };
  if (typeof command !== 'string' || !(SHELL_COMMANDS as readonly string[]).includes(command)) return false;
  return path === undefined || (typeof path === 'string' && path.length > 0 && path.length <= MAX_NAME_LENGTH);
}

/** Keeps only a bounded list of non-empty strings: what crosses DIRTY is untrusted input. */
export function sanitizeDirtyNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const names: string[] = [];
  for (const item of value.slice(0, MAX_DIRTY_NAMES)) {
    if (typeof item === 'string' && item.length > 0) names.push(item.slice(0, MAX_NAME_LENGTH));
  }
  return names;
}
