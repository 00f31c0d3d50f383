/**
 * What the shell does to sessions: open (directly or through the dialog), close (with the
 * unsaved-changes prompt), undo/redo, discard, flush and Save As. Every action reads the latest
 * tabs through `tabsRef`, so the functions stay stable across renders (the memoised tab views
 * and the window-level shortcuts hold on to them). Every engine answer updates the tab's
 * SessionInfo; every failure reaches the user naming the file.
 */
import { type Dispatch, type RefObject, useCallback, useMemo } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { Output } from '../../../shared/contract.js';
import type { ErrorData, Result } from '../../../shared/errors.js';
import type { SessionInfo } from '../../../shared/schemas.js';
import type { EditActions } from './FileToolbar.js';
import { baseName, copyName, dirName, formatBytes, joinPath, sessionLabel } from './format.js';
import type { OpenInput } from './OpenDialog.js';
import { findReusableTab, type TabsAction, type TabsState } from './tabs.js';
import type { RunLong, RunOptions } from './useLongCalls.js';

export type Hello = Output<'hello'>;

export type DialogState =
  | { readonly kind: 'open'; readonly path: string | null; readonly raw: boolean }
  | { readonly kind: 'saveAs'; readonly tabId: string; readonly thenClose: boolean }
  | { readonly kind: 'confirmClose'; readonly tabId: string }
  | { readonly kind: 'confirmDiscard'; readonly tabId: string }
  | null;

export interface TabActionsContext {
  readonly client: DataClient;
  readonly hello: Hello;
  readonly tabsRef: RefObject<TabsState>;
  readonly dispatch: Dispatch<TabsAction>;
  readonly run: RunLong;
  readonly notify: (text: string, tone?: 'info' | 'error') => void;
  readonly showError: (title: string, error: ErrorData) => void;
  readonly setDialog: (dialog: DialogState) => void;
}

/** Where Save As proposes to write: next to the file (relative to --root when the server has one). */
export function defaultSavePath(session: SessionInfo, root: string | null): string {
  const name = copyName(baseName(session.path), session.member);
  const dir = dirName(session.path);
  if (root !== null) {
    const r = root.replace(/[\\/]+$/, '');
    if (dir === r) return name;
    if (dir.startsWith(r) && '\\/'.includes(dir[r.length] ?? '')) return joinPath(dir.slice(r.length + 1), name);
  }
  return joinPath(dir, name);
}

