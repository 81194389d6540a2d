import type {CacheEntry} from './core/entry';
import type {GenerationResult} from './core/state';
import type {RunContext} from './context';
import {FailureLog} from './failures';
import {mapLimit} from './files';
import {createChatClient, GenerationError, redact} from './llm';
import {cacheStoreOf, type DesignPlan} from './plan';
import {Progress} from './progress';

/** What the generate stage did. */
export interface Generated {
  /** This run's result for each key asked. */
  results: Map<string, GenerationResult>;
  requests: number;
  tokensIn: number;
  tokensOut: number;
}

/**
 * The generate stage: asks the model for each plan, `concurrency` at a time. Each answer is
 * cached the moment it arrives, so a run that stops later loses none; each failure is recorded
 * in the local failure log and shown on the page, and the run goes on.
 */
export async function generateAnswers(
  ctx: RunContext,
  toAsk: readonly DesignPlan[],
): Promise<Generated> {
  const generated: Generated = {
    results: new Map(),
    requests: 0,
    tokensIn: 0,
    tokensOut: 0,
  };
  if (toAsk.length === 0) return generated;
  const complete =
    ctx.complete ??
    createChatClient({
      apiKey: ctx.apiKey!,
      baseURL: ctx.baseURL,
      timeout: ctx.options.timeout,
      maxRetries: ctx.options.maxRetries,
    });
  const store = cacheStoreOf(ctx);
  const failures = new FailureLog(ctx.stateDir);
  const progress = new Progress(toAsk.length, ctx.log);
  ctx.log.info(
    `Asking ${ctx.model} for the Deploy section of ${toAsk.length} design(s), ${ctx.options.concurrency} at a time.`,
  );
  await mapLimit(toAsk, ctx.options.concurrency, async (plan) => {
    progress.begin(plan.design.id);
    generated.requests++;
    try {
      const completion = await complete(plan.request);
      const entry: CacheEntry = {
        key: plan.key,
        design: plan.design.id,
        model: completion.model,
        created: new Date().toISOString(),
        finishReason: completion.finishReason,
        usage: completion.usage,
        inputs: plan.inputs,
        answer: completion.text,
      };
      await store.put(entry);
      generated.results.set(plan.key, {ok: true, entry});
      generated.tokensIn += completion.usage.prompt_tokens ?? 0;
      generated.tokensOut += completion.usage.completion_tokens ?? 0;
      progress.end(
        plan.design.id,
        `generated, ${completion.usage.total_tokens ?? '?'} tokens`,
      );
    } catch (error) {
      const failure =
        error instanceof GenerationError
          ? error
          : new GenerationError(
              'unknown',
              redact((error as Error)?.message ?? String(error), ctx.apiKey),
            );
      generated.results.set(plan.key, {
        ok: false,
        message: failure.message,
        hint: failure.hint,
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
    }
  });
  progress.finish();
  await failures.clear(
    [...generated.results]
      .filter(([, result]) => result.ok)
      .map(([key]) => key),
  );
  return generated;
}
