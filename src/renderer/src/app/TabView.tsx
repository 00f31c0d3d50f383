/**
 * One tab's content: the file toolbar, the view bar, the panel switcher and the panels. The tab
 * resolves its view (`view`) whenever the spec changes and hands every panel the same PanelProps.
 * Panels shown once stay mounted while hidden (with active=false) so the table keeps its scroll
 * position; panels never shown are not mounted at all.
 */
import { type ComponentType, type Dispatch, type KeyboardEvent, memo, useCallback, useEffect, useId, useMemo } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { SessionInfo, ViewSpec } from '../../../shared/schemas.js';
import { GridPanel } from '../grid/GridPanel.js';
import { MemoryPanel } from '../memory/MemoryPanel.js';
import { HistogramPanel } from '../plots/HistogramPanel.js';
import { ImagePanel } from '../plots/ImagePanel.js';
import { SeriesPanel } from '../plots/SeriesPanel.js';
import { StatsPanel } from '../plots/StatsPanel.js';
import { ViewBar } from '../view/ViewBar.js';
import { ErrorText } from './ErrorBanner.js';
import { sessionLabel } from './format.js';
import { type EditActions, FileToolbar } from './FileToolbar.js';
import type { ColumnSelection, PanelId, PanelProps, Viewport } from './panel.js';
import type { Tab, TabsAction } from './tabs.js';

interface PanelEntry {
  readonly id: PanelId;
  readonly label: string;
  readonly Component: ComponentType<PanelProps>;
}

export const PANELS: readonly PanelEntry[] = [
  { id: 'table', label: 'Table', Component: GridPanel },
  { id: 'plot', label: 'Plot', Component: SeriesPanel },
  { id: 'histogram', label: 'Histogram', Component: HistogramPanel },
  { id: 'image', label: 'Image', Component: ImagePanel },
  { id: 'stats', label: 'Stats', Component: StatsPanel },
  { id: 'memory', label: 'Memory', Component: MemoryPanel },
];

export interface TabViewProps {
  readonly tab: Tab;
  readonly active: boolean;
  readonly client: DataClient;
  readonly allowWrites: boolean;
  readonly dispatch: Dispatch<TabsAction>;
  readonly notify: (message: string, tone?: 'info' | 'error') => void;
  /** Edit actions for a tab, by id (stable across renders). */
  readonly actionsFor: (id: string) => EditActions;
}

/** Resolves the tab's view spec whenever it changes; a stale answer is dropped by the reducer. */
function useViewResolution(client: DataClient, tab: Tab, dispatch: Dispatch<TabsAction>): void {
  const { id, view } = tab;
  const key = JSON.stringify(view);
  useEffect(() => {
    let live = true;
    const spec = JSON.parse(key) as ViewSpec;
    void client.call('view', { session: id, view: spec }).then((result) => {
      if (!live) return;
      dispatch({ type: 'viewResolved', id, view: spec, info: result.ok ? result.value : null, error: result.ok ? null : result.error });
    });
    return () => {
      live = false;
    };
  }, [client, id, key, dispatch]);
}

export const TabView = memo(function TabView({ tab, active, client, allowWrites, dispatch, notify, actionsFor }: TabViewProps) {
  useViewResolution(client, tab, dispatch);
  const idBase = useId();
  const { id } = tab;
  const onSelect = useCallback((selection: ColumnSelection | null) => dispatch({ type: 'select', id, selection }), [dispatch, id]);
  const onViewChange = useCallback((view: ViewSpec) => dispatch({ type: 'view', id, view }), [dispatch, id]);
  const onSessionChange = useCallback((info: SessionInfo) => dispatch({ type: 'session', info }), [dispatch]);
  const onViewport = useCallback((viewport: Viewport) => dispatch({ type: 'viewport', id, viewport }), [dispatch, id]);
  const actions = useMemo(() => actionsFor(id), [actionsFor, id]);

  const shared = {
    client,
    session: tab.session,
    view: tab.view,
    viewInfo: tab.viewInfo,
    viewError: tab.viewError,
    selection: tab.selection,
    onSelect,
    onViewChange,
    onSessionChange,
    notify,
    viewport: tab.viewport,
    onViewport,
  };

  const choosePanel = (panel: PanelId): void => dispatch({ type: 'panel', id, panel });
  const onSwitcherKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = PANELS.findIndex((p) => p.id === tab.panel);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = PANELS[(index + step + PANELS.length) % PANELS.length]!;
    choosePanel(next.id);
    document.getElementById(`${idBase}-tab-${next.id}`)?.focus();
  };

  return (
    <section className="tab-view" hidden={!active} aria-label={sessionLabel(tab.session)}>
      <FileToolbar session={tab.session} allowWrites={allowWrites} actions={actions} />
      {tab.session.warning ? (
        <p className="session-warning" role="note">
          {tab.session.warning}
        </p>
      ) : null}
      <div className="view-row">
        <ViewBar client={client} session={tab.session} view={tab.view} viewInfo={tab.viewInfo} onViewChange={onViewChange} />
      </div>
      {tab.viewError ? (
        <p className="view-error" role="alert">
          <ErrorText error={tab.viewError} />
        </p>
      ) : null}
      <div className="panel-switcher" role="tablist" aria-label="Panels" onKeyDown={onSwitcherKey}>
        {PANELS.map((p) => (
          <button
            key={p.id}
            id={`${idBase}-tab-${p.id}`}
            type="button"
            role="tab"
            aria-selected={tab.panel === p.id}
            aria-controls={`${idBase}-panel-${p.id}`}
            tabIndex={tab.panel === p.id ? 0 : -1}
            className={`switch${tab.panel === p.id ? ' is-active' : ''}`}
            onClick={() => choosePanel(p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="panel-area">
        {PANELS.filter((p) => tab.visited.includes(p.id)).map(({ id: panelId, Component }) => (
          <div
            key={panelId}
            id={`${idBase}-panel-${panelId}`}
            role="tabpanel"
            aria-labelledby={`${idBase}-tab-${panelId}`}
            className="panel-host"
            hidden={tab.panel !== panelId}
          >
            <Component {...shared} active={active && tab.panel === panelId} />
          </div>
        ))}
      </div>
    </section>
  );
});
