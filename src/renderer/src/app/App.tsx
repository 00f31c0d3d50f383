/**
 * The Arrayscope window: tabs of open arrays, the dialogs that open and save them, the error
 * banners and the status bar. It runs the same in the desktop app (IPC, native dialogs, the
 * shell's menu and unsaved-changes handshake) and in a browser against `arrayscope serve`
 * (WebSocket, the server's file list, typed save paths).
 */
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useReducer, useRef, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { MemorySample } from '../../../shared/schemas.js';
import type { ShellBridge } from '../transport/bridge.js';
import { ConfirmCloseDialog } from './ConfirmCloseDialog.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { type AppError, ErrorBanners } from './ErrorBanner.js';
import { sessionLabel } from './format.js';
import { OpenDialog } from './OpenDialog.js';
import { SaveAsDialog } from './SaveAsDialog.js';
import { StatusBar, type StatusMessage } from './StatusBar.js';
import { TabBar } from './TabBar.js';
import { activeTab, EMPTY_TABS, tabsReducer } from './tabs.js';
import { TabView } from './TabView.js';
import { useFileDrop, useShellCommands, useShortcuts } from './useAppEvents.js';
import { useLongCalls } from './useLongCalls.js';
import { defaultSavePath, type DialogState, type Hello, useTabActions } from './useTabActions.js';
import { Welcome } from './Welcome.js';

export interface Connection {
  /** Called once when the engine connection is lost, with the reason. */
  onClose(handler: (reason: string) => void): () => void;
}

export interface AppProps {
  readonly client: DataClient;
  readonly hello: Hello;
  /** The desktop shell API; null in a browser. */
  readonly shell: ShellBridge | null;
  readonly connection: Connection | null;
}

/** serve: the first files open as tabs and the rest wait in Open…; the desktop opens what it was given. */
const INITIAL_TABS = { serve: 2, electron: 16 } as const;
const MAX_BANNERS = 5;
let nextErrorId = 1;

