import {readFile, rm} from 'node:fs/promises';
import {relative, resolve} from 'node:path';
import {designsToAsk} from '../core/ask';
import {loadMarkdownTools} from '../core/markdown';
import {withReview} from '../core/review';
import {commandName, type RunContext} from '../context';
import {MlsdError} from '../errors';
import {checkDesignIds} from '../plan/guards';
import {
  answerStoreOf,
  planDesigns,
  type DesignPlan,
  type RunPlan,
} from '../plan/plan';
import {syncDeployPages} from '../run';
import {countsLine, countStates} from '../summary';
import {designStatuses, formatStatus} from './status';
import {figuresOfPlans} from '../plan/figures';

/** The flags of `docusaurus mlsd <command>`. */
export interface Flags {
  json?: boolean;
  design: string[];
  force?: boolean;
  dryRun?: boolean;
  from?: string;
  note?: string;
  by?: string;
}

const out = (text: string) => process.stdout.write(`${text}\n`);
const outJson = (value: unknown) => out(JSON.stringify(value, null, 2));

/** The plan stage, what it worked out kept for the build. */
async function planRun(ctx: RunContext): Promise<RunPlan> {
  const planned = await planDesigns(ctx);
  await planned.memo.save();
  return planned;
}

/** The plan of the one design `--design` names; the usage when it names none or several. */
async function planOf(
  ctx: RunContext,
  flags: Flags,
  usage: string,
  complete = true,
  plan = planRun,
) {
  if (flags.design.length !== 1 || !complete)
    throw new MlsdError(`Usage: mlsd ${usage}`);
  const {plans} = await plan(ctx);
  checkDesignIds(plans, flags.design);
  return plans.find((candidate) => candidate.design.id === flags.design[0])!;
}

async function status(ctx: RunContext, flags: Flags): Promise<void> {
  const {plans, memo} = await planDesigns(ctx);
  const statuses = designStatuses(plans, await figuresOfPlans(memo, plans));
  await memo.save();
  const counts = countStates(plans);
  if (!flags.json) out(`${formatStatus(statuses)}\n${countsLine(counts)}`);
  else
    outJson({
      docsDir: relative(ctx.siteDir, ctx.docsDir).split('\\').join('/'),
      designs: statuses,
      summary: counts,
    });
}

async function generate(ctx: RunContext, flags: Flags): Promise<void> {
  if (flags.dryRun) return dryRun(ctx, flags);
  const summary = await syncDeployPages(ctx, {
    designs: flags.design.length ? flags.design : undefined,
    force: flags.force,
    explicit: true,
  });
  if (summary.failed > 0) process.exitCode = 1;
}

/** Why a dry run does not ask for a design it lists, or nothing for one it need not list. */
function notAskedWhy(ctx: RunContext, plan: DesignPlan): string | undefined {
  const command = `docusaurus ${commandName(ctx.options.id)}`;
  if (plan.state === 'pinned')
    return `pinned: generation never replaces a person's answer (\`${command} unpin --design ${plan.design.id}\` lets the model answer)`;
  if (plan.state === 'incomplete' || plan.state === 'too-large')
    return `${plan.state === 'incomplete' ? 'incomplete' : 'too large'}: ${plan.reason}`;
  if (plan.edited)
    return `edited by hand: generation keeps it (\`${command} generate --design ${plan.design.id} --force\` replaces it)`;
  return undefined;
}

/** `generate --dry-run`: what would be asked, with its prompt tokens, and what would not, and why. */
async function dryRun(ctx: RunContext, flags: Flags): Promise<void> {
  const designs = flags.design.length ? flags.design : undefined;
  const {plans} = await planRun(ctx);
  checkDesignIds(plans, designs);
  const asked = designsToAsk(
    plans,
    {mode: ctx.mode, canAsk: Boolean(ctx.apiKey || ctx.complete)},
    {designs, force: flags.force, explicit: true},
  );
  const skipped = plans.flatMap((plan) => {
    if (asked.includes(plan)) return [];
    if (designs && !designs.includes(plan.design.id)) return [];
    const why = notAskedWhy(ctx, plan);
    return why ? [{id: plan.design.id, state: plan.state, why}] : [];
  });
  const total = asked.reduce((sum, plan) => sum + plan.promptTokens, 0);
  const exact = asked.every((plan) => plan.promptTokensExact);
  const about = exact ? '' : '~';
  if (flags.json) {
    outJson({
      requests: asked.map((plan) => ({
        id: plan.design.id,
        state: plan.state,
        key: plan.key,
        promptTokens: plan.promptTokens,
      })),
      promptTokens: total,
      promptTokensExact: exact,
      skipped,
    });
    return;
  }
  out(
    asked.length
      ? asked
          .map(
            (plan) =>
              `${plan.design.id}  ${plan.state}  ${about}${plan.promptTokens} prompt tokens`,
          )
          .join('\n')
      : 'Nothing to generate.',
  );
  for (const {id, why} of skipped) out(`${id}  not asked: ${why}`);
  out(
    `${asked.length} ${asked.length === 1 ? 'request' : 'requests'}, ${about}${total} prompt tokens in all (${exact ? "counted with the model's tokenizer" : "estimated where far below the `maxPromptTokens` limit, or where the model's tokenizer is not known"}), model ${ctx.model}. Nothing was asked.`,
  );
}

