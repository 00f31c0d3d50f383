/**
 * The grid's page cache: pages of the current view fetched through the DataClient, held in a
 * ByteLru bounded in bytes, prefetched in the scroll direction, with requests that left the plan
 * cancelled (their AbortController makes the client send `cancel`).
 *
 * Never a stale or misplaced value:
 * - keys carry the session id, the view spec and the page coordinates, so a page can only be
 *   shown for the exact view and place it was read for;
 * - every page carries the engine's `revision`. After the session changes (an edit, undo, redo,
 *   discard — announced by the `session` event, with the new revision, before the call returns)
 *   `invalidate(revision)` drops every page older than it, and answers to reads issued earlier
 *   are dropped when they arrive. Without a revision, `invalidate()` hides the whole cache and
 *   asks the engine for its current revision with an empty (0 × 0) page read; when it answers,
 *   older pages are dropped and the rest shown again; reads issued before the invalidation and
 *   answered after it are kept only once the revision is known, and only when not older.
 */
import type { Result } from '../../../shared/errors.js';
import { ByteLru } from '../../../shared/lru.js';
import type { PagePlan, PageGeometry, PageSpec } from '../../../shared/paging.js';
import type { Page, ViewSpec } from '../../../shared/schemas.js';
import { type CachedPage, cachedPage } from './cells.js';
import { viewKey } from './geometry.js';

export interface PageRequestInput {
  readonly session: string;
  readonly view: ViewSpec;
  readonly row0: number;
  readonly rowCount: number;
  readonly col0: number;
  readonly colCount: number;
}

export type FetchPage = (request: PageRequestInput, signal: AbortSignal) => Promise<Result<Page>>;

export interface CacheContext {
  readonly session: string;
  readonly view: ViewSpec;
  readonly geometry: PageGeometry;
}

interface Entry {
  readonly page: CachedPage;
  readonly revision: number;
}

interface InFlight {
  readonly controller: AbortController;
  readonly epoch: number;
}

export interface PageCacheOptions {
  readonly maxBytes?: number;
  /** Page reads in flight at once (visible pages are started first). */
  readonly maxInFlight?: number;
}

export const DEFAULT_CACHE_BYTES = 64 << 20;

export class PageCache {
  private readonly lru: ByteLru<string, Entry>;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly listeners = new Set<() => void>();
  private readonly maxInFlight: number;
  private context: CacheContext | null = null;
  private prefix = '';
  /** Pages older than this revision are never shown. */
  private minRevision = 0;
  /** Bumped by invalidate(); reads remember the epoch they were issued in. */
  private epoch = 0;
  /** False from invalidate() until a read issued after it has told the current revision. */
  private verified = true;
  private probe: AbortController | null = null;
  private lastPlan: PagePlan | null = null;
  private disposed = false;
  /** Counters for tests and the bench. */
  readonly stats = { requests: 0, cancelled: 0, dropped: 0, hits: 0, misses: 0 };

  constructor(
    private readonly fetchPage: FetchPage,
    options: PageCacheOptions = {},
  ) {
    this.lru = new ByteLru<string, Entry>(options.maxBytes ?? DEFAULT_CACHE_BYTES, (e) => e.page.page.bytes.byteLength + 256);
    this.maxInFlight = options.maxInFlight ?? 6;
  }

