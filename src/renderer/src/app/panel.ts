/**
 * What every panel of a tab receives. The shell (app/) owns the tab state — the session, the
 * current view and the selected column — and each panel (grid/, plots/, memory/) renders from
 * these props and reports changes through the callbacks, so panels never talk to each other.
 */
import type { DataClient } from '../../../shared/client.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { SessionInfo, ViewInfo, ViewSpec } from '../../../shared/schemas.js';

/** A grid column: an array column of the view plus a scalar field (leaf) of its dtype. */
export interface ColumnSelection {
  readonly col: number;
  readonly leaf: number;
}

export interface Viewport {
  readonly rows: readonly [number, number];
  readonly cols: readonly [number, number];
}

export interface PanelProps {
  readonly client: DataClient;
  /** The latest session info (mode, dirty, canUndo…); replaced after every edit. */
  readonly session: SessionInfo;
  /** The tab's view: index expression + row/column axes. Shared by grid, plots and image. */
  readonly view: ViewSpec;
  /** The resolved view, or null while it loads or when the index expression is invalid. */
  readonly viewInfo: ViewInfo | null;
  /** Why the view could not be resolved (the engine's `view` error, e.g. bad-index), else null. */
  readonly viewError?: ErrorData | null;
  /** The grid's current column, which plots, histogram and stats follow. */
  readonly selection: ColumnSelection | null;
  readonly onSelect: (selection: ColumnSelection | null) => void;
  readonly onViewChange: (view: ViewSpec) => void;
  /** Panels that edit (grid) report the new session info here. */
  readonly onSessionChange: (info: SessionInfo) => void;
  /** Shows a transient message in the status bar (errors name the file and the problem). */
  readonly notify: (message: string, tone?: 'info' | 'error') => void;
  /** The rows and grid columns the table shows now ([start, end)), or null before it has drawn. */
  readonly viewport: Viewport | null;
  /** The grid reports its visible range here (the memory panel marks it on the residency strip). */
  readonly onViewport: (viewport: Viewport) => void;
  /** False while the panel is hidden: stop timers and requests. */
  readonly active: boolean;
}

export type PanelId = 'table' | 'plot' | 'histogram' | 'image' | 'stats' | 'memory';
