/**
 * Shared set-up for the main-process suites: a fake engine service (every contract handler a
 * vi.fn), and a window + peer + registry wired the way src/main/index.ts wires them.
 */
import { vi, type Mock } from 'vitest';
import type { CallContext, Handlers } from '../../src/shared/dispatch.js';
import { METHOD_NAMES } from '../../src/shared/methods.js';
import type { Service, ServiceOptions } from '../../src/core/service-types.js';
import { createPeer, PeerRegistry, type Peer } from '../../src/main/peers.js';
import { BrowserWindow, FakeFrame } from './electron-mock.js';

export const RENDERER_URL = 'file:///app/out/renderer/index.html';

/**
 * One contract handler, re-stubbed per test. The dispatcher validates inputs before a handler
 * sees them, so the fakes take the input as `unknown` and the real call context.
 */
export type FakeHandler = Mock<(input: unknown, ctx: CallContext) => unknown>;

export interface FakeService {
  readonly handlers: Record<string, FakeHandler>;
  readonly dispose: Mock<() => void>;
  options: ServiceOptions | null;
}

export function fakeService(): FakeService {
  const handlers = Object.fromEntries(
    METHOD_NAMES.filter((n) => n !== 'cancel').map((name): [string, FakeHandler] => [name, vi.fn(async () => ({ method: name }))]),
  );
  return { handlers, dispose: vi.fn<() => void>(), options: null };
}

export interface Harness {
  readonly window: BrowserWindow;
  readonly peer: Peer;
  readonly registry: PeerRegistry;
  readonly service: FakeService;
}

export function harness(options: { allowWrites?: boolean; url?: string } = {}): Harness {
  const window = new BrowserWindow();
  window.webContents.mainFrame = new FakeFrame(options.url ?? RENDERER_URL);
  const service = fakeService();
  const peer = createPeer(window as never, {
    allowWrites: options.allowWrites ?? true,
    initialFiles: ['/data/a.npy'],
    createService: (serviceOptions: ServiceOptions): Service => {
      service.options = serviceOptions;
      return { handlers: service.handlers as unknown as Handlers, dispose: service.dispose };
    },
    policy: { readable: async (p) => p, writable: async (p) => p, listable: async (d) => d },
    pickFile: async () => null,
    processMetrics: () => [],
  });
  const registry = new PeerRegistry();
  registry.add(peer);
  return { window, peer, registry, service };
}

/** An IpcMainInvokeEvent-like object from `window`'s main frame (or the frame given). */
export function eventFrom(window: BrowserWindow, frame: FakeFrame | null = window.webContents.mainFrame) {
  return { sender: window.webContents, senderFrame: frame } as never;
}
