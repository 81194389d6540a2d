import {setMaxListeners} from 'node:events';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {answerDigest, normalizeAnswer, type CacheEntry} from '../core/entry';
import type {GenerationResult} from '../core/state';
import type {RunContext} from '../context';
import type {Spent} from '../summary';
import {MlsdError} from '../errors';
import {FailureLog} from '../answers/failures';
import {fileErrorCause, forEachLimit, writeFileAtomic} from '../io/files';
import {createChatClient, GenerationError} from './client';
import {loadMarkdownTools} from '../core/markdown';
import {preloadYaml} from '../core/yaml';
import {answerStoreOf, type DesignPlan} from '../plan/plan';
import type {HeadMemo} from '../answers/store';
import {loadOpenAI, redact} from './errors';
import {Progress} from './progress';

/** Loads what asking needs (`openai`, `fetch`, `yaml`) early, out of the first request's way. */
export function preloadClient(): void {
  try {
    loadOpenAI();
  } catch {
    // Reported by the request that needs it.
  }
  void globalThis.Headers;
  preloadYaml();
}

/** What the generate stage asked, and this run's result for each key asked. */
export interface Generated extends Spent {
  results: Map<string, GenerationResult>;
}

/** Checks the cache folder is writable before asking: an answer not cached is paid for and lost. */
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

/**
 * Asks for each plan, `concurrency` at a time, caching each answer as it arrives (a run that stops
 * loses none). A failure is logged and the run goes on; a configuration fault stops it at once.
 */
export async function generateAnswers(
  ctx: RunContext,
  toAsk: readonly DesignPlan[],
  {progress = true, memo}: {progress?: boolean; memo?: HeadMemo} = {},
): Promise<Generated> {
  const generated: Generated = {
    results: new Map(),
    requests: 0,
    tokensIn: 0,
    tokensOut: 0,
  };
  if (toAsk.length === 0) return generated;
  const store = answerStoreOf(ctx);
  await checkCacheWritable(store.dir);
  // Each request holds its prompt: the sections' texts may need a parse.
  await loadMarkdownTools();
  const complete =
    ctx.complete ??
    createChatClient({
      apiKey: ctx.apiKey!,
      baseURL: ctx.baseURL,
      timeout: ctx.options.timeout,
      maxRetries: ctx.options.maxRetries,
    });
  const failures = new FailureLog(ctx.stateDir);
  const log = progress ? ctx.log : {info() {}, warn() {}, error() {}};
  const meter = new Progress(toAsk.length, log);
  const stop = new AbortController();
  // Every request in flight listens to it (through a signal of its own, see `client.ts`).
  setMaxListeners(ctx.options.concurrency + 10, stop.signal);
  let fatal: MlsdError | undefined;
  const answered: string[] = [];
  log.info(
    `Asking ${ctx.model} for the Deploy section of ${toAsk.length} design(s), ${ctx.options.concurrency} at a time.`,
  );
  await forEachLimit(toAsk, ctx.options.concurrency, async (plan) => {
    if (fatal) return;
    meter.begin(plan.design.id);
    generated.requests++;
    let entry: CacheEntry;
    try {
      const completion = await complete(plan.request, stop.signal);
      entry = {
        key: plan.key,
        design: plan.cacheId,
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
        meter.end(plan.design.id, 'not asked: the run stopped', true);
        return;
      }
      // A configuration fault stops the run: its message says what to check, never the key.
      const stops = failure.isConfiguration;
      if (stops) {
        fatal = new MlsdError(
          `The model server refused the run: ${failure.message}. ${failure.hint}\n` +
            `  model: ${ctx.model} (option \`model\`, or MLSD_MODEL)\n` +
            `  base URL: ${ctx.baseURL ?? 'OpenAI’s default'} (OPENAI_BASE_URL)\n` +
            `  key: OPENAI_API_KEY is ${ctx.apiKey ? 'set' : 'not set'}\n` +
            'No other request was sent; answers received before it are cached.',
        );
        stop.abort();
      } else {
        generated.results.set(plan.key, {
          ok: false,
          message: failure.message,
          hint: failure.hint,
          kind: failure.kind,
        });
      }
      await failures.record(plan.cacheId, {
        key: plan.key,
        kind: failure.kind,
        message: stops ? `${failure.message} ${failure.hint}` : failure.message,
        at: new Date().toISOString(),
      });
      const why = stops
        ? failure.message
        : `${failure.message} ${failure.hint}`;
      meter.end(plan.design.id, `failed: ${why}`, true);
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
      meter.end(plan.design.id, 'answer received but not cached', true);
      return;
    }
    generated.results.set(plan.key, {ok: true, entry});
    answered.push(plan.key);
    meter.end(
      plan.design.id,
      `generated, ${entry.usage.total_tokens ?? '?'} tokens`,
    );
  });
  meter.finish();
  await failures.clear(answered);
  if (fatal) throw fatal;
  return generated;
}
