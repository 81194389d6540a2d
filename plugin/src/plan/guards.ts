import {join} from 'node:path';
import {isGeneratedFile} from '../core/discover';
import type {AskRequest} from '../core/ask';
import {commandName, type RunContext} from '../context';
import {MlsdError} from '../errors';
import type {DesignPlan, RunPlan} from './plan';

/** Checks that stop a run before it writes or asks anything. They read the plan only. */

/** The lines of a message's list: `  - item` each. */
const list = <T>(items: readonly T[], line: (item: T) => string) =>
  items.map((item) => `  - ${line(item)}`).join('\n');

/** Names given to `--design` that are no design; throws listing the known ids. */
export function checkDesignIds(
  plans: readonly DesignPlan[],
  ids: readonly string[] | undefined,
): void {
  const unknown = (ids ?? []).filter(
    (id) => !plans.some((plan) => plan.design.id === id),
  );
  if (unknown.length)
    throw new MlsdError(
      `No design ${unknown.map((id) => `\`${id}\``).join(', ')}. The designs are: ${plans.map((plan) => plan.design.id).join(', ') || 'none'}.`,
    );
}

/** Two designs whose Deploy pages would be one file, or one doc id (`a.md` and `a.mdx`). */
export function checkCollisions(
  ctx: RunContext,
  plans: readonly DesignPlan[],
): void {
  const byOutput = new Map<string, string[]>();
  for (const plan of plans) {
    const id =
      plan.design.kind === 'page'
        ? `${plan.design.dir}/${plan.design.outputId}`
        : plan.design.outputFile;
    for (const name of new Set([plan.design.outputFile, id]))
      byOutput.set(name, [...(byOutput.get(name) ?? []), plan.design.id]);
  }
  const clashes = [...byOutput].filter(([, ids]) => ids.length > 1);
  if (clashes.length === 0) return;
  throw new MlsdError(
    `These designs would write the same Deploy page:\n` +
      list(
        clashes,
        ([output, ids]) => `${ids.join(' and ')}: ${join(ctx.docsDir, output)}`,
      ) +
      '\nRename one of the pages, or keep one out with `mlsd: false` in its front matter. Nothing was written.',
  );
}

/** The key is never sent in clear text to another machine, unless the site says so. */
export function checkBaseUrl(
  ctx: RunContext,
  toAsk: readonly DesignPlan[],
): void {
  if (toAsk.length === 0 || !ctx.baseURL || ctx.options.allowInsecureBaseUrl)
    return;
  let url: URL;
  try {
    url = new URL(ctx.baseURL);
  } catch {
    throw new MlsdError(
      `OPENAI_BASE_URL is not a URL (\`${ctx.baseURL}\`): set it to the server's API root, such as http://localhost:11434/v1. Nothing was asked.`,
    );
  }
  const local = /^(localhost|127(?:\.\d+){3}|\[::1\])$/.test(url.hostname);
  if (url.protocol === 'http:' && !local)
    throw new MlsdError(
      `OPENAI_BASE_URL is plain http:// to ${url.host}: the key would travel unencrypted. Use https://, or set the plugin option \`allowInsecureBaseUrl: true\` if this network is yours. Nothing was asked.`,
    );
}

/** A user's own file where a generated page would go is never overwritten. */
export function checkClashes(ctx: RunContext, {plans, tree}: RunPlan): void {
  const files = new Map(tree.files.map((file) => [file.path, file]));
  const clashes = plans.filter((plan) => {
    const existing = files.get(plan.design.outputFile);
    return existing !== undefined && !isGeneratedFile(existing);
  });
  if (clashes.length === 0) return;
  throw new MlsdError(
    `These files were not written by docusaurus-plugin-mlsd-deploy, which would write its Deploy page there:\n` +
      list(clashes, (plan) => join(ctx.docsDir, plan.design.outputFile)) +
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
  const unreviewed = unreviewedMessage(ctx, plans);
  if (misses.length === 0 && !unreviewed) return;
  if (misses.length === 0)
    throw new MlsdError(`${unreviewed} Nothing was written.`);
  // On a site with more than one locale, the message names the one whose pages are built.
  const where =
    (ctx.locales?.length ?? 0) > 1 ? ` (locale ${ctx.docsLocale})` : '';
  throw new MlsdError(
    `MLSD_MODE=frozen${where}: ${misses.length} design(s) have no cached answer for their current inputs:\n` +
      list(
        misses,
        (plan) =>
          `${plan.design.id} (${plan.state}${plan.changed.length ? `: ${plan.changed.join(', ')} changed` : ''}${plan.edited ? '; edited by hand' : ''}), key ${plan.key.slice(0, 12)}`,
      ) +
      `\nGenerate them where a model is reachable (\`docusaurus ${commandName(ctx.options.id)} generate\` with OPENAI_API_KEY set) and commit ${ctx.options.cacheDir}/.` +
      (unreviewed ? `\n${unreviewed}` : '') +
      ' Nothing was written.',
  );
}

/** The cost guard: a run asks at most `maxGenerations` times; `generate` needs a key. */
export function checkCost(
  ctx: RunContext,
  toAsk: readonly DesignPlan[],
  request: AskRequest,
): void {
  if (toAsk.length > ctx.maxGenerations)
    throw new MlsdError(
      `This run would ask the model ${toAsk.length} times, over the limit of ${ctx.maxGenerations} (option \`maxGenerationsPerRun\`, or MLSD_MAX_GENERATIONS):\n` +
        list(
          toAsk,
          (plan) =>
            `${plan.design.id} (${plan.state}, about ${plan.promptTokens} prompt tokens)`,
        ) +
        `\nRaise the limit for this run (MLSD_MAX_GENERATIONS=${toAsk.length}), or generate a few with \`docusaurus ${commandName(ctx.options.id)} generate --design <id>\`. Nothing was asked.`,
    );
  if (request.explicit && toAsk.length > 0 && !ctx.apiKey && !ctx.complete)
    throw new MlsdError(
      '`generate` needs OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI). Nothing was asked.',
    );
}

/** With `requireReview`, a frozen build fails on an answer shown without a current review. */
function unreviewedMessage(
  ctx: RunContext,
  plans: readonly DesignPlan[],
): string | null {
  if (!ctx.requireReview) return null;
  const drafts = plans.filter(
    (plan) => plan.shown && plan.review?.state !== 'reviewed',
  );
  if (drafts.length === 0) return null;
  return (
    `requireReview: ${drafts.length} design(s) show an answer no person has reviewed:\n` +
    list(drafts, (plan) =>
      plan.review?.state === 'lapsed'
        ? `${plan.design.id} (the answer changed since ${plan.review.by} reviewed it on ${plan.review.at?.slice(0, 10)})`
        : `${plan.design.id} (draft, not reviewed)`,
    ) +
    `\nRead each answer, then record it: \`npm run mlsd -- review --design <id> --by <name>\`, and commit ${ctx.options.cacheDir}/.`
  );
}
