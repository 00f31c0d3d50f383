/**
 * The image panel's zoom overview end to end: on a 6000 × 6000 float32 slice (above the engine's
 * 16M-element threshold) the panel builds the min/max/mean pyramid in the background, asks for
 * zoomed-out tiles at blocks that are multiples of its cells, and the image then shows numpy's
 * block values: the slice is an 8 × 8 grid of 750 × 750 regions whose even columns hold 4·k and
 * odd columns 4·k + 2 (k the region's number), so with the gray colormap over [0, 255] a region's
 * pixels are exactly 4k + 1 (mean), 4k (min) or 4k + 2 (max). NaN pairs (one even, one odd
 * column) are sprinkled over it, which leave those values unchanged, and the last region is all
 * NaN. The tooltip prints numpy's str() of the element under the pointer.
 */
import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { hasNumpy, python } from '../helpers/numpy.js';
import { expect, test } from '../helpers/test.js';
import { pixelOf, useGrayLimits } from '../helpers/image.js';

test.skip(!hasNumpy, 'numpy is not available to write the fixtures');

const SHOTS = '/tmp/image-pyramid/shots';
const SIDE = 6000;
const REGION = 750;

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

/** Moves the pointer over element (row, col) of the image. */
async function pointAt(page: Page, canvas: Locator, row: number, col: number): Promise<void> {
  const box = (await canvas.boundingBox())!;
  const read = async (name: string) => Number(await canvas.getAttribute(name));
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  const x = ((col + 0.5 - (await read('data-origin-col'))) * (await read('data-scale-x'))) / dpr;
  const y = ((row + 0.5 - (await read('data-origin-row'))) * (await read('data-scale-y'))) / dpr;
  await page.mouse.move(box.x + x, box.y + y);
}

/** The tooltip's text once it has stopped changing (the value arrives after the pointer moves). */
async function stableTooltip(panel: Locator): Promise<string> {
  const tooltip = panel.getByRole('tooltip');
  await expect(tooltip).toHaveText(/^\[\d+, \d+\] = /);
  let last = await tooltip.textContent();
  for (;;) {
    await panel.page().waitForTimeout(250);
    const now = await tooltip.textContent();
    if (now === last) return now ?? '';
    last = now;
  }
}

/** The region centres and their value k (the last region, k = 63, is NaN). */
const REGIONS = [
  [0, 0],
  [1, 6],
  [3, 2],
  [5, 7],
  [7, 0],
  [6, 5],
].map(([r, c]) => ({ row: r! * REGION + REGION / 2, col: c! * REGION + REGION / 2, k: 8 * r! + c! }));

test('a 6000 × 6000 slice: the zoom overview builds, zoomed-out colours are the block values, the tooltip is numpy’s', async ({ page, arrays, open }) => {
  const file = arrays.file('regions.npy');
  python(
    `from numpy.lib.format import open_memmap
n, r = ${SIDE}, ${REGION}
a = open_memmap(sys.argv[1], mode='w+', dtype='<f4', shape=(n, n))
cols = np.arange(n)
for top in range(0, n, r):
    base = 4.0 * (8 * (top // r) + cols // r)
    band = np.broadcast_to(base + (cols % 2) * 2, (r, n)).astype(np.float32)
    a[top:top + r] = band
rng = np.random.default_rng(3)
rows, pairs = rng.integers(0, n, 4000), rng.integers(0, n // 2, 4000) * 2
a[rows, pairs] = np.nan
a[rows, pairs + 1] = np.nan
a[7 * r:, 7 * r:] = np.nan
a.flush()`,
    [file],
  );
  const numpyStr = (row: number, col: number) => python(`a = np.load(sys.argv[1], mmap_mode='r'); print(str(a[${row}, ${col}]))`, [file]).trim();
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (frame) => sent.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('latin1'))));
  await open([file]);
  await expect(page.getByRole('grid')).toBeVisible();
  await page.getByRole('tab', { name: 'Image', exact: true }).click();
  const panel = page.getByRole('tabpanel', { name: 'Image' });
  const canvas = panel.locator('canvas.image-canvas');
  await expect.poll(() => sent.some((f) => f.includes('"buildImagePyramid"'))).toBe(true);
  await expect(panel.getByText('Building the zoom overview of the image')).toHaveCount(0, { timeout: 30_000 });
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(panel.getByRole('status').filter({ hasText: '(from the zoom overview)' })).toBeVisible();

  await useGrayLimits(panel, canvas, 0, 255);
  const special = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--special').trim());
  const nanColour = [1, 3, 5].map((i) => parseInt(special.slice(i, i + 2), 16));
  for (const [reduction, offset] of [
    ['Mean', 1],
    ['Min', 0],
    ['Max', 2],
  ] as const) {
    await panel.getByLabel('Cells show').selectOption({ label: reduction });
    await expect(panel.getByRole('status').filter({ hasText: 'loading' })).toHaveCount(0);
    for (const { row, col, k } of REGIONS) {
      const v = 4 * k + offset;
      await expect.poll(() => pixelOf(canvas, row, col), `${reduction} of region ${k}`).toEqual(k === 63 ? nanColour : [v, v, v]);
    }
    if (reduction === 'Mean') await page.screenshot({ path: `${SHOTS}/image-overview-built.png` });
  }

  for (const { row, col } of [REGIONS[1]!, REGIONS[3]!, { row: 5_990, col: 5_990 }, { row: 1_234, col: 4_321 }]) {
    await pointAt(page, canvas, row, col);
    const shown = await stableTooltip(panel);
    const [, r, c] = /^\[(\d+), (\d+)\] = /.exec(shown)!;
    // At 0.1 px per element the pointer lands within a few elements of the one aimed at.
    expect(Math.abs(Number(r) - row) + Math.abs(Number(c) - col)).toBeLessThan(30);
    expect(shown).toBe(`[${r}, ${c}] = ${numpyStr(Number(r), Number(c))}`);
  }
  await page.screenshot({ path: `${SHOTS}/image-overview-tooltip.png` });
});
