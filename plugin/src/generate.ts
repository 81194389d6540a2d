import {subscribe, unsubscribe} from 'node:diagnostics_channel';
import {setMaxListeners} from 'node:events';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {answerDigest, normalizeAnswer, type CacheEntry} from './core/entry';
import type {GenerationResult} from './core/state';
import type {RunContext} from './context';
import {MlsdError} from './errors';
import {FailureLog} from './failures';
import {fileErrorCause, mapLimit, writeFileAtomic} from './files';
import {
  createChatClient,
  GenerationError,
  redact,
  workerChatClient,
  type ChatClientOptions,
} from './llm';
import {loadOpenAI} from './modelErrors';
import {preloadYaml} from './core/yaml';
import {cacheStoreOf, type DesignPlan} from './plan';
import type {HeadMemo} from './store';
import {Progress} from './progress';
import type {WorkerPool} from './workers';

/**
 * Requests past which a run asks from a worker thread. Each request leaves about 90 KB of
 * garbage (the prompt, its JSON, the response) that V8 lets the heap keep: 1000 requests grew the
 * process by about 100 MB. A worker costs about 40 MB and 50 ms to start (and to load `openai`).
 */
export const ASK_IN_WORKER_FROM = 500;

/**
 * Loads what the generate stage needs ahead of it, while the run waits on its worker threads (a
 * run that parses many pages mostly asks after): the `openai` package, Node's `fetch` (loaded
 * by Node on first use) and `yaml`, which writes each answer. The first request then goes out
 * about 70 ms sooner, and the first answers are written without a pause. A failure to load is
 * left to the request that needs the package.
 */
export function preloadClient(): void {
  setImmediate(() => {
    try {
      loadOpenAI();
    } catch {
      // Left to the request that needs it, which reports it.
    }
    void globalThis.Headers;
    preloadYaml();
  });
}

/**
 * Calls `fn` once the first request of the run has left (as Node's `fetch` reports it, on its
 * diagnostics channel), after the others sent with it: the time the run then waits on the model
 * is free. `yaml`, which writes each answer, loads there (about 15 ms), not when the first
 * answer arrives, where it would hold up every answer of the first round; loaded before the
 * requests leave, it would hold them up instead. A run asking from a worker thread, or through
 * a `complete` of its own, sends nothing here: `fn` is then not called, and the first answer
 * loads what it needs. Gives the function that stops listening (at the end of the stage).
 */
function whenFirstSent(fn: () => void): () => void {
  const stop = () => unsubscribe(REQUEST_SENT, sent);
  const sent = () => {
    stop();
    setImmediate(fn);
  };
  subscribe(REQUEST_SENT, sent);
  return stop;
}

/** The channel on which Node's `fetch` reports a request whose headers have been written. */
const REQUEST_SENT = 'undici:client:sendHeaders';

/** What the generate stage did. */
export interface Generated {
  /** This run's result for each key asked. */
  results: Map<string, GenerationResult>;
  requests: number;
  tokensIn: number;
  tokensOut: number;
}

/**
 * Checks that the cache folder takes a file before anything is asked: an answer that cannot be
 * cached would be paid for and lost.
 */
async function checkCacheWritable(dir: string): Promise<void> {
  const probe = join(dir, '.write-check');
  try {
    await writeFileAtomic(probe, '');
    await rm(probe, {force: true});
  } catch (error) {
    throw new MlsdError(
      `Cannot write to the cache folder ${dir}: ${fileErrorCause(error)}. Nothing was asked. ` +
        'Make the folder writable (or free disk space), or point the `cacheDir` option at a writable folder, and build again.',
      {cause: error},
    );
  }
}

/** The message of a run stopped by a configuration fault: what to check, never the key. */
function configurationMessage(ctx: RunContext, error: GenerationError): string {
  return (
    `The model server refused the run: ${error.message}. ${error.hint}\n` +
    `  model: ${ctx.model} (option \`model\`, or MLSD_MODEL)\n` +
    `  base URL: ${ctx.baseURL ?? 'OpenAI’s default'} (OPENAI_BASE_URL)\n` +
    `  key: OPENAI_API_KEY is ${ctx.apiKey ? 'set' : 'not set'}\n` +
    'No other request was sent; answers received before it are cached.'
  );
}

/**
 * The generate stage: asks the model for each plan, `concurrency` at a time. Each answer is
 * cached the moment it arrives, so a run that stops later loses none. A transient failure is
 * recorded in the local failure log and shown on the page, and the run goes on; a refused key,
 * a forbidden or unknown model stops it at once, as does a cache that cannot be written.
 */
