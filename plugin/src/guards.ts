import {join} from 'node:path';
import {isGeneratedPage} from './core/discover';
import type {AskRequest} from './core/ask';
import {commandName, type RunContext} from './context';
import {MlsdError} from './errors';
import type {DesignPlan, RunPlan} from './plan';

/**
 * The checks that stop a run before it writes or asks anything, each with what to do. They read
 * the plan only: nothing here touches a file or the network.
 */

/** Names given to `--design` that are no design; throws listing the known ids. */
export function checkDesignIds(
  plans: readonly DesignPlan[],
  ids: readonly string[] | undefined,
): void {
  const unknown = (ids ?? []).filter(
    (id) => !plans.some((plan) => plan.design.id === id),
  );
  if (unknown.length) {
    throw new MlsdError(
      `No design ${unknown.map((id) => `\`${id}\``).join(', ')}. The designs are: ${plans.map((plan) => plan.design.id).join(', ') || 'none'}.`,
    );
  }
}

/** A user's own file where a generated page would go is never overwritten. */
export function checkClashes(ctx: RunContext, {plans, tree}: RunPlan): void {
  const contents = new Map(tree.files.map((file) => [file.path, file.content]));
  const clashes = plans.filter((plan) => {
    const existing = contents.get(plan.design.outputFile);
    return existing !== undefined && !isGeneratedPage(existing);
  });
  if (clashes.length === 0) return;
  throw new MlsdError(
    `These files were not written by docusaurus-plugin-mlsd-deploy, which would write its Deploy page there:\n` +
      clashes
        .map((plan) => `  - ${join(ctx.docsDir, plan.design.outputFile)}`)
        .join('\n') +
      `\nRename them, or set the plugin's \`outputFileName\` option to another name (now "${ctx.options.outputFileName}"). Nothing was written.`,
  );
}

/** `MLSD_MODE=frozen` builds only from the cache: every design needs its answer there. */
export function checkFrozen(
  ctx: RunContext,
  plans: readonly DesignPlan[],
  request: AskRequest,
): void {
  if (ctx.mode !== 'frozen' || request.explicit) return;
  const misses = plans.filter((plan) =>
    ['stale', 'missing', 'failed'].includes(plan.state),
  );
  if (misses.length === 0) return;
  throw new MlsdError(
    `MLSD_MODE=frozen: ${misses.length} design(s) have no cached answer for their current inputs:\n` +
      misses
        .map(
          (plan) =>
            `  - ${plan.design.id} (${plan.state}${plan.changed.length ? `: ${plan.changed.join(', ')} changed` : ''}), key ${plan.key.slice(0, 12)}`,
        )
        .join('\n') +
      `\nGenerate them where a model is reachable (\`docusaurus ${commandName(ctx.options.id)} generate\` with OPENAI_API_KEY set) and commit ${ctx.options.cacheDir}/. Nothing was written.`,
  );
}

/** The cost guard: a run asks at most `maxGenerations` times; `generate` needs a key. */
export function checkCost(
  ctx: RunContext,
  toAsk: readonly DesignPlan[],
  request: AskRequest,
): void {
  if (toAsk.length > ctx.maxGenerations) {
    throw new MlsdError(
      `This run would ask the model ${toAsk.length} times, over the limit of ${ctx.maxGenerations} (option \`maxGenerationsPerRun\`, or MLSD_MAX_GENERATIONS):\n` +
        toAsk
          .map(
            (plan) =>
              `  - ${plan.design.id} (${plan.state}, about ${plan.promptTokens} prompt tokens)`,
          )
          .join('\n') +
        `\nRaise the limit for this run (MLSD_MAX_GENERATIONS=${toAsk.length}), or generate a few with \`docusaurus ${commandName(ctx.options.id)} generate --design <id>\`. Nothing was asked.`,
    );
  }
  if (request.explicit && toAsk.length > 0 && !ctx.apiKey && !ctx.complete) {
    throw new MlsdError(
      '`generate` needs OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI). Nothing was asked.',
    );
  }
}
