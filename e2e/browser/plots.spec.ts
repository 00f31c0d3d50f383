/**
 * Plots end to end in the browser against the real `arrayscope serve`. numpy writes every fixture
 * and is the reference: the series readout must print numpy's str() of the element at the index
 * it names, histogram counts must equal np.histogram's, the image of a gradient must show the
 * colormap's colours at known pixels (read back from the canvas), and the statistics must match
 * numpy's count / min / max / NaN count.
 */
import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { hasNumpy, python } from '../helpers/numpy.js';
import { expect, test } from '../helpers/test.js';
import { pixelOf, useGrayLimits } from '../helpers/image.js';

test.skip(!hasNumpy, 'numpy is not available to write the fixtures');

const SHOTS = '/tmp/plots/shots';

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

async function showPanel(page: Page, name: string): Promise<Locator> {
  await page.getByRole('tab', { name, exact: true }).click();
  const panel = page.getByRole('tabpanel', { name });
  await expect(panel).toBeVisible();
  return panel;
}

/** Selects grid column `col` by clicking its first cell (plots follow the table's selection). */
async function selectColumn(page: Page, col: number): Promise<void> {
  await page.getByRole('grid').locator(`[role="gridcell"][data-row="0"][data-col="${col}"]`).click();
}

/** The readout's index and values, read together once they have stopped changing (values arrive after the pointer moves). */
async function readoutAt(panel: Locator): Promise<{ index: number; values: string[] }> {
  const out = panel.locator('output[aria-label="Values at the cursor"]');
  const read = () =>
    out.evaluate((el) => ({
      index: Number(el.querySelector('[data-index]')?.getAttribute('data-index') ?? NaN),
      values: [...el.querySelectorAll('[data-value]')].map((v) => v.textContent ?? ''),
    }));
  let last = JSON.stringify(await read());
  for (;;) {
    await panel.page().waitForTimeout(250);
    const now = JSON.stringify(await read());
    if (now === last) return JSON.parse(now) as { index: number; values: string[] };
    last = now;
  }
}

test('series plot: the readout prints numpy values at the index it names (typed and under the pointer)', async ({ page, arrays, open }) => {
  const file = arrays.file('series.npy');
  python(
    `a = np.empty((200_000, 3), dtype='<f4')
i = np.arange(200_000)
a[:, 0] = i
a[:, 1] = np.sin(i / 3000) * 10 + (i % 7) * 0.1
a[:, 2] = np.cos(i / 500)
a[50_000:52_000, 1] = np.nan
np.save(sys.argv[1], a)`,
    [file],
  );
  const reference = (indices: number[]): string[] =>
    JSON.parse(python(`a = np.load(sys.argv[1]); print(json.dumps([str(a[int(i), 1]) for i in sys.argv[2:]]))`, [file, ...indices.map(String)])) as string[];

  await open([file]);
  await expect(page.getByRole('grid')).toBeVisible();
  await selectColumn(page, 1);
  const panel = await showPanel(page, 'Plot');
  await expect(panel.locator('.plot-legend')).toContainText('column 1');
  await expect(panel.locator('canvas').first()).toBeVisible();
  await expect(panel.getByText('loading…')).toHaveCount(0);

  const typed = [0, 1, 12_345, 51_000, 199_999];
  const want = reference(typed);
  const input = panel.getByLabel('Read row');
  for (let k = 0; k < typed.length; k++) {
    await input.fill(String(typed[k]));
    await panel.getByRole('button', { name: 'Read', exact: true }).click();
    await expect(panel.locator('output [data-index]')).toHaveAttribute('data-index', String(typed[k]));
    await expect(panel.locator('output [data-value]')).toHaveText(want[k]!);
  }
  expect(want[3]).toBe('nan');

  // Under the pointer: whatever index the readout names, its value is numpy's.
  const chart = panel.locator('.u-over');
  const box = (await chart.boundingBox())!;
  for (const fraction of [0.1, 0.37, 0.8]) {
    await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
    await expect(panel.locator('output [data-index]')).not.toHaveAttribute('data-index', '');
    const shown = await readoutAt(panel);
    const expectedIndex = Math.round(200_000 * fraction);
    expect(Math.abs(shown.index - expectedIndex)).toBeLessThan(200_000 / 100);
    expect(shown.values).toEqual(reference([shown.index]));
  }

  // Zoom into a few hundred rows (drag-select), where buckets are raw values: the readout still matches.
  await page.mouse.move(box.x + box.width * 0.5, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5 + 3, box.y + 20, { steps: 3 });
  await page.mouse.up();
  await expect(panel.locator('.plot-range-text')).not.toContainText('rows 0–199,999');
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  const zoomed = await readoutAt(panel);
  expect(zoomed.values).toEqual(reference([zoomed.index]));
  await page.screenshot({ path: `${SHOTS}/series.png` });
});

