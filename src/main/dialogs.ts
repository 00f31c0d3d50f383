/**
 * Native dialogs: file pickers (the contract's `pickFile`, the File menu) and the prompt shown
 * when a window with unsaved changes is about to close.
 */
import { dialog, type BrowserWindow, type FileFilter } from 'electron';

export const ARRAY_FILE_FILTERS: FileFilter[] = [
  { name: 'NumPy arrays', extensions: ['npy', 'npz'] },
  { name: 'All files', extensions: ['*'] },
];

const RAW_FILE_FILTERS: FileFilter[] = [
  { name: 'All files', extensions: ['*'] },
  { name: 'Raw dumps', extensions: ['bin', 'raw', 'dat', 'mmap', 'memmap'] },
];

/** Asks for a file to open (`raw`: any file, to be read with a layout the user gives). */
export async function chooseFileToOpen(window: BrowserWindow | null, options: { raw?: boolean; defaultPath?: string } = {}): Promise<string | null> {
  const dialogOptions = {
    title: options.raw ? 'Open Raw File' : 'Open Array',
    properties: ['openFile' as const],
    filters: options.raw ? RAW_FILE_FILTERS : ARRAY_FILE_FILTERS,
    ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}),
  };
  const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export async function chooseFileToSave(window: BrowserWindow | null, defaultPath?: string): Promise<string | null> {
  const dialogOptions = {
    title: 'Save As',
    filters: ARRAY_FILE_FILTERS,
    properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
    ...(defaultPath ? { defaultPath } : {}),
  };
  const result = window ? await dialog.showSaveDialog(window, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** The contract's `pickFile` for one window. */
export function filePickerFor(window: BrowserWindow) {
  return (purpose: 'open' | 'save', defaultPath?: string): Promise<string | null> =>
    purpose === 'open' ? chooseFileToOpen(window, defaultPath ? { defaultPath } : {}) : chooseFileToSave(window, defaultPath);
}

const LISTED_NAMES = 10;

/** Resolves true when the user chooses to discard the unsaved changes in `names`. */
export async function confirmDiscard(window: BrowserWindow, names: readonly string[]): Promise<boolean> {
  const listed = names.slice(0, LISTED_NAMES).join('\n');
  const more = names.length > LISTED_NAMES ? `\n… and ${names.length - LISTED_NAMES} more` : '';
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    buttons: ['Cancel', 'Discard Changes'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    message: names.length === 1 ? 'This file has unsaved changes.' : `${names.length} files have unsaved changes.`,
    detail: `${listed}${more}\n\nClose anyway and lose these changes?`,
  });
  return response === 1;
}
