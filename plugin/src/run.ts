import {designsToAsk, type AskRequest} from './core/ask';
import {decideState} from './core/state';
import type {RunContext} from './context';
import {generateAnswers, preloadClient, type Generated} from './generate';
import {MlsdError} from './errors';
import {
  checkBaseUrl,
  checkClashes,
  checkCollisions,
  checkCost,
  checkDesignIds,
  checkFrozen,
} from './guards';
import {writePages} from './output';
import {
  entryHeadMemo,
  planDesigns,
  releasePlan,
  stateSettings,
  type DesignPlan,
  type RunPlan,
} from './plan';
import {summarize, summaryLine, type RunSummary} from './summary';
import {WorkerPool} from './workers';

/**
 * How a dev-server run hands its requests to the session that asks in the background
 * (`dev.ts`), instead of waiting for them.
 */
export interface Background {
  /** Keys being asked already: never asked twice, shown as `generating`. */
  inFlight: ReadonlySet<string>;
  /** Keys asked before in this session (answered or failed): not asked again by themselves. */
  asked: ReadonlySet<string>;
  /** Asks for these, after the pages are written. */
  ask(plans: readonly DesignPlan[]): void;
  /** More would be asked than the cost guard allows: say so, and ask nothing. */
  overLimit(plans: readonly DesignPlan[]): void;
}

/**
 * The pipeline of one run: read the docs tree and plan each design (`plan`), check what must
 * stop the run (`guards`), decide what to ask (`core/ask`), ask the model (`generate`), decide
 * each design's final state (`core/state`) and write its page (`output`), then say what was
 * done (`summary`).
 */
export async function syncDeployPages(
  ctx: RunContext,
  request: AskRequest = {},
  background?: Background,
): Promise<RunSummary> {
  const started = Date.now();
  // Worker threads, started only if the run has much to parse or check (see `WorkerPool`).
  const pool = new WorkerPool(undefined, () => {
    if (mayAsk(ctx, request)) preloadClient();
  });
  try {
    // A build counts tokens only where the limit is near; `status` counts them all.
    const plan = await planDesigns(ctx, {pool, tokens: 'near-limit'});
    let done = false;
    try {
      const summary = await runPlanned(
        ctx,
        plan,
        request,
        started,
        pool,
        background,
      );
      done = true;
      return summary;
    } finally {
      // A run that stopped early keeps what it read, and drops nothing a later run may need.
      await plan.reader.save({keepUnused: !done});
      // Requests left to the dev server's session read their prompts' texts later.
      releasePlan(plan, {keepReadings: background !== undefined});
    }
  } finally {
    await pool.close();
  }
}

/**
 * Whether this run may ask the model: the mode or the command allows it and a key is set. Says
 * nothing of whether an answer is missing; that is known once the run is planned.
 */
function mayAsk(ctx: RunContext, request: AskRequest): boolean {
  if (ctx.complete || !ctx.apiKey) return false;
  return Boolean(
    request.explicit ||
    request.force ||
    ctx.mode === 'auto' ||
    ctx.mode === 'refresh',
  );
}

async function runPlanned(
  ctx: RunContext,
  plan: RunPlan,
  request: AskRequest,
  started: number,
  pool: WorkerPool,
  background?: Background,
): Promise<RunSummary> {
  checkDesignIds(plan.plans, request.designs);
  for (const {file, problem} of plan.tree.problems) {
    ctx.log.warn(`${file}: ${problem}`);
  }
  for (const entry of plan.skipped) {
    ctx.log.warn(
      `Ignoring cache file ${entry.file}: ${entry.reason}. It is left as it is; the design is regenerated when needed.`,
    );
  }
  checkCollisions(ctx, plan.plans);
  checkClashes(ctx, plan);
  checkFrozen(ctx, plan.plans, request);

  let toAsk = designsToAsk(
    plan.plans,
    {mode: ctx.mode, canAsk: Boolean(ctx.apiKey || ctx.complete)},
    request,
  ).filter((design) => !background?.asked.has(design.key));
  if (background && toAsk.length > ctx.maxGenerations) {
    // On the dev server the guard asks before spending: it says what it would ask, and waits.
    background.overLimit(toAsk);
    toAsk = [];
  }
  checkCost(ctx, toAsk, request);
  checkBaseUrl(ctx, toAsk);
  // Their prompts are made to ask: the texts of their sections are read.
  await plan.reader.texts(toAsk.flatMap((design) => design.sections));
  let generated: Generated;
  if (background) {
    // The dev server never waits on the model: pages are written now, answers when they come.
    generated = {results: new Map(), requests: 0, tokensIn: 0, tokensOut: 0};
    for (const key of [...background.inFlight, ...toAsk.map((p) => p.key)]) {
      generated.results.set(key, {ok: 'pending'});
    }
  } else {
    generated = await generateAnswers(ctx, toAsk, {
      pool,
      memo: entryHeadMemo(plan.reader),
    });
  }

  const settings = stateSettings(ctx);
  const decisions = plan.plans.map((design) =>
    decideState(design, settings, generated.results.get(design.key)),
  );
  for (const [i, decision] of decisions.entries()) {
    if (decision.state === 'too-large' || decision.state === 'incomplete') {
      ctx.log.warn(`${plan.plans[i]!.design.id}: ${decision.message}`);
    }
  }
  const written = await writePages(ctx, plan, decisions, pool);

  background?.ask(toAsk);
  const summary = summarize(
    decisions,
    generated,
    written,
    (Date.now() - started) / 1000,
  );
  // Done with: each holds the answer it shows (see `releasePlan`).
  decisions.length = 0;
  if (!background || summary.written.length + summary.removed.length > 0) {
    ctx.log.info(summaryLine(summary));
  }
  const failed = plan.plans.filter(
    (design) => generated.results.get(design.key)?.ok === false,
  );
  if (failed.length > 0 && ctx.options.onGenerationError === 'throw') {
    throw new MlsdError(
      `${failed.length} request(s) failed, and the option \`onGenerationError: 'throw'\` fails the build:\n` +
        failed
          .map((design) => {
            const result = generated.results.get(design.key);
            return `  - ${design.design.id}: ${result?.ok === false ? result.message : ''}`;
          })
          .join('\n') +
        '\nEvery answer received is cached and every page is written; build again to ask only for these.',
    );
  }
  return summary;
}