test('rows mode plots a row of a 2-D view against the column index', async ({ page, arrays, open }) => {
  const file = arrays.file('rows.npy');
  const want = JSON.parse(
    python(
      `a = (np.arange(40 * 300, dtype='<f8').reshape(40, 300) / 7) ** 1.5
np.save(sys.argv[1], a)
print(json.dumps([str(a[5, c]) for c in (0, 123, 299)]))`,
      [file],
    ),
  ) as string[];
  await open([file]);
  await expect(page.getByRole('grid')).toBeVisible();
  const panel = await showPanel(page, 'Plot');
  await panel.getByRole('radio', { name: 'Rows' }).check();
  await panel.getByLabel('Add row').fill('5');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(panel.locator('.plot-legend')).toContainText('row 5');
  for (const [k, col] of [0, 123, 299].entries()) {
    await panel.getByLabel('Read column').fill(String(col));
    await panel.getByRole('button', { name: 'Read', exact: true }).click();
    await expect(panel.locator('output [data-index]')).toHaveAttribute('data-index', String(col));
    await expect(panel.locator('output [data-value]')).toHaveText(want[k]!);
  }
  await page.screenshot({ path: `${SHOTS}/series-rows.png` });
});

test('a column of more than 4M rows: the zoom overview is built in the background and zoomed values stay exact', async ({ page, arrays, open }) => {
  const file = arrays.file('long.npy');
  python(
    `i = np.arange(4_200_001)
a = np.sin(i / 50_000.0) + (i % 11) * 1e-3
a[3_000_000:3_000_500] = np.nan
np.save(sys.argv[1], a)`,
    [file],
  );
  const reference = (indices: number[]): string[] =>
    JSON.parse(python(`a = np.load(sys.argv[1], mmap_mode='r'); print(json.dumps([str(a[int(i)]) for i in sys.argv[2:]]))`, [file, ...indices.map(String)])) as string[];
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (frame) => sent.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('latin1'))));
  await open([file]);
  await expect(page.getByRole('grid')).toBeVisible();
  const panel = await showPanel(page, 'Plot');
  await expect.poll(() => sent.some((f) => f.includes('"buildPyramid"'))).toBe(true);
  await expect(panel.getByText(/Building the zoom overview/)).toHaveCount(0, { timeout: 30_000 });
  await expect(panel.getByRole('alert')).toHaveCount(0);
  const seriesAfterBuild = () => sent.slice(sent.findIndex((f) => f.includes('"buildPyramid"')) + 1).filter((f) => f.includes('"series"')).length;
  await expect.poll(seriesAfterBuild).toBeGreaterThan(0);
  for (let k = 0; k < 3; k++) await panel.getByRole('button', { name: 'Zoom in' }).click();
  await expect(panel.locator('.plot-range-text')).toContainText('rows 1,837,500–2,362,500');
  const box = (await panel.locator('.u-over').boundingBox())!;
  for (const fraction of [0.2, 0.5, 0.9]) {
    await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
    const shown = await readoutAt(panel);
    expect(shown.values).toEqual(reference([shown.index]));
  }
  await panel.getByLabel('Read row').fill('3000100');
  await panel.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(panel.locator('output [data-value]')).toHaveText('nan');
  await page.screenshot({ path: `${SHOTS}/series-long.png` });
});

test('histogram counts equal np.histogram, automatic and manual range', async ({ page, arrays, open }) => {
  const file = arrays.file('hist.npy');
  const reference = JSON.parse(
    python(
      `rng = np.random.default_rng(5)
a = rng.normal(size=(30_000, 2))
a[::97, 0] = np.nan
np.save(sys.argv[1], a)
auto = np.histogram(a[:, 0][~np.isnan(a[:, 0])], bins=20)[0]
manual = np.histogram(a[:, 0][~np.isnan(a[:, 0])], bins=8, range=(-1, 1.5))[0]
print(json.dumps({'auto': auto.tolist(), 'manual': manual.tolist()}))`,
      [file],
    ),
  ) as { auto: number[]; manual: number[] };
  await open([file]);
  await expect(page.getByRole('grid')).toBeVisible();
  const panel = await showPanel(page, 'Histogram');
  await panel.getByRole('spinbutton', { name: 'Bins' }).fill('20');
  await panel.getByRole('button', { name: 'Show counts table' }).click();
  const table = panel.getByRole('table', { name: /Histogram counts of column 0/ });
  await expect(table.locator('tbody tr')).toHaveCount(20);
  await expect(table.locator('tbody td[data-count]')).toHaveText(reference.auto.map(String));
  await page.screenshot({ path: `${SHOTS}/histogram.png` });

  await panel.getByLabel('Manual range').check();
  await panel.getByRole('textbox', { name: 'From' }).fill('-1');
  await panel.getByRole('textbox', { name: 'to', exact: true }).fill('1.5');
  await panel.getByRole('spinbutton', { name: 'Bins' }).fill('8');
  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(8);
  await expect(table.locator('tbody td[data-count]')).toHaveText(reference.manual.map(String));
  await panel.getByLabel('Log counts').check();
  await page.screenshot({ path: `${SHOTS}/histogram-log.png` });
});

