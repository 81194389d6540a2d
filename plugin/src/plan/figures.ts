import {compareFigures, type FigureComparison} from '../core/figures';
import {sha256} from '../core/key';
import {loadMarkdownTools} from '../core/markdown';
import type {Memo} from '../memo/memo';
import type {PromptSection} from '../core/prompt';

const figuresKey = (key: string, answer: string) => `${key}:${sha256(answer)}`;

/**
 * What `answer` does with the figures of the design's sections (see `compareFigures`): worked
 * out once per answer and prompt (its request key), then kept in the memo, so that neither a
 * rebuild that leaves the page as it is nor `status` reads the sections again.
 */
export function figuresOf(
  memo: Memo,
  plan: {key: string; sections: readonly PromptSection[]},
  answer: string,
): FigureComparison {
  return memo.figures.get(figuresKey(plan.key, answer), () =>
    compareFigures(plan.sections, answer),
  );
}

/** The figures of each plan's shown answer (`null` with none), reading sections only on a miss. */
export async function figuresOfPlans(
  memo: Memo,
  plans: readonly (Parameters<typeof figuresOf>[1] & {
    shown?: {answer: string};
  })[],
): Promise<(FigureComparison | null)[]> {
  // A miss reads the sections' texts, which may need a parse.
  if (
    plans.some(
      ({key, shown}) =>
        shown && !memo.figures.peek(figuresKey(key, shown.answer)),
    )
  )
    await loadMarkdownTools();
  return plans.map((plan) =>
    plan.shown ? figuresOf(memo, plan, plan.shown.answer) : null,
  );
}
