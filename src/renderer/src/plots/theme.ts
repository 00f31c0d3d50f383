/**
 * Canvas drawing cannot use CSS variables, so plots read the theme's tokens (styles/theme.css)
 * once per draw from the document's computed style. Series colours: the accent first, then a
 * fixed categorical palette chosen to stay distinguishable on both the light and dark themes.
 */

export interface PlotTheme {
  readonly fg: string;
  readonly muted: string;
  readonly border: string;
  readonly accent: string;
  readonly special: string;
  readonly bg: string;
  readonly font: string;
}

export function plotTheme(): PlotTheme {
  const style = getComputedStyle(document.documentElement);
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    fg: token('--fg', '#1c2330'),
    muted: token('--fg-muted', '#5d6778'),
    border: token('--border', '#d8dde5'),
    accent: token('--accent', '#2563eb'),
    special: token('--special', '#9333ea'),
    bg: token('--bg', '#ffffff'),
    font: `11px ${token('--font-ui', 'sans-serif')}`,
  };
}

const PALETTE = ['#e8590c', '#2f9e44', '#c2255c', '#1098ad', '#7048e8', '#f08c00', '#5c940d'];

export function seriesColor(theme: PlotTheme, index: number): string {
  return index === 0 ? theme.accent : PALETTE[(index - 1) % PALETTE.length]!;
}

/** `#rrggbb` (or `rgb(...)`) with an alpha, for band fills. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const n = Number.parseInt(hex[1]!, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/.exec(color);
  if (rgb) {
    const [r, g, b] = rgb[1]!.split(',').map((s) => s.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}

/** A CSS colour as [r, g, b] (resolved by the canvas itself, so any CSS syntax works). */
export function rgbOf(color: string): [number, number, number] {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return [147, 51, 234];
  ctx.fillStyle = color;
  const resolved = ctx.fillStyle; // always #rrggbb or rgba(...)
  const hex = /^#([0-9a-f]{6})$/i.exec(resolved);
  if (hex) {
    const n = Number.parseInt(hex[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const parts = /\(([^)]+)\)/.exec(resolved)?.[1]?.split(',').map((s) => Number(s.trim())) ?? [147, 51, 234];
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}
