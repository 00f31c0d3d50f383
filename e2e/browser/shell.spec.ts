/**
 * The shell end to end in a browser against the real `arrayscope serve`: opening files (named on
 * the command line, through the Open dialog, as raw data, .npz members), tabs, errors shown as
 * data, and what a read-only server allows. numpy writes every fixture and is the reference for
 * every value the grid shows; the CLI (`arrayscope info --json`, the same engine) is the reference
 * for errors. Edits, saving and the browser's limits are in shell-edits.spec.ts.
 */
import { hasNumpy, python } from '../helpers/numpy.js';
import { expect, test } from '../helpers/test.js';
import { chooseInDialog, engineError, expectRows, fileTab, grid, numpyText, statusBar } from './shell-helpers.js';

test.skip(!hasNumpy, 'numpy is not available to write the fixtures');

test('a .npy named on the command line opens as a tab with numpy’s values; the table scrolls; closing releases the file', async ({ page, arrays, open }) => {
  const file = arrays.file('values.npy');
  python(`a = np.sin(np.arange(2000 * 5, dtype='<f8').reshape(2000, 5) / 7) * 1e3\na[7, 2] = np.nan\nnp.save(sys.argv[1], a)`, [file]);
  const expected = numpyText(file);
  await open([file]);

  await expect(fileTab(page, 'values.npy')).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveTitle('values.npy — Arrayscope');
  const toolbar = page.getByRole('toolbar', { name: 'values.npy actions' });
  await expect(toolbar).toContainText('float64');
  await expect(toolbar).toContainText('(2000, 5)');
  await expect(toolbar).toContainText('C order');
  await expect(toolbar).toContainText('r read-only');
  await expectRows(page, expected, [0, 1, 2, 7, 12]);

  // Scroll the table with the wheel: later rows appear with numpy's values.
  await grid(page).hover();
  const lastShown = async (): Promise<number> =>
    Math.max(...(await grid(page).locator('[role="row"][aria-rowindex]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-rowindex'))))));
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 2000);
  await expect.poll(lastShown).toBeGreaterThan(300);
  const target = (await lastShown()) - 2 - 3;
  await expectRows(page, expected, [target, target - 1]);
  await page.screenshot({ path: '/tmp/shell/shot-scrolled.png' });

  // Closing the tab calls `close`: the engine's memory sample no longer lists a mapped file.
  await expect(statusBar(page)).toContainText(/files \d/);
  await expect(statusBar(page)).not.toContainText('files 0 bytes');
  await page.getByRole('button', { name: 'Close values.npy' }).click();
  await expect(fileTab(page, 'values.npy')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open a file…' })).toBeVisible();
  await expect(statusBar(page)).toContainText('files 0 bytes');
  await expect(page).toHaveTitle('Arrayscope');
});

test('tabs: several files at once, Ctrl+Tab cycles them, each keeps its own values', async ({ page, arrays, open }) => {
  const first = arrays.file('first.npy');
  const second = arrays.file('second.npy');
  python(`np.save(sys.argv[1], np.arange(30, dtype='<i8').reshape(10, 3) - 7)\nnp.save(sys.argv[2], np.linspace(-1, 1, 12, dtype='<f4').reshape(4, 3))`, [first, second]);
  await open([first, second]);
  await expect(fileTab(page, 'first.npy')).toHaveAttribute('aria-selected', 'true');
  await expectRows(page, numpyText(first), [0, 9]);

  await page.keyboard.press('Control+Tab');
  await expect(fileTab(page, 'second.npy')).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveTitle('second.npy — Arrayscope');
  await expectRows(page, numpyText(second), [0, 1, 2, 3]);

  await page.keyboard.press('Control+Shift+Tab');
  await expect(fileTab(page, 'first.npy')).toHaveAttribute('aria-selected', 'true');
  await expectRows(page, numpyText(first), [0, 5]);
});

