/**
 * The state of the open tabs, as a pure reducer. One tab is one engine session; the tab keeps
 * what every panel shares: the session info, the view (spec and resolved info), the selected
 * column, the table's viewport and which panel is showing.
 *
 * Invariants: `activeId` is null exactly when there are no tabs, otherwise it names a tab;
 * a tab's `viewInfo` always belongs to its current `view` (results for an older spec are dropped).
 */
import type { ErrorData } from '../../../shared/errors.js';
import type { SessionInfo, ViewInfo, ViewSpec } from '../../../shared/schemas.js';
import type { ColumnSelection, PanelId, Viewport } from './panel.js';

/** What the user asked to open, so a second request for the same file can reuse its tab. */
export interface TabOrigin {
  readonly path: string;
  readonly member: string | null;
  readonly raw: boolean;
}

export interface Tab {
  readonly id: string;
  readonly origin: TabOrigin;
  readonly session: SessionInfo;
  readonly view: ViewSpec;
  readonly viewInfo: ViewInfo | null;
  /** Why `view` cannot be shown (bad index…), or null. */
  readonly viewError: ErrorData | null;
  readonly selection: ColumnSelection | null;
  readonly viewport: Viewport | null;
  readonly panel: PanelId;
  /** Panels shown at least once: they stay mounted (inactive) so they keep their state. */
  readonly visited: readonly PanelId[];
}

export interface TabsState {
  readonly tabs: readonly Tab[];
  readonly activeId: string | null;
}

export type TabsAction =
  | { readonly type: 'add'; readonly session: SessionInfo; readonly origin: TabOrigin }
  | { readonly type: 'remove'; readonly id: string }
  | { readonly type: 'activate'; readonly id: string }
  | { readonly type: 'cycle'; readonly step: 1 | -1 }
  | { readonly type: 'session'; readonly info: SessionInfo }
  | { readonly type: 'view'; readonly id: string; readonly view: ViewSpec }
  | { readonly type: 'viewResolved'; readonly id: string; readonly view: ViewSpec; readonly info: ViewInfo | null; readonly error: ErrorData | null }
  | { readonly type: 'select'; readonly id: string; readonly selection: ColumnSelection | null }
  | { readonly type: 'viewport'; readonly id: string; readonly viewport: Viewport }
  | { readonly type: 'panel'; readonly id: string; readonly panel: PanelId };

export const EMPTY_TABS: TabsState = { tabs: [], activeId: null };

/**
 * The view a new tab starts with: the whole array for ≤ 2 dims; for more, the leading axes are
 * fixed at 0 so the last two form the table (`[0, :, :]` for 3-D).
 */
export function defaultView(shape: readonly number[]): ViewSpec {
  if (shape.length <= 2) return { index: '' };
  const fixed = Array.from({ length: shape.length - 2 }, () => '0');
  return { index: `[${[...fixed, ':', ':'].join(', ')}]` };
}

export function sameView(a: ViewSpec, b: ViewSpec): boolean {
  return (a.index ?? '') === (b.index ?? '') && a.rowAxis === b.rowAxis && a.colAxis === b.colAxis && a.field === b.field;
}

function sameViewport(a: Viewport | null, b: Viewport): boolean {
  return a !== null && a.rows[0] === b.rows[0] && a.rows[1] === b.rows[1] && a.cols[0] === b.cols[0] && a.cols[1] === b.cols[1];
}

/** Keeps a selection that still exists in the resolved view, else the first column (or none). */
function fitSelection(selection: ColumnSelection | null, info: ViewInfo | null): ColumnSelection | null {
  if (info === null) return selection;
  if (info.cols === 0 || info.leaves.length === 0) return null;
  if (selection && selection.col < info.cols && selection.leaf < info.leaves.length) return selection;
  return { col: 0, leaf: 0 };
}

function updateTab(state: TabsState, id: string, change: (tab: Tab) => Tab): TabsState {
  let changed = false;
  const tabs = state.tabs.map((tab) => {
    if (tab.id !== id) return tab;
    const next = change(tab);
    changed ||= next !== tab;
    return next;
  });
  return changed ? { ...state, tabs } : state;
}

function removeTab(state: TabsState, id: string): TabsState {
  const index = state.tabs.findIndex((t) => t.id === id);
  if (index < 0) return state;
  const tabs = state.tabs.filter((t) => t.id !== id);
  if (state.activeId !== id) return { ...state, tabs };
  // The neighbour to the right takes over, as in editors; the last tab hands over to its left.
  const next = tabs[Math.min(index, tabs.length - 1)];
  return { tabs, activeId: next?.id ?? null };
}

function cycle(state: TabsState, step: 1 | -1): TabsState {
  const n = state.tabs.length;
  if (n < 2) return state;
  const index = state.tabs.findIndex((t) => t.id === state.activeId);
  const next = state.tabs[(index + step + n) % n]!;
  return { ...state, activeId: next.id };
}

export function tabsReducer(state: TabsState, action: TabsAction): TabsState {
  switch (action.type) {
    case 'add': {
      const { session, origin } = action;
      if (state.tabs.some((t) => t.id === session.id)) return { ...state, activeId: session.id };
      const tab: Tab = {
        id: session.id,
        origin,
        session,
        view: defaultView(session.shape),
        viewInfo: null,
        viewError: null,
        selection: null,
        viewport: null,
        panel: 'table',
        visited: ['table'],
      };
      return { tabs: [...state.tabs, tab], activeId: session.id };
    }
    case 'remove':
      return removeTab(state, action.id);
    case 'activate':
      return state.tabs.some((t) => t.id === action.id) ? { ...state, activeId: action.id } : state;
    case 'cycle':
      return cycle(state, action.step);
    case 'session':
      return updateTab(state, action.info.id, (tab) => ({ ...tab, session: action.info }));
    case 'view':
      return updateTab(state, action.id, (tab) =>
        sameView(tab.view, action.view) ? tab : { ...tab, view: action.view, viewInfo: null, viewError: null, viewport: null },
      );
    case 'viewResolved':
      return updateTab(state, action.id, (tab) =>
        sameView(tab.view, action.view)
          ? { ...tab, viewInfo: action.info, viewError: action.error, selection: fitSelection(tab.selection, action.info) }
          : tab,
      );
    case 'select':
      return updateTab(state, action.id, (tab) =>
        tab.selection?.col === action.selection?.col && tab.selection?.leaf === action.selection?.leaf ? tab : { ...tab, selection: action.selection },
      );
    case 'viewport':
      return updateTab(state, action.id, (tab) => (sameViewport(tab.viewport, action.viewport) ? tab : { ...tab, viewport: action.viewport }));
    case 'panel':
      return updateTab(state, action.id, (tab) =>
        tab.panel === action.panel
          ? tab
          : { ...tab, panel: action.panel, visited: tab.visited.includes(action.panel) ? tab.visited : [...tab.visited, action.panel] },
      );
  }
}

export function activeTab(state: TabsState): Tab | null {
  return state.tabs.find((t) => t.id === state.activeId) ?? null;
}

/** The open tab that already shows what `origin` asks for in mode r, if any. */
export function findReusableTab(state: TabsState, origin: TabOrigin, mode: string): Tab | null {
  if (origin.raw || mode !== 'r') return null;
  return (
    state.tabs.find(
      (t) => !t.origin.raw && t.session.mode === 'r' && (t.origin.path === origin.path || t.session.path === origin.path) && t.origin.member === origin.member,
    ) ?? null
  );
}
