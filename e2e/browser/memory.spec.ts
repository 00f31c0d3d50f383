/**
 * The memory panel end to end against the real `arrayscope serve`: a real (non-sparse) file of
 * tens of MB is read by a scan, the panel's figures (which the engine measures: /proc/self/status
 * and /proc/self/smaps of the server) rise, Release drops the pages and the figures fall.
 * The kernel's timing is allowed for with expect.poll; nothing waits a fixed time.
 */
import { statSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { hasNumpy, python } from '../helpers/numpy.js';
import { expect, test } from '../helpers/test.js';

test.skip(!hasNumpy, 'numpy is not available to write the fixture');
test.skip(process.platform !== 'linux', 'the anonymous/file-backed split and per-mapping resident bytes are measured on Linux only');

const UNITS: Record<string, number> = { byte: 1, bytes: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** A size as the panel prints it ("48.8 MB", "512 KB", "0 bytes") in bytes; null for "not measured yet". */
async function shownBytes(figure: Locator): Promise<number | null> {
  const text = (await figure.innerText()).trim();
  const m = /^([\d.]+) (bytes?|KB|MB|GB|TB)$/.exec(text);
  return m ? Number(m[1]) * UNITS[m[2]!]! : null;
}

/** The share of the file the residency strip reports in RAM, in percent ("≈ 97% of the file in RAM …"). */
async function stripPercent(page: Page): Promise<number | null> {
  const m = /(\d+(?:\.\d+)?)% of the file in RAM/.exec(await page.getByTestId('residency-summary').innerText());
  return m ? Number(m[1]) : null;
}

async function showPanel(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
}

test('reading a file raises file-backed RSS and its resident bytes; Release makes them fall', async ({ page, arrays, open }, testInfo) => {
  const file = arrays.file('noise.npy');
  // 6,000,000 float64 = 48 MB of real data (every page on disk, none sparse).
  const nbytes = Number(python('a = np.random.default_rng(7).standard_normal(6_000_000); np.save(sys.argv[1], a); print(a.nbytes)', [file]));
  await open([file]);
  await expect(page.getByRole('grid')).toBeVisible(); // the table has read its first page

  await showPanel(page, 'Memory');
  const panel = page.getByRole('tabpanel').filter({ has: page.getByText('File-backed memory is not a leak.') });
  await expect(panel.getByText(/Memory of the arrayscope serve process/)).toBeVisible();
  await expect(panel.getByTestId('memory-browser-note')).toContainText("The browser's own memory is not visible to the server");
  const rssFile = panel.getByTestId('memory-rss-file');
  const resident = panel.getByTestId('mapping-resident');
  await expect(panel.getByTestId('mapping-mapped')).toHaveText(`${(statSync(file).size / 1024 ** 2).toFixed(1)} MB`); // the whole file
  await expect(panel.locator('.residency-viewport')).toHaveCount(1); // the table's rows, marked on the strip

  await expect.poll(() => shownBytes(resident), { message: 'resident bytes measured' }).not.toBeNull();
  const residentBefore = (await shownBytes(resident))!;
  const fileBefore = (await shownBytes(rssFile))!;
  expect(residentBefore).toBeLessThan(nbytes * 0.2); // only what the table read

  // The statistics of the whole array read every element, i.e. every page of the file.
  await showPanel(page, 'Stats');
  await page.getByRole('radio', { name: 'Whole array' }).check();
  const statsTable = page.getByRole('table', { name: 'Statistics of the whole array' });
  await expect(statsTable.getByRole('row', { name: /Elements/ })).toContainText('6,000,000', { timeout: 30_000 });
  await showPanel(page, 'Memory');

  await expect.poll(() => shownBytes(resident), { message: 'resident bytes after the scan', timeout: 20_000 }).toBeGreaterThanOrEqual(nbytes * 0.9);
  await expect.poll(() => shownBytes(rssFile), { message: 'file-backed RSS after the scan' }).toBeGreaterThanOrEqual(fileBefore + nbytes * 0.8);
  await panel.getByTestId('residency-summary').scrollIntoViewIfNeeded(); // the strip is measured while on screen
  await expect.poll(() => stripPercent(page), { message: 'the strip shows the file in RAM' }).toBeGreaterThanOrEqual(90);
  const fileAfterScan = (await shownBytes(rssFile))!;
  await page.screenshot({ path: testInfo.outputPath('memory-after-scan.png') });

  await panel.getByRole('button', { name: 'Release resident pages' }).click();
  await expect.poll(() => shownBytes(resident), { message: 'resident bytes after Release', timeout: 20_000 }).toBeLessThan(nbytes * 0.1);
  await expect.poll(() => shownBytes(rssFile), { message: 'file-backed RSS after Release' }).toBeLessThanOrEqual(fileAfterScan - nbytes * 0.8);
  await expect(panel.getByTestId('release-outcome')).toContainText(/Released at .*file-backed RSS .* → .* now/);
  await page.screenshot({ path: testInfo.outputPath('memory-after-release.png') });

  // A typed range past the end is refused with a message naming the file, not clipped silently.
  await panel.getByLabel('Prefetch offset').fill('1 GB');
  await panel.getByRole('button', { name: 'Prefetch range' }).click();
  await expect(panel.getByRole('alert')).toHaveText(/Offset 1,073,741,824 bytes is past the end of noise\.npy/);
});
