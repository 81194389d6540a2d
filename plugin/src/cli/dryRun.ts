import {designsToAsk} from '../core/ask';
import {commandName, type RunContext} from '../context';
import {checkDesignIds} from '../plan/guards';
import type {DesignPlan} from '../plan/plan';
import {out, outJson, planLocales, type Flags} from './plans';

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
export async function dryRun(ctx: RunContext, flags: Flags): Promise<void> {
  const designs = flags.design.length ? flags.design : undefined;
  const planned = await planLocales(ctx, flags);
  checkDesignIds(
    planned.flatMap(({plans}) => plans),
    designs,
  );
  const asked: DesignPlan[] = [];
  const locales = new Map<DesignPlan, string>();
  const skipped = planned.flatMap(({locale, plans}) => {
    const chosen = designsToAsk(
      plans,
      {mode: ctx.mode, canAsk: Boolean(ctx.apiKey || ctx.complete)},
      {designs, force: flags.force, explicit: true},
    );
    asked.push(...chosen);
    for (const plan of plans) locales.set(plan, locale);
    return plans.flatMap((plan) => {
      if (chosen.includes(plan)) return [];
      if (designs && !designs.includes(plan.design.id)) return [];
      const why = notAskedWhy(ctx, plan);
      return why
        ? [
            {
              id: plan.design.id,
              locale,
              name: plan.cacheId,
              state: plan.state,
              why,
            },
          ]
        : [];
    });
  });
  const total = asked.reduce((sum, plan) => sum + plan.promptTokens, 0);
  const exact = asked.every((plan) => plan.promptTokensExact);
  const about = exact ? '' : '~';
  if (flags.json) {
    outJson({
      requests: asked.map((plan) => ({
        id: plan.design.id,
        locale: locales.get(plan),
        state: plan.state,
        key: plan.key,
        promptTokens: plan.promptTokens,
      })),
      promptTokens: total,
      promptTokensExact: exact,
      skipped: skipped.map(({name: _, ...rest}) => rest),
    });
    return;
  }
  out(
    asked.length
      ? asked
          .map(
            (plan) =>
              `${plan.cacheId}  ${plan.state}  ${about}${plan.promptTokens} prompt tokens`,
          )
          .join('\n')
      : 'Nothing to generate.',
  );
  for (const {name, why} of skipped) out(`${name}  not asked: ${why}`);
  out(
    `${asked.length} ${asked.length === 1 ? 'request' : 'requests'}, ${about}${total} prompt tokens in all (${exact ? "counted with the model's tokenizer" : "estimated where far below the `maxPromptTokens` limit, or where the model's tokenizer is not known"}), model ${ctx.model}. Nothing was asked.`,
  );
}
