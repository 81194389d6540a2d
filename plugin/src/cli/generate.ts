import {designsToAsk} from '../core/ask';
import {commandName, type RunContext} from '../context';
import {localeContext, localesOf} from '../locales';
import type {DesignPlan} from '../plan/plan';
import {syncDeployPages} from '../run';
import {out, outJson, planLocales, type Flags} from './plans';

/** `generate`: asks for the designs named (all that need it without), in each locale. */
export async function generate(ctx: RunContext, flags: Flags): Promise<void> {
  if (flags.dryRun) return dryRun(ctx, flags);
  const designs = flags.design.length ? flags.design : undefined;
  const locales = localesOf(ctx, flags.locale);
  // Named designs are asked for in each locale that has them.
  const planned =
    designs && locales.length > 1
      ? await planLocales(ctx, flags.locale, designs)
      : [];
  for (const locale of locales) {
    const plans = planned.find((own) => own.locale === locale)?.plans;
    const own = plans
      ? designs!.filter((id) => plans.some((plan) => plan.design.id === id))
      : designs;
    if (own?.length === 0) continue;
    const summary = await syncDeployPages(localeContext(ctx, locale), {
      designs: own,
      force: flags.force,
      explicit: true,
    });
    if (summary.failed > 0) process.exitCode = 1;
  }
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
  const asked: {locale: string; plan: DesignPlan}[] = [];
  const skipped: {locale: string; plan: DesignPlan; why: string}[] = [];
  for (const {locale, plans} of await planLocales(ctx, flags.locale, designs)) {
    const chosen = designsToAsk(
      plans,
      {mode: ctx.mode, canAsk: Boolean(ctx.apiKey || ctx.complete)},
      {designs, force: flags.force, explicit: true},
    );
    asked.push(...chosen.map((plan) => ({locale, plan})));
    for (const plan of plans) {
      if (chosen.includes(plan)) continue;
      if (designs && !designs.includes(plan.design.id)) continue;
      const why = notAskedWhy(ctx, plan);
      if (why) skipped.push({locale, plan, why});
    }
  }
  const total = asked.reduce((sum, {plan}) => sum + plan.promptTokens, 0);
  const exact = asked.every(({plan}) => plan.promptTokensExact);
  const about = exact ? '' : '~';
  if (flags.json) {
    outJson({
      requests: asked.map(({locale, plan}) => ({
        id: plan.design.id,
        locale,
        state: plan.state,
        key: plan.key,
        promptTokens: plan.promptTokens,
      })),
      promptTokens: total,
      promptTokensExact: exact,
      skipped: skipped.map(({locale, plan, why}) => ({
        id: plan.design.id,
        locale,
        state: plan.state,
        why,
      })),
    });
    return;
  }
  if (asked.length === 0) out('Nothing to generate.');
  for (const {plan} of asked)
    out(
      `${plan.cacheId}  ${plan.state}  ${about}${plan.promptTokens} prompt tokens`,
    );
  for (const {plan, why} of skipped) out(`${plan.cacheId}  not asked: ${why}`);
  out(
    `${asked.length} ${asked.length === 1 ? 'request' : 'requests'}, ${about}${total} prompt tokens in all (${exact ? "counted with the model's tokenizer" : "estimated where far below the `maxPromptTokens` limit, or where the model's tokenizer is not known"}), model ${ctx.model}. Nothing was asked.`,
  );
}
