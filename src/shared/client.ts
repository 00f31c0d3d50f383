/**
 * The renderer's only way to reach the engine. A DataClient speaks the contract over a Transport
 * (Electron IPC through the preload bridge, or a WebSocket to `arrayscope serve`), validates every
 * response against the contract's output schema, and turns cancellation into a `cancel` call.
 */
import { contract, type EventName, type EventPayload, events, type Input, type MethodName, type Output } from './contract.js';
import { fail, type Result, toErrorData } from './errors.js';

export interface Transport {
  /** Sends one call; resolves with the receiver's Result (not yet validated). Never rejects for API errors. */
  request(method: MethodName, call: string, input: unknown): Promise<unknown>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(handler: (name: string, payload: unknown) => void): () => void;
  /** Human-readable description for the status bar ("Electron IPC", "ws://host:port"). */
  readonly label: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

let counter = 0;
function nextCallId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `c${Date.now().toString(36)}-${counter.toString(36)}`;
}

export class DataClient {
  private readonly progress = new Map<string, (done: number, total: number) => void>();
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  constructor(readonly transport: Transport) {
    transport.onEvent((name, payload) => this.dispatchEvent(name, payload));
  }

  async call<M extends MethodName>(method: M, input: Input<M>, options: CallOptions = {}): Promise<Result<Output<M>>> {
    const { signal, onProgress } = options;
    if (signal?.aborted) return fail('cancelled', `${method} was cancelled`);
    const call = nextCallId();
    if (onProgress) this.progress.set(call, onProgress);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<Result<Output<M>>>((resolve) => {
      onAbort = () => {
        void this.transport.request('cancel', nextCallId(), { call });
        resolve(fail('cancelled', `${method} was cancelled`));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const response = this.transport.request(method, call, input).then((raw) => this.validate(method, raw));
      return await Promise.race([response, aborted]);
    } catch (err) {
      return { ok: false, error: toErrorData(err) };
    } finally {
      this.progress.delete(call);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Like `call`, but throws the error data as an ArrayscopeError-like object on failure. */
  async get<M extends MethodName>(method: M, input: Input<M>, options?: CallOptions): Promise<Output<M>> {
    const result = await this.call(method, input, options);
    if (result.ok) return result.value;
    throw Object.assign(new Error(result.error.message), { kind: result.error.kind });
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  private validate<M extends MethodName>(method: M, raw: unknown): Result<Output<M>> {
    const envelope = raw as { ok?: unknown; value?: unknown; error?: unknown };
    if (envelope?.ok === false) return { ok: false, error: toErrorData(envelope.error) };
    if (envelope?.ok !== true) return fail('bad-request', `${method}: the engine sent a malformed response`);
    const parsed = contract[method].output.safeParse(envelope.value);
    if (!parsed.success) return fail('bad-request', `${method}: the engine sent an invalid response (${parsed.error.issues[0]?.message ?? 'schema mismatch'})`);
    return { ok: true, value: parsed.data as Output<M> };
  }

  private dispatchEvent(name: string, payload: unknown): void {
    if (!(name in events)) return;
    const parsed = events[name as EventName].safeParse(payload);
    if (!parsed.success) return; // a malformed event is dropped, never thrown into the UI
    if (name === 'progress') {
      const p = parsed.data as EventPayload<'progress'>;
      this.progress.get(p.call)?.(p.done, p.total);
    }
    for (const handler of this.listeners.get(name) ?? []) (handler as (payload: unknown) => void)(parsed.data);
  }
}
