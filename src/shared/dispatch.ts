/**
 * The receiving end of the contract, shared by Electron main (one per window) and the WebSocket
 * server (one per connection). It validates every input against the contract before a handler
 * sees it, enforces the write policy and the concurrency cap on long calls, tracks in-flight calls
 * so `cancel` can abort them, and turns every outcome into a Result: nothing thrown escapes.
 */
import { contract, type MethodName, type Output, type ParsedInput } from './contract.js';
import { METHOD_NAMES } from './methods.js';
import { ArrayscopeError, fail, ok, type Result, toErrorData } from './errors.js';

export interface CallContext {
  readonly call: string;
  readonly signal: AbortSignal;
  progress(done: number, total: number): void;
}

export type Handler<M extends MethodName> = (input: ParsedInput<M>, ctx: CallContext) => Promise<Output<M>> | Output<M>;
export type Handlers = { [M in Exclude<MethodName, 'cancel'>]: Handler<M> };

export interface DispatcherOptions {
  /** Methods marked `writes` in the contract are refused unless this is true. */
  readonly allowWrites: boolean;
  /** At most this many long calls (scans, saves) run at once for this peer. */
  readonly maxConcurrentLong: number;
  /** Sends a progress event to this peer. */
  readonly emitProgress: (call: string, done: number, total: number) => void;
}

const PROGRESS_INTERVAL_MS = 100;

export class Dispatcher {
  private readonly inflight = new Map<string, AbortController>();
  private longRunning = 0;

  constructor(
    private readonly handlers: Handlers,
    private readonly options: DispatcherOptions,
  ) {}

  async handle(method: unknown, call: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (typeof method !== 'string' || !(METHOD_NAMES as readonly string[]).includes(method)) {
      return fail('bad-request', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    }
    if (typeof call !== 'string' || call.length === 0 || call.length > 64) return fail('bad-request', 'missing or invalid call id');
    const name = method as MethodName;
    const spec = contract[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return fail('bad-request', `${name}: invalid input${where}: ${issue?.message ?? 'schema mismatch'}`);
    }
    if (name === 'cancel') {
      this.cancel((parsed.data as ParsedInput<'cancel'>).call);
      return ok(null);
    }
    if (spec.writes && !this.options.allowWrites) {
      return fail('forbidden', `${name} changes files, and this server is read-only (start it with --allow-write)`);
    }
    if (spec.long && this.longRunning >= this.options.maxConcurrentLong) {
      return fail('too-large', `too many long operations at once (limit ${this.options.maxConcurrentLong}); wait or cancel one`);
    }
    return this.run(name, call, parsed.data, spec.long);
  }

  /** Aborts every in-flight call (the peer went away). */
  cancelAll(): void {
    for (const controller of this.inflight.values()) controller.abort();
    this.inflight.clear();
  }

  private cancel(call: string): void {
    this.inflight.get(call)?.abort();
  }

  private async run(name: MethodName, call: string, input: unknown, long: boolean): Promise<Result<unknown>> {
    const controller = new AbortController();
    this.inflight.set(call, controller);
    if (long) this.longRunning++;
    let last = 0;
    const ctx: CallContext = {
      call,
      signal: controller.signal,
      progress: (done, total) => {
        const now = Date.now();
        if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
        last = now;
        this.options.emitProgress(call, done, total);
      },
    };
    try {
      const handler = this.handlers[name as Exclude<MethodName, 'cancel'>] as Handler<MethodName>;
      const value = await handler(input as never, ctx);
      if (controller.signal.aborted) return fail('cancelled', `${name} was cancelled`);
      return ok(value);
    } catch (err) {
      if (controller.signal.aborted) return fail('cancelled', `${name} was cancelled`);
      const data = toErrorData(err);
      return { ok: false, error: err instanceof ArrayscopeError || data.kind !== 'internal' ? data : { kind: 'internal', message: `${name}: ${data.message}` } };
    } finally {
      this.inflight.delete(call);
      if (long) this.longRunning--;
    }
  }
}
