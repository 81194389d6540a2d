import type {DesignState} from 'docusaurus-plugin-mlsd-deploy';

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
const NEVER_ASKED: readonly DesignState[] = [
  'pinned',
  'incomplete',
  'too-large',
];

/**
 * Decides which designs a run asks the model for, before the cost guard: the misses, when the
 * mode allows it and a client can be made (`canAsk`); every askable design on `refresh` or
 * `force`; none in `frozen` or `offline` unless `generate` asked. One request per key, even when
 * two designs make the same prompt. An answer edited by hand is kept like a pin, unless its
 * design is named with `force`. Pure.
 */
export function designsToAsk<T extends AskCandidate>(
  plans: readonly T[],
  run: {mode: 'auto' | 'frozen' | 'offline' | 'refresh'; canAsk: boolean},
  request: AskRequest = {},
): T[] {
  const selected = request.designs
    ? plans.filter((plan) => request.designs!.includes(plan.design.id))
    : plans;
  const named = (plan: T) =>
    Boolean(request.force && request.designs?.includes(plan.design.id));
  const askable = selected.filter(
    (plan) =>
      !NEVER_ASKED.includes(plan.state) && (!plan.edited || named(plan)),
  );
  const misses = askable.filter((plan) => plan.state !== 'fresh');
  let chosen: T[];
  if (request.force || (!request.explicit && run.mode === 'refresh')) {
    chosen = askable;
  } else if (request.explicit || (run.mode === 'auto' && run.canAsk)) {
    chosen = misses;
  } else {
    chosen = [];
  }
  return [...new Map(chosen.map((plan) => [plan.key, plan])).values()];
}
