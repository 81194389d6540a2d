import {existsSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {join} from 'node:path';
import {Worker} from 'node:worker_threads';
import {MlsdError} from './errors';
import {GenerationError, type GenerationErrorKind} from './modelErrors';
import type {Handlers} from './worker';

/**
 * Below this many pieces of work, a run does them itself: starting a worker and loading the
 * Markdown tools in it costs a few hundred milliseconds, a changed page's parse a few.
 */
export const POOL_FROM = 32;

/**
 * The heap a worker may grow to. Parsing leaves much garbage, and V8 lets a heap grow with it
 * far past what is live: bounded, a worker collects it, and a first run of a large handbook takes
 * a fraction of the memory. A piece of work too large for it is done by the run itself.
 */
const WORKER_HEAP_MB = 64;

/**
 * Its young generation, where most of a parse's garbage dies: at 8 MB a first run of 1000
 * designs took 48 s, at 32 MB 39 s (28 s in the main thread, with a third more memory). At 16 MB
 * it took 18.3 s against 17.5 s at 32 MB, and its peak was 238 MB against 255 MB.
 */
const WORKER_YOUNG_MB = 16;

/**
 * Workers a pool starts: one core is left to the main thread, which goes on with the run (and,
 * in `docusaurus build`, with the site), and each worker costs its own modules and heap, so no
 * more than two.
 */
function defaultSize(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/** The compiled worker: beside this module, or in the package's `lib` when run from source. */
function workerFile(): string {
  const beside = join(__dirname, 'worker.js');
  return existsSync(beside)
    ? beside
    : join(__dirname, '..', 'lib', 'worker.js');
}

/** A worker thread that stopped (out of memory, or crashed): its work is done by the run. */
export class WorkerLost extends Error {}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** An error as a worker sends it back: its message and the fields the run reads. */
export interface SentError {
  name: string;
  message: string;
  mlsd?: boolean;
  /** Of a `GenerationError`. */
  kind?: GenerationErrorKind;
  line?: number;
  column?: number;
  reason?: string;
}

/** An error a worker sent back, as the run would have met it. */
function revive(sent: SentError): Error {
  if (sent.mlsd) return new MlsdError(sent.message);
  if (sent.kind) return new GenerationError(sent.kind, sent.message);
  const error = new Error(sent.message) as Error & Omit<SentError, 'mlsd'>;
  error.name = sent.name;
  if (sent.line !== undefined) error.line = sent.line;
  if (sent.column !== undefined) error.column = sent.column;
  if (sent.reason !== undefined) error.reason = sent.reason;
  return error;
}

/** One worker thread, and the calls it has not answered yet. */
class Thread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  lost: Error | undefined;

  constructor(file: string) {
    this.worker = new Worker(file, {
      resourceLimits: {
        maxOldGenerationSizeMb: WORKER_HEAP_MB,
        maxYoungGenerationSizeMb: WORKER_YOUNG_MB,
      },
    });
    this.worker.unref();
    this.worker.on(
      'message',
      ({
        id,
        value,
        error,
      }: {
        id: number;
        value?: unknown;
        error?: SentError;
      }) => {
        const call = this.pending.get(id);
        if (!call) return;
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.unref();
        if (error) call.reject(revive(error));
        else call.resolve(value);
      },
    );
    const stop = (error: Error) => {
      this.lost ??= new WorkerLost(
        `a worker thread stopped: ${error.message}`,
        {cause: error},
      );
      for (const call of this.pending.values()) call.reject(this.lost);
      this.pending.clear();
    };
    this.worker.on('error', stop);
    this.worker.on('exit', (code) => stop(new Error(`exit code ${code}`)));
  }

  get load(): number {
    return this.pending.size;
  }

  call<K extends keyof Handlers>(
    name: K,
    args: Parameters<Handlers[K]>,
  ): Promise<Awaited<ReturnType<Handlers[K]>>> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.next++;
    // An idle worker does not keep the process alive; one with work to answer does.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.worker.postMessage({id, name, args});
    });
  }

  async stop(): Promise<void> {
    this.lost ??= new WorkerLost('the worker threads were stopped');
    await this.worker.terminate();
  }
}

/**
 * Worker threads for the costly, self-contained work of a run with much to do: parsing changed
 * pages, counting prompt tokens, sanitizing and compile-checking answers. Their heaps are bounded (see `WORKER_HEAP_MB`), so a first run of a large handbook neither
 * waits on one core nor grows the process by its garbage. Started when first called, stopped by
 * `close()`; a call a worker cannot finish rejects with `WorkerLost`, and the caller does the work
 * itself.
 */
export class WorkerPool {
  private threads: Thread[] | undefined;

  /**
   * @param onStart called once, when the threads start: the main thread then mostly waits on
   *   them, and may do work of its own meanwhile.
   */
  constructor(
    private readonly size = defaultSize(),
    private onStart?: () => void,
  ) {}

  call<K extends keyof Handlers>(
    name: K,
    ...args: Parameters<Handlers[K]>
  ): Promise<Awaited<ReturnType<Handlers[K]>>> {
    if (!this.threads) {
      this.threads = Array.from(
        {length: this.size},
        () => new Thread(workerFile()),
      );
      const onStart = this.onStart;
      this.onStart = undefined;
      onStart?.();
    }
    const live = this.threads.filter((thread) => !thread.lost);
    if (live.length === 0)
      return Promise.reject(new WorkerLost('no worker thread is left'));
    const idle = live.reduce((a, b) => (b.load < a.load ? b : a));
    return idle.call(name, args);
  }

  /** Stops the workers; calls not answered yet reject with `WorkerLost`. */
  async close(): Promise<void> {
    const threads = this.threads ?? [];
    this.threads = undefined;
    await Promise.all(threads.map((thread) => thread.stop()));
  }
}
