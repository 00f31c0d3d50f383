/**
 * Shared by the shell's browser specs (shell.spec.ts, shell-edits.spec.ts): locators for the
 * shell's parts, and numpy (the reference) or the CLI (the same engine) saying what the UI must show.
 */
import { type Locator, type Page, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { python } from '../helpers/numpy.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const grid = (page: Page): Locator => page.getByRole('grid');
export const row = (page: Page, r: number): Locator => grid(page).locator(`[role="row"][aria-rowindex="${r + 2}"]`);
export const cellAt = (page: Page, r: number, c: number): Locator => row(page, r).locator(`[role="gridcell"][aria-colindex="${c + 2}"]`);
export const openDialog = (page: Page): Locator => page.getByRole('dialog', { name: 'Open array' });
export const fileTabs = (page: Page): Locator => page.getByRole('tablist', { name: 'Open files' }).getByRole('tab');
export const fileTab = (page: Page, name: string): Locator => page.getByRole('tablist', { name: 'Open files' }).getByRole('tab', { name });
export const statusBar = (page: Page): Locator => page.getByRole('contentinfo', { name: 'Status' });

/** numpy's own text for every element of a 2-D (or 1-D, as one column) array. */
export function numpyText(file: string, load = 'np.load(sys.argv[1])'): string[][] {
  return JSON.parse(python(`a = ${load}\na = a.reshape(a.shape[0], -1)\nprint(json.dumps([[str(v) for v in r] for r in a]))`, [file])) as string[][];
}

/** Compares rows of the grid with numpy's text, over the first `cols` columns (the grid renders only what is in view). */
export async function expectRows(page: Page, expected: string[][], rows: Iterable<number>, cols = 8): Promise<void> {
  for (const r of rows) {
    const n = Math.min(cols, expected[r]!.length);
    for (let c = 0; c < n; c++) await expect(cellAt(page, r, c)).toHaveText(expected[r]![c]!);
  }
}

/** The engine's error for a malformed file, as the CLI (same engine) reports it. */
export function engineError(file: string): { kind: string; message: string } {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bin/arrayscope.js'), 'info', file, '--json'], { encoding: 'utf8' });
  } catch (err) {
    return (JSON.parse((err as { stdout: string }).stdout) as { error: { kind: string; message: string } }).error;
  }
  throw new Error(`${file} was expected to be malformed`);
}

/** Opens the Open dialog (Ctrl+O) unless it is open, and selects `name` in its file list. */
export async function chooseInDialog(page: Page, name: string): Promise<Locator> {
  const dialog = openDialog(page);
  if (!(await dialog.isVisible())) await page.keyboard.press('Control+o');
  await dialog.getByRole('option', { name: new RegExp(`^${name.replace(/\./g, '\\.')}`) }).click();
  return dialog;
}

/** Edits one cell through the grid's editor (double click, type, Enter). */
export async function editCell(page: Page, r: number, c: number, text: string): Promise<void> {
  await cellAt(page, r, c).dblclick();
  const editor = page.getByRole('textbox', { name: /^Edit / });
  await editor.fill(text);
  await editor.press('Enter');
  await expect(editor).toBeHidden();
}