test('a raw file through the raw dialog: expected vs actual size, impossible layouts keep Open disabled, then numpy’s values', async ({ page, arrays, open }) => {
  const file = arrays.file('counts.bin');
  python(`(np.arange(1000, dtype='<i2').reshape(40, 25) * 3 - 500).tofile(sys.argv[1])`, [file]);
  const expected = numpyText(file, `np.fromfile(sys.argv[1], dtype='<i2').reshape(40, 25)`);
  await open([], { root: arrays.dir });

  const dialog = await chooseInDialog(page, 'counts.bin');
  await expect(dialog).toContainText('Raw binary data (no header)');
  const preview = dialog.getByTestId('raw-preview');
  const openButton = dialog.getByRole('button', { name: 'Open', exact: true });
  // The defaults (float32, shape inferred) already fit: 2000 bytes are 500 float32 values.
  await expect(preview).toContainText('(500,)');

  await dialog.getByLabel('dtype').fill('int16');
  await dialog.getByLabel('shape').fill('50, 25');
  await expect(preview).toContainText('size-mismatch');
  await expect(preview).toContainText('expected size2,500 bytes');
  await expect(preview).toContainText('file size2,000 bytes');
  await expect(openButton).toBeDisabled();

  await dialog.getByLabel('shape').fill('abc');
  await expect(preview).toContainText("shape: 'abc' is not a whole number");
  await expect(openButton).toBeDisabled();

  // A layout smaller than the file is allowed, with the engine's warning.
  await dialog.getByLabel('shape').fill('30, 25');
  await expect(preview).toContainText('500 bytes after the array');
  await expect(preview).toContainText('expected size1,500 bytes');
  await expect(openButton).toBeEnabled();

  await dialog.getByLabel('shape').fill('-1, 25');
  await expect(preview).toContainText('(40, 25)');
  await expect(preview).toContainText('The layout covers the file exactly.');
  await page.screenshot({ path: '/tmp/shell/shot-raw-dialog.png' });
  await openButton.click();
  await expect(dialog).toBeHidden();
  await expect(fileTab(page, 'counts.bin')).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'counts.bin actions' })).toContainText('(40, 25)');
  await expectRows(page, expected, [0, 1, 20]);
});

test('any file can be opened as raw data instead: an .npy read past its header', async ({ page, arrays, open }) => {
  const file = arrays.file('header.npy');
  const offset = python(
    `np.save(sys.argv[1], (np.arange(24, dtype='<f8') / 8).reshape(4, 6))
f = open(sys.argv[1], 'rb'); np.lib.format.read_magic(f); np.lib.format.read_array_header_1_0(f); print(f.tell())`,
    [file],
  ).trim();
  await open([], { root: arrays.dir });
  const dialog = await chooseInDialog(page, 'header.npy');
  await expect(dialog).toContainText('NumPy .npy array');
  await dialog.getByRole('button', { name: 'Open as raw data instead…' }).click();
  await dialog.getByLabel('dtype').fill('<f8');
  await dialog.getByLabel('shape').fill('4, 6');
  await dialog.getByLabel('offset').fill(offset);
  await expect(dialog.getByTestId('raw-preview')).toContainText('The layout covers the file exactly.');
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expectRows(page, numpyText(file), [0, 3]);
});

test('an .npz: the member picker lists members; stored members open in place, compressed ones are extracted on request', async ({ page, arrays, open }) => {
  const stored = arrays.file('stored.npz');
  const packed = arrays.file('packed.npz');
  const members = JSON.parse(
    python(
      `a = np.arange(12, dtype='<i4').reshape(3, 4); b = np.linspace(0, 1, 5); c = (np.arange(20) ** 2).astype('<u2').reshape(4, 5)
np.savez(sys.argv[1], a=a, b=b); np.savez_compressed(sys.argv[2], c=c)
print(json.dumps({k: {'dtype': str(v.dtype), 'shape': str(v.shape), 'values': [[str(x) for x in r] for r in v.reshape(v.shape[0], -1)]} for k, v in dict(a=a, b=b, c=c).items()}))`,
      [stored, packed],
    ),
  ) as Record<string, { dtype: string; shape: string; values: string[][] }>;
  await open([], { root: arrays.dir });

  const dialog = await chooseInDialog(page, 'stored.npz');
  await expect(dialog).toContainText('NumPy .npz archive');
  const table = dialog.getByRole('group', { name: /Arrays in the archive \(2\)/ });
  for (const key of ['a', 'b']) {
    const memberRow = table.getByRole('row').filter({ has: page.getByRole('radio', { name: `member ${key}` }) });
    await expect(memberRow).toContainText(members[key]!.dtype);
    await expect(memberRow).toContainText(members[key]!.shape);
    await expect(memberRow).toContainText('stored');
  }
  await dialog.getByRole('radio', { name: 'member b' }).check();
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(fileTab(page, 'stored.npz › b')).toHaveAttribute('aria-selected', 'true');
  await expectRows(page, members.b!.values, [0, 1, 2, 3, 4]);

  await chooseInDialog(page, 'packed.npz');
  const packedRow = dialog.getByRole('row').filter({ has: page.getByRole('radio', { name: 'member c' }) });
  await expect(packedRow).toContainText('compressed');
  await expect(dialog.getByRole('note')).toContainText('cannot be memory-mapped in place');
  await page.screenshot({ path: '/tmp/shell/shot-npz.png' });
  await dialog.getByRole('button', { name: 'Extract to a temporary file and open' }).click();
  await expect(dialog).toBeHidden();
  await expect(fileTab(page, 'packed.npz › c')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('note').filter({ hasText: 'extracted to a temporary file' })).toBeVisible();
  await expectRows(page, members.c!.values, [0, 3]);
});

