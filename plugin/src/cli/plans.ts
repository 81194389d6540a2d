import type {RunContext} from '../context';
import {MlsdError} from '../errors';
import {localeContext, localesOf} from '../locales';
import {checkDesignIds} from '../plan/guards';
import {planDesigns, type DesignPlan, type RunPlan} from '../plan/plan';

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
async function planRun(ctx: RunContext): Promise<RunPlan> {
  const planned = await planDesigns(ctx);
  await planned.memo.save();
  return planned;
}

/** Plans the locale named (every one without it) in its own context; checks the `designs`. */
export async function planLocales(
  ctx: RunContext,
  locale: string | undefined,
  designs: readonly string[] = [],
  plan = planRun,
): Promise<{locale: string; plans: DesignPlan[]}[]> {
  const planned = [];
  for (const own of localesOf(ctx, locale))
    planned.push({
      locale: own,
      plans: (await plan(localeContext(ctx, own))).plans,
    });
  checkDesignIds(
    planned.flatMap(({plans}) => plans),
    designs,
  );
  return planned;
}

/** The plans of the one design `--design` names, in each locale that has it; else the usage. */
export async function plansOf(
  ctx: RunContext,
  flags: Flags,
  usage: string,
  complete = true,
  plan = planRun,
): Promise<{locale: string; plan: DesignPlan}[]> {
  if (flags.design.length !== 1 || !complete)
    throw new MlsdError(`Usage: mlsd ${usage}`);
  const planned = await planLocales(ctx, flags.locale, flags.design, plan);
  return planned.flatMap(({locale, plans}) =>
    plans
      .filter((candidate) => candidate.design.id === flags.design[0])
      .map((found) => ({locale, plan: found})),
  );
}
