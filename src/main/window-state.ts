/**
 * Remembers the main window's size, position and maximized state in userData/window-state.json.
 * A saved state that is unreadable, malformed, or no longer on any connected display is ignored
 * (the window then opens centred at the default size): a stale file must never hide the window.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly bounds: Rect | null;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { bounds: null, width: 1280, height: 800, maximized: false };
export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 400;
/** How much of the window's title area must lie on a display for a saved position to be kept. */
const VISIBLE_MARGIN = 48;

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

function visibleOn(rect: Rect, displays: readonly Rect[]): boolean {
  return displays.some(
    (d) =>
      rect.x + VISIBLE_MARGIN <= d.x + d.width &&
      rect.x + rect.width - VISIBLE_MARGIN >= d.x &&
      rect.y >= d.y &&
      rect.y + VISIBLE_MARGIN <= d.y + d.height,
  );
}

/** Reads the saved state; `displays` are the work areas of the connected screens. */
export function loadWindowState(file: string, displays: readonly Rect[]): WindowState {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  const { bounds, maximized } = (saved ?? {}) as { bounds?: unknown; maximized?: unknown };
  if (!isRect(bounds) || bounds.width < MIN_WIDTH || bounds.height < MIN_HEIGHT) return DEFAULT_WINDOW_STATE;
  const size = { width: Math.round(bounds.width), height: Math.round(bounds.height), maximized: maximized === true };
  return visibleOn(bounds, displays) ? { ...size, bounds } : { ...size, bounds: null };
}

/** Writes the state; failures are ignored (losing the window position is not worth an error). */
export function saveWindowState(file: string, bounds: Rect, maximized: boolean): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ bounds, maximized }, null, 2));
  } catch {
    // read-only profile directory, disk full: the next start uses the default size
  }
}