export function useTabActions(ctx: TabActionsContext) {
  const { client, hello, tabsRef, dispatch, run, notify, showError, setDialog } = ctx;
  const desktop = hello.host === 'electron';
  const tabOf = useCallback((id: string) => tabsRef.current.tabs.find((t) => t.id === id) ?? null, [tabsRef]);

  const openSession = useCallback(
    async (input: OpenInput, label: string, options: RunOptions = {}): Promise<Result<SessionInfo>> => {
      const origin = { path: input.path, member: input.member ?? null, raw: input.raw !== undefined };
      const reusable = findReusableTab(tabsRef.current, origin, input.mode ?? 'r');
      if (reusable) {
        dispatch({ type: 'activate', id: reusable.id });
        return { ok: true, value: reusable.session };
      }
      const result = await run(label, (o) => client.call('open', input, o), options);
      if (result.ok) {
        dispatch({ type: 'add', session: result.value, origin });
        notify(`Opened ${sessionLabel(result.value)} (${result.value.dtypeName}, ${formatBytes(result.value.fileSize)})`);
      } else if (result.error.kind === 'cancelled') {
        notify(`${label}: cancelled`);
      }
      return result;
    },
    [client, dispatch, notify, run, tabsRef],
  );

  /**
   * Opens a path that came from outside the dialog (start-up files, the desktop menu, a drop):
   * an .npy opens at once in mode r; an .npz or raw file needs choices, so the dialog opens.
   * Returns the new tab's id, 'dialog', or null after a failure (already shown).
   */
  const openPath = useCallback(
    async (path: string, allowDialog = true): Promise<string | 'dialog' | null> => {
      const probe = await client.call('probe', { path });
      if (!probe.ok) {
        showError(`Could not open ${baseName(path)}`, probe.error);
        return null;
      }
      if (probe.value.format !== 'npy') {
        if (allowDialog) setDialog({ kind: 'open', path, raw: false });
        return 'dialog';
      }
      const result = await openSession({ path, mode: 'r' }, `Opening ${probe.value.fileName}`);
      if (result.ok) return result.value.id;
      if (result.error.kind !== 'cancelled') showError(`Could not open ${probe.value.fileName}`, result.error);
      return null;
    },
    [client, openSession, setDialog, showError],
  );

  /** Desktop: the native open dialog; null when the user cancelled it. */
  const pickOpenPath = useCallback(async (): Promise<string | null> => {
    const picked = await client.call('pickFile', { purpose: 'open' });
    if (picked.ok) return picked.value.path;
    showError('Could not show the file dialog', picked.error);
    return null;
  }, [client, showError]);

  const startOpen = useCallback(async (): Promise<void> => {
    if (!desktop) return setDialog({ kind: 'open', path: null, raw: false });
    const path = await pickOpenPath();
    if (path) setDialog({ kind: 'open', path, raw: false });
  }, [desktop, pickOpenPath, setDialog]);

  const closeNow = useCallback(
    async (id: string): Promise<void> => {
      const tab = tabOf(id);
      dispatch({ type: 'remove', id });
      const result = await client.call('close', { session: id });
      if (!result.ok && tab) notify(`Closing ${sessionLabel(tab.session)}: ${result.error.message}`, 'error');
    },
    [client, dispatch, notify, tabOf],
  );

  const closeTab = useCallback(
    (id: string | null): void => {
      const tab = id === null ? null : tabOf(id);
      if (!tab) return;
      if (tab.session.dirty) setDialog({ kind: 'confirmClose', tabId: tab.id });
      else void closeNow(tab.id);
    },
    [closeNow, setDialog, tabOf],
  );

  /** undo / redo / discard / flush: one call, then the tab's SessionInfo is the engine's answer. */
  const sessionCall = useCallback(
    async (id: string, method: 'undo' | 'redo' | 'discard' | 'flush'): Promise<boolean> => {
      const tab = tabOf(id);
      if (!tab) return false;
      // Shortcuts arrive whether or not there is anything to undo; the buttons are disabled then.
      if ((method === 'undo' && !tab.session.canUndo) || (method === 'redo' && !tab.session.canRedo)) return false;
      const name = sessionLabel(tab.session);
      const result = method === 'flush' ? await run(`Flushing ${name}`, (o) => client.call('flush', { session: id }, o)) : await client.call(method, { session: id });
      if (result.ok) {
        dispatch({ type: 'session', info: result.value });
        if (method === 'flush') notify(`${name}: edits flushed to disk`);
        if (method === 'discard') notify(`${name}: edits discarded`);
      } else if (result.error.kind !== 'cancelled') {
        showError(`Could not ${method} ${name}`, result.error);
      }
      return result.ok;
    },
    [client, dispatch, notify, run, showError, tabOf],
  );

  const save = useCallback(
    async (id: string, path: string, options: RunOptions = {}): Promise<Result<{ path: string; bytes: number }>> => {
      const tab = tabOf(id);
      const name = tab ? sessionLabel(tab.session) : 'the array';
      const result = await run(`Saving ${name}`, (o) => client.call('saveAs', { session: id, path }, o), options);
      if (result.ok) {
        notify(`Saved ${name} to ${result.value.path} (${formatBytes(result.value.bytes)})`);
        const info = await client.call('describe', { session: id });
        if (info.ok) dispatch({ type: 'session', info: info.value });
      }
      return result;
    },
    [client, dispatch, notify, run, tabOf],
  );

  const saveAs = useCallback(
    async (id: string | null, thenClose = false): Promise<void> => {
      const tab = id === null ? null : tabOf(id);
      if (!tab) return;
      if (!hello.allowWrites) return notify('This server is read-only: Save As needs arrayscope serve --allow-write', 'error');
      if (!desktop) return setDialog({ kind: 'saveAs', tabId: tab.id, thenClose });
      const picked = await client.call('pickFile', { purpose: 'save', defaultPath: defaultSavePath(tab.session, null) });
      if (!picked.ok) return showError('Could not show the file dialog', picked.error);
      if (!picked.value.path) return;
      const result = await save(tab.id, picked.value.path);
      if (!result.ok && result.error.kind !== 'cancelled') showError(`Could not save ${sessionLabel(tab.session)}`, result.error);
      if (result.ok && thenClose) await closeNow(tab.id);
    },
    [client, closeNow, desktop, hello.allowWrites, notify, save, setDialog, showError, tabOf],
  );

  const flushAndClose = useCallback(
    async (id: string): Promise<void> => {
      if (await sessionCall(id, 'flush')) await closeNow(id);
    },
    [closeNow, sessionCall],
  );

  const actionsFor = useCallback(
    (id: string): EditActions => ({
      undo: () => void sessionCall(id, 'undo'),
      redo: () => void sessionCall(id, 'redo'),
      saveAs: () => void saveAs(id),
      discard: () => setDialog({ kind: 'confirmDiscard', tabId: id }),
      flush: () => void sessionCall(id, 'flush'),
    }),
    [saveAs, sessionCall, setDialog],
  );

  return useMemo(
    () => ({ openSession, openPath, pickOpenPath, startOpen, closeTab, closeNow, sessionCall, save, saveAs, flushAndClose, actionsFor }),
    [openSession, openPath, pickOpenPath, startOpen, closeTab, closeNow, sessionCall, save, saveAs, flushAndClose, actionsFor],
  );
}