test('a malformed file shows the engine’s error naming it; other tabs keep working and another file opens', async ({ page, arrays, open }) => {
  const good = arrays.file('good.npy');
  const badMagic = arrays.file('bad-magic.npy');
  const truncated = arrays.file('cut.npy');
  const other = arrays.file('other.npy');
  python(
    `np.save(sys.argv[1], np.arange(6, dtype='<i4').reshape(2, 3) * 11)
open(sys.argv[2], 'wb').write(b'NOTNUMPY' + bytes(120))
np.save(sys.argv[3], np.ones((50, 4))); b = open(sys.argv[3], 'rb').read(); open(sys.argv[3], 'wb').write(b[:-100])
np.save(sys.argv[4], np.array([[2.5, -1.0]]))`,
    [good, badMagic, truncated, other],
  );
  const magicError = engineError(badMagic);
  const truncatedError = engineError(truncated);
  expect(magicError.kind).toBe('bad-magic');
  expect(truncatedError.kind).toBe('truncated');

  // The first two files open at start: the good one as a tab, the bad one as a banner.
  await open([good, badMagic, truncated, other]);
  const banner = page.getByRole('alert').filter({ hasText: 'Could not open bad-magic.npy' });
  await expect(banner).toContainText(magicError.kind);
  await expect(banner).toContainText(magicError.message);
  await expect(fileTab(page, 'good.npy')).toBeVisible();
  await expectRows(page, numpyText(good), [0, 1]);
  await page.screenshot({ path: '/tmp/shell/shot-error-banner.png' });

  // A truncated file chosen in the Open dialog: the dialog shows the engine's error verbatim.
  const dialog = await chooseInDialog(page, 'cut.npy');
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  const inline = dialog.getByRole('alert');
  await expect(inline).toContainText('Could not open cut.npy');
  await expect(inline).toContainText(truncatedError.kind);
  await expect(inline).toContainText(truncatedError.message);

  // …and the user picks another file from the same dialog.
  await dialog.getByRole('option', { name: /^other\.npy/ }).click();
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(fileTab(page, 'other.npy')).toHaveAttribute('aria-selected', 'true');
  await expectRows(page, numpyText(other), [0]);

  await banner.getByRole('button', { name: /^Dismiss/ }).click();
  await expect(banner).toBeHidden();
  await fileTab(page, 'good.npy').click();
  await expectRows(page, numpyText(good), [0, 1]);
});

test('a read-only server offers only mode r, says why, and disables Save As; with --allow-write c and r+ are offered', async ({ page, arrays, open }) => {
  const file = arrays.file('modes.npy');
  python(`np.save(sys.argv[1], np.eye(3))`, [file]);
  const readOnly = await open([file]);
  await expect(statusBar(page)).toContainText('read-only');
  await expect(page.getByRole('toolbar', { name: 'modes.npy actions' }).getByRole('button', { name: 'Save As…' })).toBeDisabled();

  let dialog = await chooseInDialog(page, 'modes.npy');
  await expect(dialog.getByRole('radio', { name: /read-only/ })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: /copy-on-write/ })).toBeDisabled();
  await expect(dialog.getByRole('radio', { name: /read-write/ })).toBeDisabled();
  await expect(dialog).toContainText('This server is read-only: only mode r is available');
  await page.screenshot({ path: '/tmp/shell/shot-read-only.png' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await readOnly.close();

  await open([file], { allowWrite: true });
  await expect(statusBar(page)).not.toContainText('read-only');
  dialog = await chooseInDialog(page, 'modes.npy');
  await expect(dialog.getByRole('radio', { name: /copy-on-write/ })).toBeEnabled();
  await dialog.getByRole('radio', { name: /read-write/ }).check();
  await expect(dialog.getByRole('note')).toContainText('writes every edit straight into modes.npy');
});