test('image of a gradient: colormap colours at known pixels, value tooltip from numpy', async ({ page, arrays, open }) => {
  const file = arrays.file('gradient.npy');
  python(`a = np.tile(np.arange(256, dtype='<f8'), (64, 1)) + np.arange(64)[:, None] * 0.0
a[10, 20] = np.nan
np.save(sys.argv[1], a)`, [file]);
  await open([file]);
  await expect(page.getByRole('grid')).toBeVisible();
  const panel = await showPanel(page, 'Image');
  const canvas = panel.locator('canvas.image-canvas');
  await expect(canvas).toHaveAttribute('data-limits', /.+/);
  await useGrayLimits(panel, canvas, 0, 255);
  await expect(panel.getByRole('status').filter({ hasText: 'loading' })).toHaveCount(0);
  for (const [row, col] of [
    [0, 0],
    [5, 17],
    [40, 128],
    [63, 255],
  ] as const) {
    await expect.poll(() => pixelOf(canvas, row, col)).toEqual([col, col, col]);
  }
  await page.screenshot({ path: `${SHOTS}/image-gray.png` });

  await panel.getByLabel('Colormap').selectOption('viridis');
  await expect.poll(() => pixelOf(canvas, 3, 0)).toEqual([0x44, 0x01, 0x54]);
  await expect.poll(() => pixelOf(canvas, 3, 255)).toEqual([0xfd, 0xe7, 0x25]);

  // The tooltip names the element under the pointer and prints numpy's value.
  const box = (await canvas.boundingBox())!;
  const scaleX = Number(await canvas.getAttribute('data-scale-x'));
  const scaleY = Number(await canvas.getAttribute('data-scale-y'));
  const originCol = Number(await canvas.getAttribute('data-origin-col'));
  const originRow = Number(await canvas.getAttribute('data-origin-row'));
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  await page.mouse.move(box.x + ((20.5 - originCol) * scaleX) / dpr, box.y + ((10.5 - originRow) * scaleY) / dpr);
  await expect(panel.getByRole('tooltip')).toHaveText('[10, 20] = nan');
  await page.mouse.move(box.x + ((77.5 - originCol) * scaleX) / dpr, box.y + ((33.5 - originRow) * scaleY) / dpr);
  await expect(panel.getByRole('tooltip')).toHaveText('[33, 77] = 77.0');
  await page.screenshot({ path: `${SHOTS}/image-viridis.png` });
});

test('statistics of a column and of the whole array match numpy', async ({ page, arrays, open }) => {
  const file = arrays.file('stats.npy');
  const ref = JSON.parse(
    python(
      `a = np.linspace(-3, 5, 4000, dtype='<f4').reshape(1000, 4)
a[7, 2] = np.nan; a[11, 2] = 0
c = a[:, 2]
print(json.dumps({'count': int(np.count_nonzero(~np.isnan(c))), 'min': str(np.nanmin(c)), 'max': str(np.nanmax(c)), 'amin': str(np.nanmin(a)), 'amax': str(np.nanmax(a)), 'zeros': int(np.count_nonzero(c == 0))}))
np.save(sys.argv[1], a)`,
      [file],
    ),
  ) as Record<string, string | number>;
  await open([file]);
  await expect(page.getByRole('grid')).toBeVisible();
  await selectColumn(page, 2);
  const panel = await showPanel(page, 'Stats');
  const table = panel.getByRole('table', { name: /Statistics of column 2/ });
  const value = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) }).locator('td');
  await expect(value('Count')).toHaveText(new Intl.NumberFormat('en-US').format(ref.count as number));
  await expect(value('NaN')).toHaveText('1');
  await expect(value('Inf')).toHaveText('0');
  await expect(value('Zeros')).toHaveText(String(ref.zeros));
  await expect(value('Min')).toHaveText(String(ref.min));
  await expect(value('Max')).toHaveText(String(ref.max));
  await page.screenshot({ path: `${SHOTS}/stats.png` });
  await panel.getByLabel('Whole array').check();
  const whole = panel.getByRole('table', { name: /Statistics of the whole array/ });
  await expect(whole.getByRole('row', { name: /^Min/ }).locator('td')).toHaveText(String(ref.amin));
  await expect(whole.getByRole('row', { name: /^Max/ }).locator('td')).toHaveText(String(ref.amax));
});
