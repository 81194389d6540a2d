import {designsToAsk} from '../core/ask';
import {commandName, type RunContext} from '../context';
import type {DesignPlan} from '../plan/plan';

const out = (text: string) => process.stdout.write(`${text}\n`);

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
export function dryRun(
  ctx: RunContext,
  plans: DesignPlan[],
  flags: {designs?: string[]; force?: boolean; json?: boolean},
): void {
  const {designs} = flags;
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
    out(
      JSON.stringify(
        {
          requests: asked.map((plan) => ({
            id: plan.design.id,
            state: plan.state,
            key: plan.key,
            promptTokens: plan.promptTokens,
          })),
          promptTokens: total,
          promptTokensExact: exact,
          skipped,
        },
        null,
        2,
      ),
    );
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
