/**
 * The table end to end in the browser against the real `arrayscope serve`: numpy writes every
 * fixture and is the reference for every value the grid shows (and for files the grid writes).
 */
import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { hasNumpy, python } from '../helpers/numpy.js';
import { expect, test } from '../helpers/test.js';

test.skip(!hasNumpy, 'numpy is not available to write the fixtures');

const ROOT = path.resolve(import.meta.dirname, '../..');

const grid = (page: Page): Locator => page.getByRole('grid');
const cell = (page: Page, row: number, col: number): Locator => grid(page).locator(`[role="gridcell"][data-row="${row}"][data-col="${col}"]`);

/** Reopens `file` (already served) in mode c through the shell's Open dialog; the new tab is shown. */
async function reopenCopyOnWrite(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+o');
  const dialog = page.getByRole('dialog', { name: 'Open array' });
  await dialog.getByRole('option', { name: new RegExp(path.basename(file)) }).click();
  await dialog.getByRole('radio', { name: /copy-on-write/ }).check();
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('a 2-D float array: ARIA structure and numpy-exact values, NaN and Inf marked', async ({ page, arrays, open }) => {
  const file = arrays.file('floats.npy');
  const expected = JSON.parse(
    python(
      `a = (np.arange(300 * 7, dtype='<f8').reshape(300, 7) / 7) ** 3
a[2, 3] = np.nan; a[4, 1] = np.inf; a[5, 0] = -np.inf; a[1, 1] = 1e-300
np.save(sys.argv[1], a)
print(json.dumps([[str(a[r, c]) for c in range(7)] for r in range(12)]))`,
      [file],
    ),
  ) as string[][];
  await open([file]);
  await expect(grid(page)).toBeVisible();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(300 + 1));
  await expect(grid(page)).toHaveAttribute('aria-colcount', String(7 + 1));
  await expect(grid(page).locator('[role="row"][aria-rowindex="1"] [role="columnheader"][aria-colindex="3"]')).toContainText('1');
  for (let r = 0; r < 12; r++) {
    const row = grid(page).locator(`[role="row"][aria-rowindex="${r + 2}"]`);
    await expect(row.getByRole('rowheader')).toHaveText(String(r));
    for (let c = 0; c < 7; c++) {
      await expect(row.locator(`[role="gridcell"][aria-colindex="${c + 2}"]`)).toHaveText(expected[r]![c]!);
    }
  }
  await expect(grid(page).getByRole('gridcell', { name: 'nan', exact: true })).toHaveClass(/special/);
  await expect(grid(page).getByRole('gridcell', { name: '-inf', exact: true })).toHaveClass(/special/);
  // Served without --allow-write: export is disabled, saying why.
  await expect(page.getByRole('button', { name: 'Export…' })).toBeDisabled();
  await expect(page.getByText('read-only server: start it with --allow-write to export')).toBeVisible();
  await page.screenshot({ path: '/tmp/grid/shot-floats.png' });
});

test('Ctrl+End reaches the last of 2^33 rows (a 64 GiB sparse file) with numpy values; Go to row reaches 2^31', async ({ page, arrays, open }) => {
  const file = arrays.file('big.npy');
  execFileSync(process.execPath, [path.join(ROOT, 'bin/arrayscope.js'), 'create', file, '--dtype', 'f8', '--shape', String(2 ** 33)]);
  const expected = JSON.parse(
    python(
      `a = np.load(sys.argv[1], mmap_mode='r+')
a[-3:] = [1.25, -7.5e-12, 3.141592653589793]
a[2**31] = 42.0
a.flush()
print(json.dumps({'n': a.shape[0], 'tail': [str(x) for x in a[-3:]], 'mid': str(a[2**31])}))`,
      [file],
    ),
  ) as { n: number; tail: string[]; mid: string };
  const n = expected.n;
  await open([file]);
  await expect(grid(page)).toBeVisible();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(n + 1));
  await cell(page, 0, 0).click();
  await page.keyboard.press('Control+End');
  const last = grid(page).locator(`[role="row"][aria-rowindex="${n + 1}"]`);
  await expect(last.getByRole('rowheader')).toHaveText(String(n - 1));
  await expect(last.getByRole('gridcell')).toHaveText(expected.tail[2]!);
  await expect(cell(page, n - 2, 0)).toHaveText(expected.tail[1]!);
  await expect(cell(page, n - 3, 0)).toHaveText(expected.tail[0]!);
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', (await last.getByRole('gridcell').getAttribute('id'))!);
  await page.screenshot({ path: '/tmp/grid/shot-big-end.png' });

  await page.getByLabel('Go to row').fill(String(2 ** 31));
  await page.getByLabel('Go to row').press('Enter');
  await expect(cell(page, 2 ** 31, 0)).toHaveText(expected.mid);
  await expect(cell(page, 2 ** 31 - 1, 0)).toHaveCount(0); // the row asked for is the first one shown
  await page.keyboard.press('Control+Home');
  await expect(cell(page, 0, 0)).toHaveText('0.0');
});

