import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

import { confirmDiscard, filePickerFor } from '../../src/main/dialogs.js';
import { processMetrics, toProcessSamples } from '../../src/main/metrics.js';
import { app, BrowserWindow, dialog } from './electron-mock.js';

describe('processMetrics', () => {
  it('turns Electron working-set kilobytes into rss bytes per process', () => {
    app.getAppMetrics.mockReturnValueOnce([
      { type: 'Browser', pid: 10, memory: { workingSetSize: 2048 } },
      { type: 'Tab', pid: 11, memory: { workingSetSize: 1.5 } },
    ]);
    expect(processMetrics()).toEqual([
      { type: 'Browser', pid: 10, rss: 2048 * 1024 },
      { type: 'Tab', pid: 11, rss: 1536 },
    ]);
    expect(toProcessSamples([{ type: 'GPU', pid: 1, memory: undefined } as never])).toEqual([{ type: 'GPU', pid: 1, rss: 0 }]);
  });
});

describe('dialogs', () => {
  it('pickFile opens or saves through the native dialogs of that window', async () => {
    const window = new BrowserWindow();
    const pick = filePickerFor(window as never);
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/d/a.npy'] });
    expect(await pick('open')).toBe('/d/a.npy');
    expect(dialog.showOpenDialog.mock.calls[0]?.[0]).toBe(window);
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await pick('open')).toBeNull();
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/d/out.npy' });
    expect(await pick('save', '/d/a.npy')).toBe('/d/out.npy');
    expect(dialog.showSaveDialog.mock.calls[0]?.[1]).toMatchObject({ defaultPath: '/d/a.npy' });
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await pick('save')).toBeNull();
  });

  it('the discard prompt defaults to Cancel and names the files', async () => {
    const window = new BrowserWindow();
    dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    expect(await confirmDiscard(window as never, ['a.npy', 'b.npy'])).toBe(false);
    const options = dialog.showMessageBox.mock.calls[0]?.[1];
    expect(options).toMatchObject({ defaultId: 0, cancelId: 0, buttons: ['Cancel', 'Discard Changes'] });
    expect(options.detail).toContain('a.npy\nb.npy');
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    expect(await confirmDiscard(window as never, ['a.npy'])).toBe(true);
  });
});
