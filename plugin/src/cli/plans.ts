import type {RunContext} from '../context';
import {MlsdError} from '../errors';
import {localeContext, localesOf} from '../locales';
import {checkDesignIds} from '../plan/guards';
import {planDesigns, type DesignPlan, type RunPlan} from '../plan/plan';

/** What the `mlsd` commands share: their flags, their output, and the plans of each locale. */

/** The flags of `docusaurus mlsd <command>`. */
export interface Flags {
  json?: boolean;
  design: string[];
  force?: boolean;
  dryRun?: boolean;
  from?: string;
  note?: string;
  by?: string;
  /** The locale whose designs a command covers; every locale without it. */
  locale?: string;
}

export const out = (text: string) => process.stdout.write(`${text}\n`);
export const outJson = (value: unknown) => out(JSON.stringify(value, null, 2));

/** The plan stage, what it worked out kept for the build. */
export async function planRun(ctx: RunContext): Promise<RunPlan> {
  const planned = await planDesigns(ctx);
  await planned.memo.save();
  return planned;
}

/** A design's plan in one locale. */
export interface LocalePlan {
  locale: string;
  plan: DesignPlan;
}

/** Plans each locale `--locale` names (every one without it), in its own context. */
export async function planLocales(
  ctx: RunContext,
  flags: Flags,
  plan = planRun,
): Promise<{locale: string; plans: DesignPlan[]}[]> {
  const planned = [];
  for (const locale of localesOf(ctx, flags.locale))
    planned.push({
      locale,
      plans: (await plan(localeContext(ctx, locale))).plans,
    });
  return planned;
}

/**
 * The plans of the one design `--design` names, in each locale that has it; the usage when it
 * names none or several.
 */
export async function plansOf(
  ctx: RunContext,
  flags: Flags,
  usage: string,
  complete = true,
  plan = planRun,
): Promise<LocalePlan[]> {
  if (flags.design.length !== 1 || !complete)
    throw new MlsdError(`Usage: mlsd ${usage}`);
  const planned = await planLocales(ctx, flags, plan);
  checkDesignIds(
    planned.flatMap((locale) => locale.plans),
    flags.design,
  );
  return planned.flatMap(({locale, plans}) =>
    plans
      .filter((candidate) => candidate.design.id === flags.design[0])
      .map((found) => ({locale, plan: found})),
  );
}