test('editing in mode c: edit, undo, redo, changed cells, Save As read back by numpy', async ({ page, arrays, open }) => {
  const file = arrays.file('ints.npy');
  const saved = arrays.file('ints-saved.npy');
  python(`np.save(sys.argv[1], np.arange(20 * 5, dtype='<i4').reshape(20, 5) * 3)`, [file]);
  await open([file], { allowWrite: true });
  await expect(grid(page)).toBeVisible();
  await reopenCopyOnWrite(page, file);
  await expect(cell(page, 3, 2)).toHaveText('51');

  await cell(page, 3, 2).dblclick();
  const editor = page.getByRole('textbox', { name: /^Edit / });
  await expect(editor).toHaveValue('51');
  await editor.fill('-12345');
  await editor.press('Enter');
  await expect(editor).toBeHidden();
  await expect(cell(page, 3, 2)).toHaveText('-12345');
  await expect(cell(page, 3, 2)).toHaveClass(/edited/);
  await expect(grid(page)).toBeFocused();

  // Typing on a cell starts editing it; Esc cancels.
  await cell(page, 0, 0).click();
  await page.keyboard.type('7');
  await expect(editor).toHaveValue('7');
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(cell(page, 0, 0)).toHaveText('0');

  await page.getByRole('button', { name: /Changed cells \(1\)/ }).click();
  const drawer = page.getByRole('complementary', { name: 'Changed cells' });
  await expect(drawer.getByRole('button', { name: /\[3, 2\]/ })).toContainText('51 → -12345');

  await grid(page).focus();
  await page.keyboard.press('Control+z');
  await expect(cell(page, 3, 2)).toHaveText('51');
  await expect(cell(page, 3, 2)).not.toHaveClass(/edited/);
  await page.keyboard.press('Control+Shift+Z');
  await expect(cell(page, 3, 2)).toHaveText('-12345');
  await cell(page, 19, 4).click();
  await drawer.getByRole('button', { name: /\[3, 2\]/ }).click();
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', (await cell(page, 3, 2).getAttribute('id')) ?? 'missing id');
  await page.screenshot({ path: '/tmp/grid/shot-edit.png' });

  await page.getByRole('button', { name: /Save As/ }).click();
  const dialog = page.getByRole('dialog', { name: /Save .* as \.npy/ });
  await dialog.getByLabel('Path on the server').fill(saved);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const check = JSON.parse(
    python(
      `a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
print(json.dumps({'cell': int(b[3, 2]), 'same_elsewhere': bool(((a == b) | (np.arange(a.size).reshape(a.shape) == 17)).all()), 'dtype': str(b.dtype), 'orig': int(a[3, 2])}))`,
      [file, saved],
    ),
  ) as { cell: number; same_elsewhere: boolean; dtype: string; orig: number };
  expect(check).toEqual({ cell: -12345, same_elsewhere: true, dtype: 'int32', orig: 51 });
});

