import type {DesignState, Mode} from 'docusaurus-plugin-mlsd-deploy';

/** What a run was asked to generate. */
export interface AskRequest {
  /** Only these designs are generated (all are still written). */
  designs?: readonly string[];
  /** Generate the selected designs even when cached (pinned ones never). */
  force?: boolean;
  /** Explicit `generate` command: generate misses whatever the mode, a key is required. */
  explicit?: boolean;
}

/** The facts of a design that decide whether it is asked for. */
export interface AskCandidate {
  design: {id: string};
  state: DesignState;
  key: string;
  /** Its answer was edited by hand: replaced only when asked for by name with `force`. */
  edited?: boolean;
}

/** States in which a design is never asked for, whatever the request. */
const NEVER_ASKED = ['pinned', 'incomplete', 'too-large'];

/**
 * Which designs a run asks the model for, before the cost guard: the misses when the mode allows
 * and a client can be made (`canAsk`); every askable one on `refresh` or `force`; none in `frozen`
 * or `offline` unless `generate` asked. One request per key. An answer edited by hand is kept like
 * a pin, unless its design is named with `force`. Pure.
 */
export function designsToAsk<T extends AskCandidate>(
  plans: readonly T[],
  run: {mode: Mode; canAsk: boolean},
  request: AskRequest = {},
): T[] {
  const {designs, force, explicit} = request;
  const askable = plans.filter(
    (plan) =>
      (!designs || designs.includes(plan.design.id)) &&
      !NEVER_ASKED.includes(plan.state) &&
      (!plan.edited || Boolean(force && designs)),
  );
  const chosen =
    force || (!explicit && run.mode === 'refresh')
      ? askable
      : explicit || (run.mode === 'auto' && run.canAsk)
        ? askable.filter((plan) => plan.state !== 'fresh')
        : [];
  return [...new Map(chosen.map((plan) => [plan.key, plan])).values()];
}
