import {compareFigures, type FigureComparison} from '../core/figures';
import {sha256} from '../core/key';
import {loadMarkdownTools} from '../core/markdown';
import type {Memo} from '../memo/memo';
import type {PromptSection} from '../core/prompt';

/** Figures are kept by request key and the answer's digest. */
const figuresKey = (key: string, answerDigest: string) =>
  `${key}:${answerDigest}`;

/** Marks the figures of a page left as it is used, by its answer's digest: a later run keeps them. */
export function keepFigures(
  memo: Memo,
  plan: {key: string},
  answerDigest: string,
): void {
  memo.figures.use(figuresKey(plan.key, answerDigest));
}

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
  // Kept as JSON: a memo read on every rebuild holds one string per answer, not the lists'
  // thousands of objects, and only `status` and a page being rendered parse them.
  const json = memo.figures.get(figuresKey(plan.key, sha256(answer)), () =>
    JSON.stringify(compareFigures(plan.sections, answer)),
  );
  return JSON.parse(json) as FigureComparison;
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
        shown && !memo.figures.peek(figuresKey(key, sha256(shown.answer))),
    )
  )
    await loadMarkdownTools();
  return plans.map((plan) =>
    plan.shown ? figuresOf(memo, plan, plan.shown.answer) : null,
  );
}