test('a bad edit is refused with the reason next to the cell and the editor stays open; mode r says why it cannot edit', async ({ page, arrays, open }) => {
  const file = arrays.file('int8.npy');
  python(`np.save(sys.argv[1], np.array([[1, -2, 3], [4, 5, -6]], dtype='i1'))`, [file]);
  await open([file], { allowWrite: true });
  await expect(grid(page)).toBeVisible();

  // Mode r first: editing says why not.
  await cell(page, 0, 1).click();
  await page.keyboard.press('Enter');
  await expect(grid(page).getByRole('alert')).toHaveText('opened read-only (r): reopen in c or r+ to edit');
  await expect(page.getByRole('textbox', { name: /^Edit / })).toHaveCount(0);

  await reopenCopyOnWrite(page, file);
  await cell(page, 1, 1).dblclick();
  const editor = page.getByRole('textbox', { name: /^Edit / });
  await editor.fill('300');
  await editor.press('Enter');
  const reason = grid(page).getByRole('alert');
  await expect(reason).toContainText('300 is out of range for int8');
  await expect(editor).toBeVisible();
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: '/tmp/grid/shot-bad-edit.png' });
  await editor.press('Escape');
  await expect(editor).toBeHidden();
  await expect(cell(page, 1, 1)).toHaveText('5');
  await expect(cell(page, 1, 1)).not.toHaveClass(/edited/);
});

test("N-D arrays: the axis pickers, inputs and sliders show numpy's a[k, :, :] and transposes; the index box reports errors", async ({ page, arrays, open }) => {
  const file = arrays.file('cube.npy');
  const a = JSON.parse(python(`a = np.arange(4 * 5 * 6, dtype='<i2').reshape(4, 5, 6) - 50; np.save(sys.argv[1], a); print(json.dumps(a.tolist()))`, [file])) as number[][][];
  await open([file]);
  await expect(grid(page)).toBeVisible();
  const expectSlice = async (value: (r: number, c: number) => number, rows: number, cols: number): Promise<void> => {
    await expect(grid(page)).toHaveAttribute('aria-rowcount', String(rows + 1));
    await expect(grid(page)).toHaveAttribute('aria-colcount', String(cols + 1));
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) await expect(cell(page, r, c)).toHaveText(String(value(r, c)));
  };
  await expectSlice((r, c) => a[0]![r]![c]!, 5, 6);

  await page.getByLabel('Index along axis 0').fill('2');
  await expectSlice((r, c) => a[2]![r]![c]!, 5, 6);
  await page.getByLabel('Slider for axis 0').focus();
  await page.keyboard.press('ArrowRight');
  await expectSlice((r, c) => a[3]![r]![c]!, 5, 6);

  // Rows along axis 2: the picker swaps the axes (a[3, :, :].T).
  await page.getByLabel('Row axis').selectOption('2');
  await expectSlice((r, c) => a[3]![c]![r]!, 6, 5);
  // Rows along axis 0 instead: axis 2, which they replace, becomes fixed (at 0) with its own input.
  await page.getByLabel('Row axis').selectOption('0');
  await expect(page.getByLabel('Index along axis 2')).toHaveValue('0');
  await expectSlice((r, c) => a[r]![c]![0]!, 4, 5);
  await page.getByLabel('Index along axis 2').fill('-1');
  await expectSlice((r, c) => a[r]![c]![5]!, 4, 5);
  await page.screenshot({ path: '/tmp/grid/shot-cube.png' });

  const box = page.getByLabel('Index expression');
  await box.fill('a[1, ::2, 3]');
  await box.press('Enter');
  await expectSlice((r) => a[1]![2 * r]![3]!, 3, 1);
  await box.fill('9, :, :');
  await expect(page.getByRole('region', { name: 'View' }).getByRole('alert')).toHaveText('index 9 is out of bounds for axis 0 with size 4');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: '/tmp/grid/shot-index-error.png' });
});

