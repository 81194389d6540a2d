import {readFile, rm} from 'node:fs/promises';
import {relative, resolve} from 'node:path';
import {loadMarkdownTools} from '../core/markdown';
import {withReview} from '../core/review';
import type {RunContext} from '../context';
import {MlsdError} from '../errors';
import {checkDesignIds} from '../plan/guards';
import {answerStoreOf, planDesigns, type RunPlan} from '../plan/plan';
import {syncDeployPages} from '../run';
import {dryRun} from './dryRun';
import {countsLine, countStates} from '../summary';
import {designStatuses, formatStatus} from './status';

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

/** The plan stage, what it worked out kept for the build. */
async function planRun(ctx: RunContext): Promise<RunPlan> {
  const planned = await planDesigns(ctx);
  await planned.memo.save();
  return planned;
}

/** Files named on the command line are relative to where the user ran npm, not the site folder. */
function userPath(file: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

async function status(ctx: RunContext, flags: Flags): Promise<void> {
  const {plans} = await planRun(ctx);
  const statuses = designStatuses(plans);
  const counts = countStates(plans);
  out(
    flags.json
      ? JSON.stringify(
          {
            docsDir: relative(ctx.siteDir, ctx.docsDir).split('\\').join('/'),
            designs: statuses,
            summary: counts,
          },
          null,
          2,
        )
      : `${formatStatus(statuses)}\n${countsLine(counts)}`,
  );
}

async function generate(ctx: RunContext, flags: Flags): Promise<void> {
  const designs = flags.design.length ? flags.design : undefined;
  if (flags.dryRun) {
    const {plans} = await planRun(ctx);
    checkDesignIds(plans, designs);
    dryRun(ctx, plans, {designs, force: flags.force, json: flags.json});
    return;
  }
  const summary = await syncDeployPages(ctx, {
    designs,
    force: flags.force,
    explicit: true,
  });
  if (summary.failed > 0) process.exitCode = 1;
}

async function prune(ctx: RunContext, flags: Flags): Promise<void> {
  const {plans, entries} = await planRun(ctx);
  const store = answerStoreOf(ctx);
  // Used: an entry answering a design's current inputs, or the last answer a stale design shows.
  const used = new Set(
    plans
      .flatMap((plan) => [
        plan.entry?.key,
        plan.entry ? undefined : plan.previous?.key,
      ])
      .filter(Boolean),
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
  if (flags.design.length !== 1 || !flags.from) {
    throw new MlsdError(
      'Usage: mlsd pin --design <id> --from <file> [--note <who wrote it>]',
    );
  }
  const {plans} = await planRun(ctx);
  checkDesignIds(plans, flags.design);
  const plan = plans.find(
    (candidate) => candidate.design.id === flags.design[0],
  )!;
  const file = userPath(flags.from);
  let answer: string;
  try {
    answer = await readFile(file, 'utf8');
  } catch (error) {
    throw new MlsdError(`Cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
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
    pinned: true,
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
  if (flags.design.length !== 1) {
    throw new MlsdError('Usage: mlsd prompt --design <id> [--json]');
  }
  const {plans} = await planRun(ctx);
  checkDesignIds(plans, flags.design);
  const plan = plans.find(
    (candidate) => candidate.design.id === flags.design[0],
  )!;
  // The prompt is made from its sections' texts, which may need a parse.
  await loadMarkdownTools();
  if (!flags.json) {
    out(plan.prompt);
    return;
  }
  const [status] = designStatuses([plan]);
  out(
    JSON.stringify(
      {
        id: plan.design.id,
        state: plan.state,
        key: plan.key,
        promptTokens: plan.promptTokens,
        promptTokensExact: plan.promptTokensExact,
        sections: status!.sections,
        prompt: plan.prompt,
      },
      null,
      2,
    ),
  );
}

/** Records that a person read a design's shown answer (who, when, its digest); lapses on change. */
async function review(ctx: RunContext, flags: Flags): Promise<void> {
  if (flags.design.length !== 1 || !flags.by?.trim()) {
    throw new MlsdError(
      'Usage: mlsd review --design <id> --by <name> [--note <text>]',
    );
  }
  const {plans} = await planDesigns(ctx);
  checkDesignIds(plans, flags.design);
  const plan = plans.find((item) => item.design.id === flags.design[0])!;
  if (!plan.shown) {
    throw new MlsdError(
      `Design ${plan.design.id} has no answer to review (${plan.reason}). Generate or pin one first.`,
    );
  }
  const reviewed = withReview(plan.shown, {
    by: flags.by.trim(),
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