async function prune(ctx: RunContext, flags: Flags): Promise<void> {
  const {plans, entries} = await planRun(ctx);
  const store = answerStoreOf(ctx);
  // Used: an entry answering a design's current inputs, or the last answer a stale design shows.
  const used = new Set(
    plans.map((plan) => (plan.entry ?? plan.previous)?.key).filter(Boolean),
  );
  const orphans = [...entries.values()]
    .filter((entry) => !used.has(entry.key))
    .map((entry) => store.fileOf(entry.key));
  const leftovers = await store.leftovers();
  const files = [...orphans, ...leftovers].sort();
  for (const file of files) {
    if (!flags.dryRun) await rm(file, {force: true});
    out(
      `${flags.dryRun ? 'would remove' : 'removed'} ${relative(process.cwd(), file)}`,
    );
  }
  out(
    `${files.length} file(s) ${flags.dryRun ? 'to remove' : 'removed'}; ${used.size} answer(s) in use kept. Pinned answers are never pruned.`,
  );
}

async function pin(ctx: RunContext, flags: Flags): Promise<void> {
  const plan = await planOf(
    ctx,
    flags,
    'pin --design <id> --from <file> [--note <who wrote it>]',
    Boolean(flags.from),
  );
  // Relative to where the user ran npm, not the site folder.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), flags.from!);
  const answer = await readFile(file, 'utf8').catch((error: Error) => {
    throw new MlsdError(`Cannot read ${file}: ${error.message}`, {
      cause: error,
    });
  });
  if (!answer.trim())
    throw new MlsdError(`${file} is empty: nothing was pinned.`);
  const store = answerStoreOf(ctx);
  const written = await store.putPin({
    key: plan.key,
    design: plan.design.id,
    model: 'pinned',
    created: new Date().toISOString(),
    finishReason: 'pinned',
    usage: {},
    inputs: plan.inputs,
    answer,
    // Without a note the page says who chose it in its own language (see `pinnedNoteOf`).
    ...(flags.note ? {note: flags.note} : {}),
  });
  out(
    `Pinned ${relative(process.cwd(), written)} for ${plan.design.id} (key ${plan.key.slice(0, 12)}). Generation never replaces it; commit it with the cache.`,
  );
}

async function unpin(ctx: RunContext, flags: Flags): Promise<void> {
  if (flags.design.length !== 1)
    throw new MlsdError('Usage: mlsd unpin --design <id>');
  const removed = await answerStoreOf(ctx).removePin(flags.design[0]!);
  out(
    removed
      ? `Unpinned ${flags.design[0]}.`
      : `${flags.design[0]} had no pinned answer.`,
  );
}

/** Prints the exact prompt a design would send; `--json` adds where each section came from. */
async function prompt(ctx: RunContext, flags: Flags): Promise<void> {
  const plan = await planOf(ctx, flags, 'prompt --design <id> [--json]');
  // The prompt is made from its sections' texts, which may need a parse.
  await loadMarkdownTools();
  if (!flags.json) {
    out(plan.prompt);
    return;
  }
  const [status] = designStatuses([plan]);
  outJson({
    id: plan.design.id,
    state: plan.state,
    key: plan.key,
    promptTokens: plan.promptTokens,
    promptTokensExact: plan.promptTokensExact,
    sections: status!.sections,
    prompt: plan.prompt,
  });
}

/** Records that a person read a design's shown answer (who, when, its digest); lapses on change. */
async function review(ctx: RunContext, flags: Flags): Promise<void> {
  const plan = await planOf(
    ctx,
    flags,
    'review --design <id> --by <name> [--note <text>]',
    Boolean(flags.by?.trim()),
    planDesigns,
  );
  if (!plan.shown) {
    throw new MlsdError(
      `Design ${plan.design.id} has no answer to review (${plan.reason}). Generate or pin one first.`,
    );
  }
  const reviewed = withReview(plan.shown, {
    by: flags.by!.trim(),
    at: new Date().toISOString(),
    note: flags.note,
  });
  const store = answerStoreOf(ctx);
  const file = reviewed.pinned
    ? await store.putPin(reviewed)
    : (await store.put(reviewed), store.fileOf(reviewed.key));
  out(
    `Reviewed ${plan.design.id} by ${reviewed.review!.by}: recorded in ${relative(process.cwd(), file)}` +
      `${plan.state === 'stale' ? ' (an answer to older inputs: the page still shows it stale)' : ''}. Commit it with the cache; the review lapses if the answer changes.`,
  );
}

/** The `mlsd` commands by name. */
export const COMMANDS: Record<
  string,
  (ctx: RunContext, flags: Flags) => Promise<void>
> = {status, prompt, generate, prune, pin, unpin, review};