test('structured dtypes: one column per leaf (nested and subarray paths), and the field picker', async ({ page, arrays, open }) => {
  const file = arrays.file('records.npy');
  const expected = JSON.parse(
    python(
      `dt = np.dtype([('x', '<f4'), ('pos', [('a', '<i2'), ('b', '>f8')]), ('v', 'u1', (2,))])
a = np.zeros(6, dtype=dt)
a['x'] = np.linspace(-1, 1, 6); a['pos']['a'] = np.arange(6) * -3; a['pos']['b'] = np.arange(6) / 3; a['v'] = np.arange(12).reshape(6, 2) * 20
np.save(sys.argv[1], a)
print(json.dumps([[str(r['x']), str(r['pos']['a']), str(r['pos']['b']), str(r['v'][0]), str(r['v'][1])] for r in a]))`,
      [file],
    ),
  ) as string[][];
  await open([file]);
  await expect(grid(page)).toBeVisible();
  const headers = grid(page).locator('[role="row"][aria-rowindex="1"] [role="columnheader"]');
  await expect(headers).toHaveText(['index', 'x', 'pos.a', 'pos.b', 'v[0]', 'v[1]'].map((t) => new RegExp(`^${t.replace(/[[\].]/g, '\\$&')}`)));
  for (let r = 0; r < 6; r++) for (let c = 0; c < 5; c++) await expect(cell(page, r, c)).toHaveText(expected[r]![c]!);

  await page.getByLabel('Field').selectOption('pos');
  await expect(grid(page)).toHaveAttribute('aria-colcount', '3');
  await expect(headers).toHaveText([/^index/, /^pos\.a/, /^pos\.b/]);
  for (let r = 0; r < 6; r++) {
    await expect(cell(page, r, 0)).toHaveText(expected[r]![1]!);
    await expect(cell(page, r, 1)).toHaveText(expected[r]![2]!);
  }
  await page.screenshot({ path: '/tmp/grid/shot-records.png' });
});

test('selection: copy as TSV, export the selection to .npy and the view to CSV (read back by numpy), hex format', async ({ page, context, arrays, open }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const file = arrays.file('table.npy');
  const out = { npy: arrays.file('sel.npy'), csv: arrays.file('view.csv') };
  const a = JSON.parse(
    python(`a = (np.arange(40 * 6, dtype='<i2').reshape(40, 6) - 100) * 7; np.save(sys.argv[1], a); print(json.dumps(a.tolist()))`, [file]),
  ) as number[][];
  await open([file], { allowWrite: true });
  await expect(grid(page)).toBeVisible();

  // Drag from (0, 0) to (1, 4): a 2 × 5 rectangle.
  await cell(page, 0, 0).hover();
  await page.mouse.down();
  await cell(page, 1, 4).hover();
  await page.mouse.up();
  await expect(page.getByText('selected 2 × 5 cells')).toBeVisible();
  await expect(cell(page, 1, 3)).toHaveClass(/selected/);
  // Click and shift-click: rows 2–4 × columns 1–3.
  await cell(page, 2, 1).click();
  await cell(page, 4, 3).click({ modifiers: ['Shift'] });
  await expect(cell(page, 3, 2)).toHaveClass(/selected/);
  await expect(cell(page, 1, 3)).not.toHaveClass(/selected/);
  await page.keyboard.press('Control+c');
  await expect(page.getByText(/Copied 9 cells/)).toBeVisible();
  const tsv = await page.evaluate<string>('navigator.clipboard.readText()');
  expect(tsv).toBe([2, 3, 4].map((r) => [1, 2, 3].map((c) => String(a[r]![c])).join('\t')).join('\n'));

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByRole('radio', { name: /The selection/ })).toBeChecked();
  await dialog.getByLabel('Path on the server').fill(out.npy);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Export…' }).click();
  await dialog.getByRole('radio', { name: /The whole view/ }).check();
  await dialog.getByRole('radio', { name: /CSV/ }).check();
  await dialog.getByLabel('Path on the server').fill(out.csv);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog).toBeHidden();
  const check = JSON.parse(
    python(
      `a = np.load(sys.argv[1]); s = np.load(sys.argv[2]); c = np.loadtxt(sys.argv[3], delimiter=',', dtype=a.dtype, ndmin=2)
print(json.dumps({'sel': bool(np.array_equal(s, a[2:5, 1:4])), 'dtype': str(s.dtype), 'csv': bool(np.array_equal(c, a))}))`,
      [file, out.npy, out.csv],
    ),
  );
  expect(check).toEqual({ sel: true, dtype: 'int16', csv: true });

  await page.getByRole('button', { name: 'Display format of column 2' }).click();
  await page.getByRole('radio', { name: 'Hexadecimal' }).check();
  await page.getByRole('button', { name: 'Done' }).click();
  const hex = JSON.parse(python(`a = np.load(sys.argv[1]); print(json.dumps(['0x' + format(int(v) & 0xffff, '04x') for v in a[:5, 2]]))`, [file])) as string[];
  for (let r = 0; r < 5; r++) await expect(cell(page, r, 2)).toHaveText(hex[r]!);
});

