import {designsToAsk, type AskRequest} from './core/ask';
import {decideState} from './core/state';
import type {RunContext} from './context';
import {generateAnswers} from './generate';
import {checkClashes, checkCost, checkDesignIds, checkFrozen} from './guards';
import {writePages} from './output';
import {planDesigns, stateSettings, type RunPlan} from './plan';
import {summarize, summaryLine, type RunSummary} from './summary';

/**
 * The pipeline of one run: read the docs tree and plan each design (`plan`), check what must
 * stop the run (`guards`), decide what to ask (`core/ask`), ask the model (`generate`), decide
 * each design's final state (`core/state`) and write its page (`output`), then say what was
 * done (`summary`).
 */
export async function syncDeployPages(
  ctx: RunContext,
  request: AskRequest = {},
): Promise<RunSummary> {
  const started = Date.now();
  const plan = await planDesigns(ctx);
  let done = false;
  try {
    const summary = await runPlanned(ctx, plan, request, started);
    done = true;
    return summary;
  } finally {
    // A run that stopped early keeps what it read, and drops nothing a later run may need.
    await plan.reader.save({keepUnused: !done});
  }
}

async function runPlanned(
  ctx: RunContext,
  plan: RunPlan,
  request: AskRequest,
  started: number,
): Promise<RunSummary> {
  checkDesignIds(plan.plans, request.designs);
  for (const entry of plan.skipped) {
    ctx.log.warn(
      `Ignoring cache file ${entry.file}: ${entry.reason}. It is left as it is; the design is regenerated when needed.`,
    );
  }
  checkClashes(ctx, plan);
  checkFrozen(ctx, plan.plans, request);

  const toAsk = designsToAsk(
    plan.plans,
    {mode: ctx.mode, canAsk: Boolean(ctx.apiKey || ctx.complete)},
    request,
  );
  checkCost(ctx, toAsk, request);
  const generated = await generateAnswers(ctx, toAsk);

  const settings = stateSettings(ctx);
  const decisions = plan.plans.map((design) =>
    decideState(design, settings, generated.results.get(design.key)),
  );
  for (const [i, decision] of decisions.entries()) {
    if (decision.state === 'too-large' || decision.state === 'incomplete') {
      ctx.log.warn(`${plan.plans[i]!.design.id}: ${decision.message}`);
    }
  }
  const written = await writePages(ctx, plan, decisions);

  const summary = summarize(
    decisions,
    generated,
    written,
    (Date.now() - started) / 1000,
  );
  ctx.log.info(summaryLine(summary));
  return summary;
}
