import {readFile, rm} from 'node:fs/promises';
import {relative, resolve} from 'node:path';
import type {FigureComparison} from 'docusaurus-plugin-mlsd-deploy';
import {loadMarkdownTools} from '../core/markdown';
import {withReview} from '../core/review';
import type {RunContext} from '../context';
import {MlsdError} from '../errors';
import {figuresOfPlans} from '../plan/figures';
import {answerStoreOf, planDesigns, type DesignPlan} from '../plan/plan';
import {localesOf} from '../locales';
import {countsLine, countStates} from '../summary';
import {generate} from './generate';
import {out, outJson, planLocales, plansOf, type Flags} from './plans';
import {designStatuses, formatStatus} from './status';

async function status(ctx: RunContext, flags: Flags): Promise<void> {
  // Each locale's memo keeps the figures worked out, for the next status and the build.
  const figures = new Map<DesignPlan, FigureComparison | null>();
  const planned = await planLocales(ctx, flags.locale, [], async (own) => {
    const run = await planDesigns(own);
    const found = await figuresOfPlans(run.memo, run.plans);
    run.plans.forEach((plan, i) => figures.set(plan, found[i]!));
    await run.memo.save();
    return run;
  });
  const statuses = planned.flatMap(({locale, plans}) =>
    designStatuses(plans, locale, figures),
  );
  const counts = countStates(planned.flatMap(({plans}) => plans));
  // A locale column once a locale has designs of its own (a site's status reads as before).
  const columns = statuses.some((row) => row.locale !== ctx.docsLocale);
  if (!flags.json)
    out(`${formatStatus(statuses, columns)}\n${countsLine(counts)}`);
  else
    outJson({
      docsDir: relative(ctx.siteDir, ctx.docsDir).split('\\').join('/'),
      designs: statuses,
      summary: counts,
    });
}

/** The locale an answer was made for, by its design's cache id (`<locale>:<id>`, or the id). */
function entryLocale(ctx: RunContext, design: string): string | undefined {
  const prefix = design.split(':')[0]!;
  return prefix !== design && ctx.translationDirs?.[prefix] !== undefined
    ? prefix
    : ctx.docsLocale;
}

/** Removes answers no locale's design uses; `--locale` narrows what may go, not what is used. */
async function prune(ctx: RunContext, flags: Flags): Promise<void> {
  const locales = localesOf(ctx, flags.locale);
  const planned = await planLocales(ctx, undefined);
  const store = answerStoreOf(ctx);
  const {entries} = await store.readAll();
  // Used: an entry answering a design's current inputs, or the last answer a stale design shows.
  const used = new Set(
    planned
      .flatMap(({plans}) => plans)
      .map((plan) => (plan.entry ?? plan.previous)?.key)
      .filter(Boolean),
  );
  const orphans = [...entries.values()]
    .filter(
      (entry) =>
        !used.has(entry.key) &&
        (flags.locale === undefined ||
          locales.includes(entryLocale(ctx, entry.design) ?? '')),
    )
    .map((entry) => store.fileOf(entry.key));
  const files = [...orphans, ...(await store.leftovers())].sort();
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
  if (flags.locale !== undefined && flags.locale !== ctx.docsLocale)
    throw new MlsdError(
      `Pins are the default locale's only (\`${ctx.docsLocale}\`): a translated design's answer is the model's.`,
    );
  const [found] = await plansOf(
    ctx,
    {...flags, locale: ctx.docsLocale},
    'pin --design <id> --from <file> [--note <who wrote it>]',
    Boolean(flags.from),
  );
  const {plan} = found!;
  // Relative to where the user ran npm, not the site folder.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), flags.from!);
  const answer = await readFile(file, 'utf8').catch((error: Error) => {
    throw new MlsdError(`Cannot read ${file}: ${error.message}`, {
      cause: error,
    });
  });
  if (!answer.trim())
    throw new MlsdError(`${file} is empty: nothing was pinned.`);
  const written = await answerStoreOf(ctx).putPin({
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
  const [design] = flags.design as [string];
  const removed = await answerStoreOf(ctx).removePin(design);
  out(removed ? `Unpinned ${design}.` : `${design} had no pinned answer.`);
}

/** The exact prompt a design would send, in each locale that has it; `--json` adds its sections. */
async function prompt(ctx: RunContext, flags: Flags): Promise<void> {
  const found = await plansOf(
    ctx,
    flags,
    'prompt --design <id> [--locale <locale>] [--json]',
  );
  // The prompt is made from its sections' texts, which may need a parse.
  await loadMarkdownTools();
  if (!flags.json) {
    for (const {locale, plan} of found) {
      if (found.length > 1) out(`--- ${locale}`);
      out(plan.prompt);
    }
    return;
  }
  const shown = found.map(({locale, plan}) => ({
    id: plan.design.id,
    locale,
    state: plan.state,
    key: plan.key,
    promptTokens: plan.promptTokens,
    promptTokensExact: plan.promptTokensExact,
    sections: designStatuses([plan], locale)[0]!.sections,
    prompt: plan.prompt,
  }));
  outJson(shown.length === 1 ? shown[0] : shown);
}

/** Records who read a design's shown answer in each locale, and when; it lapses on a change. */
async function review(ctx: RunContext, flags: Flags): Promise<void> {
  const found = await plansOf(
    ctx,
    flags,
    'review --design <id> --by <name> [--locale <locale>] [--note <text>]',
    Boolean(flags.by?.trim()),
    planDesigns,
  );
  if (!found.some(({plan}) => plan.shown)) {
    const {plan} = found[0]!;
    throw new MlsdError(
      `Design ${plan.design.id} has no answer to review (${plan.reason}). Generate or pin one first.`,
    );
  }
  const store = answerStoreOf(ctx);
  for (const {locale, plan} of found) {
    if (!plan.shown) {
      out(
        `${plan.design.id} (${locale}): no answer to review (${plan.reason}).`,
      );
      continue;
    }
    const reviewed = withReview(plan.shown, {
      by: flags.by!.trim(),
      at: new Date().toISOString(),
      note: flags.note,
    });
    const file = reviewed.pinned
      ? await store.putPin(reviewed)
      : (await store.put(reviewed), store.fileOf(reviewed.key));
    out(
      `Reviewed ${plan.design.id}${found.length > 1 ? ` (${locale})` : ''} by ${reviewed.review!.by}: recorded in ${relative(process.cwd(), file)}` +
        `${plan.state === 'stale' ? ' (an answer to older inputs: the page still shows it stale)' : ''}. Commit it with the cache; the review lapses if the answer changes.`,
    );
  }
}

/** The `mlsd` commands by name. */
export const COMMANDS: Record<
  string,
  (ctx: RunContext, flags: Flags) => Promise<void>
> = {status, prompt, generate, prune, pin, unpin, review};
