/**
 * The shell's edit actions end to end in a browser against `arrayscope serve --allow-write`:
 * unsaved-changes marks and the close prompt, Undo/Redo, Save As, Flush (r+), Discard (c); plus
 * what a browser cannot do (open a dropped local file) and losing the server. numpy reads every
 * file the app writes.
 */
import { hasNumpy, python } from '../helpers/numpy.js';
import { expect, test } from '../helpers/test.js';
import { cellAt, chooseInDialog, editCell, fileTab, fileTabs } from './shell-helpers.js';

test.skip(!hasNumpy, 'numpy is not available to write the fixtures');

test('unsaved edits in mode c: the tab is marked, closing asks first, Save As writes what numpy reads back', async ({ page, arrays, open }) => {
  const file = arrays.file('edit.npy');
  const saved = arrays.file('edit-saved.npy');
  python(`np.save(sys.argv[1], np.arange(12, dtype='<i4').reshape(4, 3))`, [file]);
  await open([file], { allowWrite: true });
  await expect(fileTab(page, 'edit.npy')).toBeVisible();

  const dialog = await chooseInDialog(page, 'edit.npy');
  await dialog.getByRole('radio', { name: /copy-on-write/ }).check();
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  const tabs = fileTabs(page);
  await expect(tabs).toHaveCount(2); // mode c is a new session beside the read-only one
  const toolbar = page.getByRole('toolbar', { name: 'edit.npy actions' }).filter({ visible: true });
  await expect(toolbar).toContainText('c copy-on-write');

  await editCell(page, 2, 1, '-99');
  await expect(cellAt(page, 2, 1)).toHaveText('-99');
  await expect(toolbar).toContainText('1 edit, unsaved');
  await expect(page).toHaveTitle('edit.npy • — Arrayscope');
  await expect(page.getByRole('img', { name: 'unsaved changes' })).toBeVisible();

  // Undo / Redo from the toolbar.
  await toolbar.getByRole('button', { name: 'Undo' }).click();
  await expect(cellAt(page, 2, 1)).toHaveText('7');
  await expect(toolbar.getByRole('button', { name: 'Undo' })).toBeDisabled();
  await toolbar.getByRole('button', { name: 'Redo' }).click();
  await expect(cellAt(page, 2, 1)).toHaveText('-99');

  // Closing asks; Cancel keeps the tab.
  await page.getByRole('button', { name: 'Close edit.npy' }).last().click();
  const prompt = page.getByRole('alertdialog', { name: 'edit.npy has unsaved changes' });
  await expect(prompt).toContainText('exist only in memory');
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await expect(prompt).toBeHidden();
  await expect(tabs).toHaveCount(2);

  // Save As from the prompt, then the tab closes; numpy reads the copy back.
  await page.getByRole('button', { name: 'Close edit.npy' }).last().click();
  await prompt.getByRole('button', { name: 'Save As…' }).click();
  const save = page.getByRole('dialog', { name: 'Save edit.npy as .npy' });
  await save.getByLabel('Path on the server').fill(saved);
  await save.getByRole('button', { name: 'Save' }).click();
  await expect(save).toBeHidden();
  await expect(tabs).toHaveCount(1);
  const back = JSON.parse(python(`print(json.dumps(np.load(sys.argv[1]).tolist()))`, [saved])) as number[][];
  const original = JSON.parse(python(`print(json.dumps(np.load(sys.argv[1]).tolist()))`, [file])) as number[][];
  expect(back[2]![1]).toBe(-99);
  expect(original[2]![1]).toBe(7); // mode c never changed the file itself
  expect(back.flat().filter((v, i) => v !== original.flat()[i])).toEqual([-99]);
});

test('mode r+ writes into the file and Flush clears the unsaved mark; Discard in mode c restores the file’s values', async ({ page, arrays, open }) => {
  const file = arrays.file('rw.npy');
  python(`np.save(sys.argv[1], np.arange(8, dtype='<i2').reshape(4, 2) * 10)`, [file]);
  await open([file], { allowWrite: true });
  await expect(fileTab(page, 'rw.npy')).toBeVisible();

  let dialog = await chooseInDialog(page, 'rw.npy');
  await dialog.getByRole('radio', { name: /read-write/ }).check();
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  let toolbar = page.getByRole('toolbar', { name: 'rw.npy actions' });
  await expect(toolbar).toContainText('r+ read-write');
  await editCell(page, 3, 0, '-5');
  await expect(toolbar).toContainText('1 edit, not flushed');
  await toolbar.getByRole('button', { name: 'Flush' }).click();
  await expect(toolbar).not.toContainText('not flushed');
  await expect(toolbar.getByRole('button', { name: 'Flush' })).toBeDisabled();
  expect(JSON.parse(python(`print(json.dumps(np.load(sys.argv[1]).tolist()))`, [file]))).toEqual([[0, 10], [20, 30], [40, 50], [-5, 70]]);
  // Nothing is unsaved any more, so the tab closes without asking.
  await page.getByRole('button', { name: 'Close rw.npy' }).last().click();
  await expect(fileTabs(page)).toHaveCount(1);

  dialog = await chooseInDialog(page, 'rw.npy');
  await dialog.getByRole('radio', { name: /copy-on-write/ }).check();
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  toolbar = page.getByRole('toolbar', { name: 'rw.npy actions' });
  await editCell(page, 0, 1, '123');
  await expect(cellAt(page, 0, 1)).toHaveText('123');
  await toolbar.getByRole('button', { name: 'Discard' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Discard the edits to rw.npy?' });
  await confirm.getByRole('button', { name: 'Discard edits' }).click();
  await expect(confirm).toBeHidden();
  await expect(cellAt(page, 0, 1)).toHaveText('10');
  await expect(toolbar).not.toContainText('unsaved');
  await expect(toolbar.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('a file dropped on the browser page is explained, not opened; losing the server is reported', async ({ page, arrays, open }) => {
  const file = arrays.file('drop.npy');
  python(`np.save(sys.argv[1], np.zeros(3))`, [file]);
  const server = await open([file]);
  await expect(fileTab(page, 'drop.npy')).toBeVisible();

  const transfer = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(8)], 'local.npy'));
    return data;
  });
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  const dropBanner = page.getByRole('alert').filter({ hasText: 'Cannot open dropped files here' });
  await expect(dropBanner).toContainText("A browser cannot tell Arrayscope where 'local.npy' lives on disk");
  await expect(dropBanner).toContainText('Use Open…');
  await expect(fileTabs(page)).toHaveCount(1);

  await server.close();
  await expect(page.getByRole('alert').filter({ hasText: 'Lost the connection to the Arrayscope engine' })).toContainText('reload the page to reconnect');
});
