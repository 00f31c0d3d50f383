/**
 * Window-level input for the shell: keyboard shortcuts, the desktop menu's commands, and files
 * dropped on the window. In the desktop app the menu owns Ctrl+O, Ctrl+W, Ctrl+Z, Ctrl+Shift+Z
 * and Ctrl+Shift+S (its accelerators arrive as commands), so the page does not handle those keys
 * again; in the browser the page handles them itself.
 */
import { useEffect, useEffectEvent, useState } from 'react';
import type { ShellCommand } from '../../../main/shell-channels.js';
import type { ShellBridge } from '../transport/bridge.js';

export interface ShellActions {
  readonly open: () => void;
  readonly openRaw: (path: string | null) => void;
  readonly closeTab: () => void;
  readonly cycleTab: (step: 1 | -1) => void;
  readonly undo: () => void;
  readonly redo: () => void;
  readonly saveAs: () => void;
}

/** True when typing keys belong to a text field (its own undo, its own Ctrl+Z). */
export function isTextEntry(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement) return true;
  if (element instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(element.type);
  return element instanceof HTMLElement && element.isContentEditable;
}

const modalOpen = (): boolean => document.querySelector('dialog[open]') !== null;

export function useShortcuts(actions: ShellActions, desktop: boolean): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.defaultPrevented) return;
    const key = event.key.toLowerCase();
    const handle = (action: () => void): void => {
      event.preventDefault();
      action();
    };
    if (key === 'tab' && event.ctrlKey) return handle(() => actions.cycleTab(event.shiftKey ? -1 : 1));
    if ((key === 'pagedown' || key === 'pageup') && event.ctrlKey) return handle(() => actions.cycleTab(key === 'pagedown' ? 1 : -1));
    if (modalOpen()) return;
    // Undo/redo keys reach the page in both hosts (the desktop menu shows but does not register
    // them); text fields keep their own undo, and the grid handles them first when focused.
    if (!isTextEntry(document.activeElement)) {
      if (key === 'z') return handle(event.shiftKey ? actions.redo : actions.undo);
      if (key === 'y' && !event.shiftKey) return handle(actions.redo);
    }
    if (desktop) return; // the rest are menu accelerators in the desktop app
    if (key === 'o') return handle(event.shiftKey ? () => actions.openRaw(null) : actions.open);
    if (key === 'w' && !event.shiftKey) return handle(actions.closeTab);
    if (key === 's' && event.shiftKey) return handle(actions.saveAs);
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent): void => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

/** Desktop menu commands; Undo/Redo go to a focused text field first, as editors do. */
export function useShellCommands(shell: ShellBridge | null, actions: ShellActions): void {
  const onCommand = useEffectEvent((command: ShellCommand) => {
    const inText = isTextEntry(document.activeElement);
    switch (command.command) {
      case 'openRaw':
        return actions.openRaw(command.path ?? null);
      case 'closeTab':
        return actions.closeTab();
      case 'saveAs':
        return actions.saveAs();
      case 'undo':
        // execCommand is the only way to reach a text field's own undo stack from a menu.
        if (inText) document.execCommand('undo');
        else if (!modalOpen()) actions.undo();
        return;
      case 'redo':
        if (inText) document.execCommand('redo');
        else if (!modalOpen()) actions.redo();
        return;
    }
  });
  useEffect(() => shell?.onCommand((command) => onCommand(command)), [shell]);
}

/**
 * Files dropped on the window. The desktop app learns their paths from the shell bridge; a
 * browser never reveals where a local file lives, so there the drop is explained and refused.
 * Returns whether files are being dragged over the window (for the drop overlay).
 */
export function useFileDrop(shell: ShellBridge | null, onPath: (path: string) => void, onRefused: (message: string) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const onDrop = useEffectEvent((files: readonly File[]) => {
    if (files.length === 0) return;
    if (!shell) {
      onRefused(
        `A browser cannot tell Arrayscope where ${files.length === 1 ? `'${files[0]!.name}'` : 'dropped files'} lives on disk, so dropped files cannot be opened here. Use Open… to choose a file the server can read.`,
      );
      return;
    }
    for (const file of files) {
      const path = shell.getPathForFile(file);
      if (path) onPath(path);
      else onRefused(`'${file.name}' is not a file on disk, so it cannot be opened.`);
    }
  });
  useEffect(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const over = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      onDrop([...(event.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}
