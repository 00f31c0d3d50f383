import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardClose, unsavedNames } from '../../src/main/close-guard.js';
import { fail, ok } from '../../src/shared/errors.js';

class FakeWindow extends EventEmitter {
  /** Emits `close` like Electron; returns whether a listener prevented it. */
  tryClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => void (prevented = true) });
    return prevented;
  }
}

function setup(names: readonly string[] | Error, agree: boolean) {
  const window = new FakeWindow();
  const options = {
    unsavedNames: vi.fn(async () => {
      if (names instanceof Error) throw names;
      return names;
    }),
    confirm: vi.fn(async () => agree),
    proceed: vi.fn(),
    cancelled: vi.fn(),
  };
  guardClose(window as never, options);
  return { window, options };
}

describe('guardClose', () => {
  it('holds the close, then lets it proceed when nothing is unsaved (no prompt)', async () => {
    const { window, options } = setup([], false);
    expect(window.tryClose()).toBe(true);
    await vi.waitFor(() => expect(options.proceed).toHaveBeenCalledOnce());
    expect(options.confirm).not.toHaveBeenCalled();
    expect(window.tryClose()).toBe(false);
  });

  it('asks, and closes after the user agrees to discard', async () => {
    const { window, options } = setup(['a.npy'], true);
    window.tryClose();
    await vi.waitFor(() => expect(options.proceed).toHaveBeenCalledOnce());
    expect(options.confirm).toHaveBeenCalledWith(['a.npy']);
    expect(window.tryClose()).toBe(false);
  });

  it('keeps the window when the user cancels, and asks again next time', async () => {
    const { window, options } = setup(['a.npy'], false);
    window.tryClose();
    await vi.waitFor(() => expect(options.cancelled).toHaveBeenCalledOnce());
    expect(options.proceed).not.toHaveBeenCalled();
    expect(window.tryClose()).toBe(true);
    await vi.waitFor(() => expect(options.confirm).toHaveBeenCalledTimes(2));
  });

  it('shows one prompt however many close attempts arrive meanwhile', async () => {
    const { window, options } = setup(['a.npy'], true);
    window.tryClose();
    window.tryClose();
    window.tryClose();
    await vi.waitFor(() => expect(options.proceed).toHaveBeenCalledOnce());
    expect(options.confirm).toHaveBeenCalledOnce();
  });

  it('still closes when the unsaved list cannot be read', async () => {
    const { window, options } = setup(new Error('engine gone'), false);
    window.tryClose();
    await vi.waitFor(() => expect(options.proceed).toHaveBeenCalledOnce());
  });
});

describe('unsavedNames', () => {
  const session = (fileName: string, dirty: boolean) => ({ fileName, dirty });

  it('joins the UI report with the engine dirty sessions, without duplicates', async () => {
    const handle = vi.fn(async () => ok([session('a.npy', true), session('b.npy', false), session('c.npy', true)]));
    const names = await unsavedNames({ dirtyNames: ['a.npy', 'draft edit in d.npy'], dispatcher: { handle, cancelAll: vi.fn() } as never });
    expect(names).toEqual(['a.npy', 'draft edit in d.npy', 'c.npy']);
    expect(handle).toHaveBeenCalledWith('listSessions', expect.stringMatching(/^shell-close-/), {});
  });

  it('falls back to the UI report when the engine cannot answer', async () => {
    const answers = [async () => fail('internal', 'down'), async () => ok({ not: 'a list' }), async () => ok([null, { dirty: true }]), async () => Promise.reject(new Error('gone'))];
    for (const answer of answers) {
      expect(await unsavedNames({ dirtyNames: ['x.npy'], dispatcher: { handle: vi.fn(answer) } as never })).toEqual(['x.npy']);
    }
  });
});
