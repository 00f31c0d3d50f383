/**
 * Results built in the background from a session's data (plot pyramids, image pyramids), kept
 * per session and valid for one revision of its bytes.
 *
 * Invariants:
 * - The store lives in `session.scanCache`, which the session clears on every edit, undo, redo,
 *   discard and on close; it also records the revision it was made for, so a result is never
 *   served for bytes that changed after it was built.
 * - Concurrent callers asking for the same key share one build; each caller can cancel its own
 *   wait, and the build itself is aborted only when every waiter has gone.
 * - A build that sees the revision change while it runs starts over (a few times at most).
 * - Built results are kept in a byte-bounded LRU per session.
 */
import { ArrayscopeError } from '../shared/errors.js';
import { ByteLru } from '../shared/lru.js';
import type { ScanOptions } from './native.js';
import type { Session } from './session.js';

const MAX_ATTEMPTS = 3;

export interface Built {
  readonly bytes: number;
}

/** Computes a result; must honour `signal` and may report progress. */
export type Compute<T> = (signal: AbortSignal, onProgress: (done: number, total: number) => void) => Promise<T>;

interface SharedBuild<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  readonly listeners: Set<(done: number, total: number) => void>;
  waiters: number;
}

class Store<T extends Built> {
  readonly built: ByteLru<string, T>;
  readonly building = new Map<string, SharedBuild<T>>();
  constructor(
    readonly revision: number,
    budget: number,
  ) {
    this.built = new ByteLru<string, T>(budget, (r) => r.bytes);
  }
}

export class BackgroundBuilds<T extends Built> {
  /**
   * @param storeKey  the key of this kind of result in `session.scanCache`
   * @param budget    bytes of built results one session may keep
   * @param what      words for messages: "the plot pyramid"
   */
  constructor(
    private readonly storeKey: string,
    private readonly budget: number,
    private readonly what: string,
  ) {}

  /** The built result for `key` at the session's current revision, if any (counts as a use). */
  find(session: Session, key: string): T | null {
    const store = session.scanCache.get(this.storeKey) as Store<T> | undefined;
    if (!store || store.revision !== session.revision) return null;
    return store.built.get(key) ?? null;
  }

  /** Returns the built result, joins the running build, or starts one. */
  async get(session: Session, key: string, compute: Compute<T>, options: ScanOptions = {}): Promise<T> {
    const done = this.find(session, key);
    if (done) return done;
    const store = this.storeOf(session);
    let build = store.building.get(key);
    if (!build) {
      build = this.start(session, key, compute);
      store.building.set(key, build);
    }
    return this.join(store, key, build, options);
  }

  private storeOf(session: Session): Store<T> {
    session.ensureOpen();
    let store = session.scanCache.get(this.storeKey) as Store<T> | undefined;
    if (!store || store.revision !== session.revision) {
      store = new Store<T>(session.revision, this.budget);
      session.scanCache.set(this.storeKey, store);
    }
    return store;
  }

  private start(session: Session, key: string, compute: Compute<T>): SharedBuild<T> {
    const controller = new AbortController();
    const listeners = new Set<(done: number, total: number) => void>();
    const onProgress = (d: number, t: number): void => listeners.forEach((l) => l(d, t));
    const run = async (): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        const revision = session.revision;
        const result = await compute(controller.signal, onProgress);
        if (session.closed) throw new ArrayscopeError('closed', `${session.describe()} is closed`);
        if (session.revision === revision) {
          this.storeOf(session).built.set(key, result);
          return result;
        }
        if (attempt === MAX_ATTEMPTS) {
          throw new ArrayscopeError('cancelled', `${session.describe()} kept changing while ${this.what} was built; build it again`);
        }
      }
    };
    const promise = run();
    promise.catch(() => {}); // each waiter sees the outcome through its own race; none is left unhandled
    return { promise, controller, listeners, waiters: 0 };
  }

  private async join(store: Store<T>, key: string, build: SharedBuild<T>, options: ScanOptions): Promise<T> {
    const { signal, onProgress } = options;
    build.waiters++;
    if (onProgress) build.listeners.add(onProgress);
    let leave = (): void => {};
    const gaveUp = new Promise<never>((_, reject) => {
      leave = () => reject(new ArrayscopeError('cancelled', `building ${this.what} was cancelled`));
      if (signal?.aborted) leave();
      signal?.addEventListener('abort', leave, { once: true });
    });
    try {
      return await Promise.race([build.promise, gaveUp]);
    } finally {
      signal?.removeEventListener('abort', leave);
      if (onProgress) build.listeners.delete(onProgress);
      if (--build.waiters === 0 && store.building.get(key) === build) {
        // Last one out: a finished build is in `built`; an unfinished one is no longer wanted.
        store.building.delete(key);
        build.controller.abort();
      }
    }
  }
}