export function App({ client, hello, shell, connection }: AppProps) {
  const [tabs, dispatch] = useReducer(tabsReducer, EMPTY_TABS);
  const tabsRef = useRef(tabs);
  useLayoutEffect(() => {
    tabsRef.current = tabs;
  });
  const [dialog, setDialog] = useState<DialogState>(null);
  const [errors, setErrors] = useState<readonly AppError[]>([]);
  const [message, setMessage] = useState<StatusMessage | null>(null);
  const [memory, setMemory] = useState<MemorySample | null>(null);
  const [disconnected, setDisconnected] = useState(false);
  const [browseDir, setBrowseDir] = useState<string | null>(null);
  const { calls, run } = useLongCalls();
  const desktop = hello.host === 'electron';

  const notify = useCallback((text: string, tone: 'info' | 'error' = 'info') => setMessage({ text, tone }), []);
  const showError = useCallback((title: string, error: ErrorData) => {
    setErrors((list) => [...list.slice(-(MAX_BANNERS - 1)), { id: nextErrorId++, title, error }]);
  }, []);
  const actions = useTabActions({ client, hello, tabsRef, dispatch, run, notify, showError, setDialog });
  const active = activeTab(tabs);

  // Engine events: session changes made elsewhere (edits from the grid), sessions closed under us,
  // memory samples, and files the desktop shell wants opened.
  const onClosedEvent = useEffectEvent((id: string, reason: string) => {
    const tab = tabsRef.current.tabs.find((t) => t.id === id);
    if (!tab) return;
    dispatch({ type: 'remove', id });
    showError(`${sessionLabel(tab.session)} was closed`, { kind: 'closed', message: reason });
  });
  const onOpenRequest = useEffectEvent((path: string) => void actions.openPath(path));
  const onDisconnect = useEffectEvent((reason: string) => {
    setDisconnected(true);
    showError('Lost the connection to the Arrayscope engine', { kind: 'io', message: reason });
  });
  useEffect(() => {
    const offs = [
      client.on('session', (info) => dispatch({ type: 'session', info })),
      client.on('closed', ({ session, reason }) => onClosedEvent(session, reason)),
      client.on('memory', (sample) => setMemory(sample)),
      client.on('openRequest', ({ path }) => onOpenRequest(path)),
      connection?.onClose((reason) => onDisconnect(reason)) ?? (() => undefined),
    ];
    return () => offs.forEach((off) => off());
  }, [client, connection]);

  // The files given at start open as tabs; the first one opened is shown.
  const started = useRef(false);
  const openInitial = useEffectEvent(async () => {
    const limit = INITIAL_TABS[hello.host];
    let dialogShown = false;
    let first: string | null = null;
    for (const path of hello.initialFiles.slice(0, limit)) {
      const opened = await actions.openPath(path, !dialogShown);
      if (opened === 'dialog') dialogShown = true;
      else if (opened !== null) first ??= opened;
    }
    if (first !== null) dispatch({ type: 'activate', id: first });
    const rest = hello.initialFiles.length - limit;
    if (rest > 0) notify(`${rest} more ${rest === 1 ? 'file is' : 'files are'} listed in Open… (${shortcutPrefix(hello)}O)`);
  });
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void openInitial();
  }, []);

  // The window title names the file; the desktop shell hears which tabs hold unsaved changes.
  const title = active ? `${sessionLabel(active.session)}${active.session.dirty ? ' •' : ''} — Arrayscope` : 'Arrayscope';
  useEffect(() => {
    document.title = title;
  }, [title]);
  const dirtyNames = tabs.tabs.filter((t) => t.session.dirty).map((t) => sessionLabel(t.session));
  const dirtyKey = JSON.stringify(dirtyNames);
  useEffect(() => {
    shell?.reportDirty(JSON.parse(dirtyKey) as string[]);
  }, [shell, dirtyKey]);

  const shellActions = {
    open: () => void actions.startOpen(),
    openRaw: (path: string | null) => setDialog({ kind: 'open', path, raw: true }),
    closeTab: () => actions.closeTab(tabsRef.current.activeId),
    cycleTab: (step: 1 | -1) => dispatch({ type: 'cycle', step }),
    undo: () => tabsRef.current.activeId && void actions.sessionCall(tabsRef.current.activeId, 'undo'),
    redo: () => tabsRef.current.activeId && void actions.sessionCall(tabsRef.current.activeId, 'redo'),
    saveAs: () => void actions.saveAs(tabsRef.current.activeId),
  };
  useShortcuts(shellActions, desktop);
  useShellCommands(shell, shellActions);
  const dragging = useFileDrop(
    shell,
    (path) => void actions.openPath(path),
    (text) => showError('Cannot open dropped files here', { kind: 'unsupported', message: text }),
  );

  const dialogTab = dialog && dialog.kind !== 'open' ? (tabs.tabs.find((t) => t.id === dialog.tabId) ?? null) : null;

  return (
    <div className={`app${disconnected ? ' is-disconnected' : ''}`}>
      <header className="app-header">
        <div className="brand" aria-hidden="true">
          <BrandMark />
        </div>
        <TabBar tabs={tabs.tabs} activeId={tabs.activeId} onActivate={(id) => dispatch({ type: 'activate', id })} onClose={actions.closeTab} />
        <button type="button" className="button button-small open-button" onClick={shellActions.open} title={`Open a file (${shortcutPrefix(hello)}O)`}>
          <PlusIcon /> Open…
        </button>
      </header>
      <ErrorBanners errors={errors} onDismiss={(id) => setErrors((list) => list.filter((e) => e.id !== id))} />
      <main className="workspace">
        {tabs.tabs.map((tab) => (
          <TabView
            key={tab.id}
            tab={tab}
            active={tab.id === tabs.activeId}
            client={client}
            allowWrites={hello.allowWrites}
            dispatch={dispatch}
            notify={notify}
            actionsFor={actions.actionsFor}
          />
        ))}
        {tabs.tabs.length === 0 ? <Welcome hello={hello} onOpen={shellActions.open} onOpenPath={(p) => void actions.openPath(p)} /> : null}
      </main>
      <StatusBar
        hostLabel={client.transport.label}
        readOnly={!hello.allowWrites}
        disconnected={disconnected}
        calls={calls}
        message={message}
        memory={memory}
      />
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <p>{shell ? 'Drop to open the file' : 'A browser cannot open dropped files: use Open…'}</p>
        </div>
      ) : null}
      {dialog?.kind === 'open' ? (
        <OpenDialog
          client={client}
          allowWrites={hello.allowWrites}
          browse={desktop ? null : { dir: browseDir, root: hello.root, onDirChange: setBrowseDir }}
          initialPath={dialog.path}
          initialRaw={dialog.raw}
          pickAnother={desktop ? actions.pickOpenPath : undefined}
          open={actions.openSession}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'saveAs' && dialogTab ? (
        <SaveAsDialog
          session={dialogTab.session}
          defaultPath={defaultSavePath(dialogTab.session, hello.root)}
          root={hello.root}
          save={(path, options) => actions.save(dialogTab.id, path, options)}
          onClose={(saved) => {
            setDialog(null);
            if (saved && dialog.thenClose) void actions.closeNow(dialogTab.id);
          }}
        />
      ) : null}
      {dialog?.kind === 'confirmClose' && dialogTab ? (
        <ConfirmCloseDialog
          session={dialogTab.session}
          canSave={hello.allowWrites}
          onSaveAs={() => {
            setDialog(null);
            void actions.saveAs(dialogTab.id, true);
          }}
          onFlushAndClose={() => {
            setDialog(null);
            void actions.flushAndClose(dialogTab.id);
          }}
          onCloseAnyway={() => {
            setDialog(null);
            void actions.closeNow(dialogTab.id);
          }}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'confirmDiscard' && dialogTab ? (
        <ConfirmDialog
          title={`Discard the edits to ${sessionLabel(dialogTab.session)}?`}
          text={`All ${dialogTab.session.editCount} in-memory edits of this tab are dropped and the file's own values show again. This cannot be undone.`}
          confirmLabel="Discard edits"
          onConfirm={() => {
            setDialog(null);
            void actions.sessionCall(dialogTab.id, 'discard');
          }}
          onCancel={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

export function shortcutPrefix(hello: Pick<Hello, 'platform'>): string {
  return hello.platform === 'darwin' ? '⌘' : 'Ctrl+';
}

function BrandMark() {
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" focusable="false">
      <rect x="1" y="1" width="16" height="16" rx="3" fill="var(--accent)" />
      <path d="M4.5 5.5h9M4.5 9h9M4.5 12.5h9M7.5 4v10M10.5 4v10" stroke="var(--accent-fg)" strokeWidth="1.1" opacity="0.9" />
    </svg>
  );
}

function PlusIcon() {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      <path d="M5 1v8M1 5h8" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}