test('keyboard navigation, a proportional scrollbar past 33.5 M px, column selection and resizing', async ({ page, arrays, open }) => {
  const file = arrays.file('wide.npy');
  const rows = 3_000_000; // 66 M px of rows at 22 px: beyond any browser's element height
  const cols = 300;
  python(`a = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype='<i4', shape=(${rows}, ${cols})); a[:] = 0
a[:100] = np.arange(100 * ${cols}).reshape(100, ${cols}); a[-1] = -np.arange(${cols}); a.flush()`, [file]);
  await open([file]);
  await expect(grid(page)).toBeVisible();
  const active = async (): Promise<[number, number]> => {
    const id = await grid(page).getAttribute('aria-activedescendant');
    const el = page.locator(`[id="${id}"]`);
    return [Number(await el.getAttribute('data-row')), Number(await el.getAttribute('data-col'))];
  };
  await cell(page, 2, 1).click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  expect(await active()).toEqual([3, 2]);
  await expect(page.locator(`[id="${await grid(page).getAttribute('aria-activedescendant')}"]`)).toHaveText(String(3 * cols + 2));
  await page.keyboard.press('PageDown');
  const [afterPage] = await active();
  expect(afterPage).toBeGreaterThan(20);
  await page.keyboard.press('End');
  expect(await active()).toEqual([afterPage, cols - 1]);
  await expect(cell(page, afterPage, cols - 1)).toHaveText(String(afterPage * cols + cols - 1));
  await page.keyboard.press('Home');
  expect(await active()).toEqual([afterPage, 0]);
  await page.keyboard.press('Control+End');
  expect(await active()).toEqual([rows - 1, cols - 1]);
  await expect(cell(page, rows - 1, cols - 1)).toHaveText(String(-(cols - 1)));

  // The native bar is capped in size but proportional: its middle is the middle of the rows.
  // (Headless Chromium hides scrollbars, so the thumb is moved the way a drag moves it: scrollTop.)
  await page.keyboard.press('Control+Home');
  const bar = await grid(page).evaluate((el) => {
    el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
    return { height: el.scrollHeight };
  });
  expect(bar.height).toBeLessThan(17_000_000);
  await expect(grid(page).locator('[role="rowheader"]').first()).not.toHaveText('0');
  const first = Number(await grid(page).locator('[role="rowheader"]').first().textContent());
  expect(Math.abs(first / rows - 0.5)).toBeLessThan(0.001);
  await expect(cell(page, first + 1, 0)).toHaveText('0');
  await page.screenshot({ path: '/tmp/grid/shot-wide-middle.png' });

  // A header click selects the column; dragging its edge resizes it.
  const header = grid(page).locator('[role="columnheader"][aria-colindex="4"]');
  await header.click();
  await expect(header).toHaveClass(/selected/);
  await expect(cell(page, first + 1, 2)).toHaveClass(/selected/);
  const before = (await header.boundingBox())!.width;
  const handle = header.locator('.grid-resize-handle');
  const h = (await handle.boundingBox())!;
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 + 80, h.y + h.height / 2, { steps: 4 });
  await page.mouse.up();
  expect((await header.boundingBox())!.width).toBeCloseTo(before + 80, -1);
});
