import {designsToAsk, type AskRequest} from './core/ask';
import {loadMarkdownTools} from './core/markdown';
import {decideState} from './core/state';
import {commandName, type RunContext} from './context';
import {generateAnswers, preloadClient, type Generated} from './model/generate';
import {MlsdError} from './errors';
import {
  checkBaseUrl,
  checkClashes,
  checkCollisions,
  checkCost,
  checkDesignIds,
  checkFrozen,
} from './plan/guards';
import {writePages} from './pages/write';
import {planDesigns, stateSettings, type DesignPlan} from './plan/plan';
import {countStates, summaryLine, type RunSummary, type Spent} from './summary';

/** How a dev-server run hands its requests to the background session (`dev/session.ts`). */
export interface Background {
  /** Keys being asked already: never asked twice, shown as `generating`. */
  inFlight: ReadonlySet<string>;
  /** Keys asked before in this session (answered or failed): not asked again by themselves. */
  asked: ReadonlySet<string>;
  /** Asks for these, after the pages are written. */
  ask(plans: readonly DesignPlan[]): void;
  /** More would be asked than the cost guard allows: say so, and ask nothing. */
  overLimit(plans: readonly DesignPlan[]): void;
  /** What was asked in the background since the last summary, and the keys it answered. */
  takeSpent(): Spent & {answered: ReadonlySet<string>};
}

/** Says why a run asked nothing and what to do; on the dev server, only that no key can ask. */
function sayWhyNothingAsked(
  ctx: RunContext,
  plans: readonly DesignPlan[],
  request: AskRequest,
  devServer: boolean,
): void {
  const waiting = designsToAsk(
    plans,
    {mode: 'auto', canAsk: true},
    {designs: request.designs},
  );
  const generate = `docusaurus ${commandName(ctx.options.id)} generate${ctx.translation ? ` --locale ${ctx.translation.locale}` : ''}`;
  if (waiting.length === 0) {
    if (!devServer)
      ctx.log.info(
        request.designs
          ? `Nothing to ask: ${request.designs.join(', ')} ${request.designs.length === 1 ? 'has its' : 'have their'} answer cached, pinned, or cannot be asked (\`--force\` asks again for a cached one).`
          : 'Nothing to ask: every answer is cached or pinned, or its design cannot be asked (incomplete, too large; `status` says why).',
      );
    return;
  }
  const ids = waiting.slice(0, 5).map((plan) => plan.design.id);
  const more = waiting.length - ids.length;
  const list = `${waiting.length} ${waiting.length === 1 ? 'design waits' : 'designs wait'} for an answer (${ids.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
  if (!ctx.apiKey && !ctx.complete)
    ctx.log.warn(
      `Nothing was asked: OPENAI_API_KEY is not set, and ${list}; their pages say "not generated yet". Set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI) and build again, or run \`${generate}\`.`,
    );
  else if (!devServer)
    ctx.log.info(
      `Nothing was asked: mode \`${ctx.mode}\` (MLSD_MODE, or the \`mode\` option) never asks the model, and ${list}. Build in mode \`auto\`, or run \`${generate}\`.`,
    );
}

/** One run: plan designs, check guards, ask the model, decide states, write pages, summarize. */
export async function syncDeployPages(
  ctx: RunContext,
  request: AskRequest = {},
  background?: Background,
): Promise<RunSummary> {
  const started = Date.now();
  const plan = await planDesigns(ctx);
  try {
    checkDesignIds(plan.plans, request.designs);
    for (const {file, problem} of plan.tree.problems)
      ctx.log.warn(`${file}: ${problem}`);
    for (const entry of plan.skipped)
      ctx.log.warn(
        `Ignoring cache file ${entry.file}: ${entry.reason}. It is left as it is; the design is regenerated when needed.`,
      );
    checkCollisions(ctx, plan.plans);
    checkClashes(ctx, plan);
    checkFrozen(ctx, plan.plans, request);

    let toAsk = ctx.cacheOnly
      ? []
      : designsToAsk(
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
    if (toAsk.length === 0 && !ctx.cacheOnly)
      sayWhyNothingAsked(ctx, plan.plans, request, Boolean(background));
    // Their prompts are made now, before any request: a section's text may need a parse.
    if (toAsk.length > 0) {
      if (!background && !ctx.complete) preloadClient();
      await loadMarkdownTools();
    }
    for (const design of toAsk) void design.prompt;
    let generated: Generated;
    if (background) {
      // The dev server never waits on the model: pages are written now, answers when they come.
      generated = {results: new Map(), requests: 0, tokensIn: 0, tokensOut: 0};
      for (const key of [...background.inFlight, ...toAsk.map((p) => p.key)])
        generated.results.set(key, {ok: 'pending'});
    } else {
      generated = await generateAnswers(ctx, toAsk, {
        memo: (digest, read) => plan.memo.entryHeads.get(digest, read),
      });
    }

    const settings = stateSettings(ctx);
    const decisions = plan.plans.map((design) => {
      const result = generated.results.get(design.key);
      const decision = decideState(design, settings, result);
      if (decision.state === 'too-large' || decision.state === 'incomplete')
        ctx.log.warn(`${design.design.id}: ${decision.message}`);
      return decision;
    });
    const written = await writePages(ctx, plan, decisions);

    background?.ask(toAsk);
    // On the dev server a run says what it did when it wrote something, with what was asked in the
    // background since the last time it said so.
    const says =
      !background || written.written.length + written.removed.length > 0;
    const spent = background && says ? background.takeSpent() : undefined;
    const asked = spent ?? generated;
    const summary: RunSummary = {
      ...countStates(
        plan.plans.map((design, i) => ({...decisions[i]!, key: design.key})),
        spent?.answered,
      ),
      requests: asked.requests,
      tokensIn: asked.tokensIn,
      tokensOut: asked.tokensOut,
      seconds: (Date.now() - started) / 1000,
      ...written,
    };
    if (says) ctx.log.info(summaryLine(summary));
    const failed = plan.plans.flatMap((design) => {
      const result = generated.results.get(design.key);
      return result?.ok === false
        ? [`  - ${design.design.id}: ${result.message}`]
        : [];
    });
    if (failed.length > 0 && ctx.options.onGenerationError === 'throw')
      throw new MlsdError(
        `${failed.length} request(s) failed, and the option \`onGenerationError: 'throw'\` fails the build:\n` +
          failed.join('\n') +
          '\nEvery answer received is cached and every page is written; build again to ask only for these.',
      );
    return summary;
  } finally {
    // What was worked out is kept, whether the run ended or stopped.
    await plan.memo.save();
  }
}