export async function generateAnswers(
  ctx: RunContext,
  toAsk: readonly DesignPlan[],
  {
    progress: showProgress = true,
    pool,
    askInWorkerFrom = ASK_IN_WORKER_FROM,
    memo,
  }: {
    progress?: boolean;
    /** The run's worker threads: many requests are made from one (see `workerChatClient`). */
    pool?: WorkerPool;
    /** Requests from which they are (`ASK_IN_WORKER_FROM`). */
    askInWorkerFrom?: number;
    /** Keeps each answer's head by its file's digest, for the next run (see `entryHeadMemo`). */
    memo?: HeadMemo;
  } = {},
): Promise<Generated> {
  const generated: Generated = {
    results: new Map(),
    requests: 0,
    tokensIn: 0,
    tokensOut: 0,
  };
  if (toAsk.length === 0) return generated;
  const store = cacheStoreOf(ctx);
  await checkCacheWritable(store.dir);
  const options: ChatClientOptions = {
    apiKey: ctx.apiKey!,
    baseURL: ctx.baseURL,
    timeout: ctx.options.timeout,
    maxRetries: ctx.options.maxRetries,
  };
  const complete =
    ctx.complete ??
    (pool && toAsk.length >= askInWorkerFrom
      ? workerChatClient(pool, options)
      : createChatClient(options));
  const failures = new FailureLog(ctx.stateDir);
  const quiet = {info: () => {}, warn: () => {}, error: () => {}};
  const progress = new Progress(toAsk.length, showProgress ? ctx.log : quiet);
  const stop = new AbortController();
  // Every request in flight listens to it (through a signal of its own, see `llm.ts`).
  setMaxListeners(ctx.options.concurrency + 10, stop.signal);
  let fatal: MlsdError | undefined;
  if (showProgress) {
    ctx.log.info(
      `Asking ${ctx.model} for the Deploy section of ${toAsk.length} design(s), ${ctx.options.concurrency} at a time.`,
    );
  }
  const stopListening = whenFirstSent(preloadYaml);
  await mapLimit(toAsk, ctx.options.concurrency, async (plan) => {
    if (fatal) return;
    progress.begin(plan.design.id);
    generated.requests++;
    let entry: CacheEntry;
    try {
      const completion = await complete(plan.request, stop.signal);
      entry = {
        key: plan.key,
        design: plan.design.id,
        model: completion.model,
        created: new Date().toISOString(),
        finishReason: completion.finishReason,
        usage: completion.usage,
        inputs: plan.inputs,
        // As the entry file stores it, so that this run's page is the one every rebuild writes.
        answer: normalizeAnswer(completion.text),
        answerSha256: answerDigest(completion.text),
        // The review of the answer this one replaces stays, so that the page says it lapsed.
        ...(plan.shown?.review ? {review: plan.shown.review} : {}),
      };
      generated.tokensIn += completion.usage.prompt_tokens ?? 0;
      generated.tokensOut += completion.usage.completion_tokens ?? 0;
    } catch (error) {
      const failure =
        error instanceof GenerationError
          ? error
          : new GenerationError(
              'unknown',
              redact((error as Error)?.message ?? String(error), ctx.apiKey),
            );
      if (fatal || failure.kind === 'aborted') {
        progress.end(plan.design.id, 'not asked: the run stopped', true);
        return;
      }
      if (failure.isConfiguration) {
        fatal = new MlsdError(configurationMessage(ctx, failure));
        stop.abort();
        await failures.record(plan.design.id, {
          key: plan.key,
          kind: failure.kind,
          message: `${failure.message} ${failure.hint}`,
          at: new Date().toISOString(),
        });
        progress.end(plan.design.id, `failed: ${failure.message}`, true);
        return;
      }
      generated.results.set(plan.key, {
        ok: false,
        message: failure.message,
        hint: failure.hint,
        kind: failure.kind,
      });
      await failures.record(plan.design.id, {
        key: plan.key,
        kind: failure.kind,
        message: failure.message,
        at: new Date().toISOString(),
      });
      progress.end(
        plan.design.id,
        `failed: ${failure.message} ${failure.hint}`,
        true,
      );
      return;
    }
    try {
      await store.put(entry, memo);
    } catch (error) {
      fatal ??= new MlsdError(
        `Cannot write the answer for design ${plan.design.id} to ${store.fileOf(plan.key)}: ${fileErrorCause(error)}. ` +
          'The run stopped asking; answers written before it are kept. Make the cache folder writable (or free disk space) and build again: only what is missing is asked.',
        {cause: error},
      );
      stop.abort();
      progress.end(plan.design.id, 'answer received but not cached', true);
      return;
    }
    generated.results.set(plan.key, {ok: true, entry});
    progress.end(
      plan.design.id,
      `generated, ${entry.usage.total_tokens ?? '?'} tokens`,
    );
  }).finally(stopListening);
  progress.finish();
  await failures.clear(
    [...generated.results]
      .filter(([, result]) => result.ok === true)
      .map(([key]) => key),
  );
  if (fatal) throw fatal;
  return generated;
}