  get bytes(): number {
    return this.lru.bytes;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** The key prefix of a context: session, view spec and page shape. */
  static prefixOf(context: CacheContext): string {
    return `${context.session}\u0001${viewKey(context.view)}\u0001${context.geometry.pageRows}x${context.geometry.pageCols}\u0001`;
  }

  /** Switches to another view (or session); pages of the old one stay cached but unused. */
  private switchTo(context: CacheContext | null): void {
    const prefix = context ? PageCache.prefixOf(context) : '';
    if (context && this.context && context.session !== this.context.session) this.resetRevisions();
    this.context = context;
    if (prefix === this.prefix) return;
    this.prefix = prefix;
    this.lastPlan = null;
    this.abortWhere(() => true);
  }

  /**
   * The page at (pageRow, pageCol) of `context`'s view when it is cached and current. The caller
   * names the context it draws, so a render can never pick up pages of another view.
   */
  get(context: CacheContext, pageRow: number, pageCol: number): CachedPage | undefined {
    if (!this.verified) return undefined;
    const entry = this.lru.get(`${PageCache.prefixOf(context)}${pageRow}:${pageCol}`);
    if (entry === undefined) {
      this.stats.misses++;
      return undefined;
    }
    if (entry.revision < this.minRevision) return undefined;
    this.stats.hits++;
    return entry.page;
  }

  /**
   * Fetches what `plan` needs of `context`'s view that is not cached, and cancels every read the
   * plan no longer wants (all of them for a null context: the grid is hidden).
   */
  want(context: CacheContext | null, plan: PagePlan): void {
    if (this.disposed) return;
    this.switchTo(context);
    if (!this.context) return;
    this.lastPlan = plan;
    const wanted = [...plan.visible, ...plan.prefetch];
    const keys = new Set(wanted.map((p) => this.prefix + p.key));
    this.abortWhere((key) => !keys.has(key));
    for (const spec of wanted) {
      if (this.inFlight.size >= this.maxInFlight) break;
      const key = this.prefix + spec.key;
      if (this.inFlight.has(key)) continue;
      const entry = this.lru.peek(key);
      // While unverified, cached pages wait for the revision probe instead of being read again.
      if (entry !== undefined && (entry.revision >= this.minRevision || !this.verified)) continue;
      this.start(key, spec);
    }
  }

  /**
   * The session's bytes changed. With the session's new revision (SessionInfo.revision, sent with
   * every change) older pages are dropped at once; without it everything is hidden until an empty
   * read has told the current revision.
   */
  invalidate(revision?: number): void {
    if (this.disposed) return;
    if (revision !== undefined) {
      if (revision > this.minRevision) this.learnRevision(revision);
      return;
    }
    this.epoch++;
    this.verified = false;
    this.probe?.abort();
    const context = this.context;
    if (!context) {
      this.lru.clear();
      this.verified = true;
      return;
    }
    const controller = new AbortController();
    this.probe = controller;
    const epoch = this.epoch;
    void this.fetchPage({ session: context.session, view: context.view, row0: 0, rowCount: 0, col0: 0, colCount: 0 }, controller.signal).then(
      (result) => {
        if (this.probe === controller) this.probe = null;
        if (controller.signal.aborted || this.disposed || epoch !== this.epoch) return;
        if (result.ok) this.learnRevision(result.value.revision);
        else this.forgetAll();
      },
    );
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels every read in flight; the cache stays usable (a remounted grid continues with it). */
  cancelAll(): void {
    this.probe?.abort();
    this.probe = null;
    this.abortWhere(() => true);
    this.lastPlan = null;
    if (!this.verified) {
      // The revision probe was cancelled with the rest: nothing cached can be vouched for.
      this.lru.clear();
      this.verified = true;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.probe?.abort();
    this.abortWhere(() => true);
    this.lru.clear();
    this.listeners.clear();
  }

  private start(key: string, spec: PageSpec): void {
    const context = this.context!;
    const controller = new AbortController();
    const flight: InFlight = { controller, epoch: this.epoch };
    this.inFlight.set(key, flight);
    this.stats.requests++;
    const request = { session: context.session, view: context.view, row0: spec.row0, rowCount: spec.rowCount, col0: spec.col0, colCount: spec.colCount };
    void this.fetchPage(request, controller.signal).then((result) => {
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
      if (controller.signal.aborted || this.disposed) return;
      if (result.ok) this.accept(key, result.value, flight.epoch);
      else this.stats.dropped++;
      this.continuePlan();
      this.notify();
    });
  }

  private accept(key: string, page: Page, epoch: number): void {
    if (epoch === this.epoch && !this.verified) this.learnRevision(page.revision);
    if (!this.verified || page.revision < this.minRevision) {
      this.stats.dropped++;
      return;
    }
    this.lru.set(key, { page: cachedPage(page), revision: page.revision });
  }

  /** The engine's revision is `revision` now: older pages go, the rest are shown again. */
  private learnRevision(revision: number): void {
    this.minRevision = Math.max(this.minRevision, revision);
    for (const key of this.lru.keys()) {
      const entry = this.lru.peek(key);
      if (entry && entry.revision < this.minRevision) this.lru.delete(key);
    }
    this.abortWhere((_, flight) => flight.epoch !== this.epoch);
    this.verified = true;
    this.continuePlan();
    this.notify();
  }

  private forgetAll(): void {
    this.lru.clear();
    this.abortWhere(() => true);
    this.verified = true;
    this.continuePlan();
    this.notify();
  }

  private resetRevisions(): void {
    this.lru.clear();
    this.minRevision = 0;
    this.verified = true;
    this.probe?.abort();
    this.probe = null;
  }

  private continuePlan(): void {
    if (this.lastPlan) this.want(this.context, this.lastPlan);
  }

  private abortWhere(predicate: (key: string, flight: InFlight) => boolean): void {
    for (const [key, flight] of this.inFlight) {
      if (!predicate(key, flight)) continue;
      flight.controller.abort();
      this.inFlight.delete(key);
      this.stats.cancelled++;
    }
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
