import {compareFigures, type FigureComparison} from '../core/figures';
import {sha256} from '../core/key';
import {loadMarkdownTools} from '../core/markdown';
import type {Memo} from '../memo/memo';
import type {PromptSection} from '../core/prompt';

/** Figures are kept by request key and the answer's digest. */
const figuresKey = (key: string, digest: string) => `${key}:${digest}`;
type Plan = {key: string; sections: readonly PromptSection[]};

/** Marks the figures of a page left as it is used, by its answer's digest: a later run keeps them. */
export function keepFigures(memo: Memo, plan: {key: string}, digest: string) {
  memo.figures.use(figuresKey(plan.key, digest));
}

/** The lists, and an item's fields, in the order the memo keeps them. */
const LISTS = ['used', 'leftOut', 'introduced'] as const;
const FIELDS = 'text value unit min role heading line answerHeading'.split(
  ' ',
) as (keyof FigureComparison['used'][number])[];

/**
 * A comparison as the memo keeps it: UTF-8 JSON of rows, `false` for a field an item lacks (none
 * is a boolean): one small buffer per answer outside the JS heap, not objects with field names.
 */
function encode(figures: FigureComparison): Uint8Array {
  const rows = LISTS.map((list) =>
    figures[list].map((item) =>
      FIELDS.map((field) => (item[field] === undefined ? false : item[field])),
    ),
  );
  return Buffer.from(JSON.stringify(rows));
}

function decode(bytes: Uint8Array): FigureComparison {
  const rows = JSON.parse(new TextDecoder().decode(bytes)) as unknown[][][];
  const item = (row: unknown[]) =>
    Object.fromEntries(
      FIELDS.flatMap((field, j) => (row[j] === false ? [] : [[field, row[j]]])),
    );
  const lists = LISTS.map((list, i) => [list, rows[i]!.map(item)]);
  return Object.fromEntries(lists) as FigureComparison;
}

/** What `answer` does with the sections' figures, worked out once per answer and request key. */
export function figuresOf(
  memo: Memo,
  plan: Plan,
  answer: string,
  answerDigest = sha256(answer),
): FigureComparison {
  return decode(
    memo.figures.get(figuresKey(plan.key, answerDigest), () =>
      encode(compareFigures(plan.sections, answer)),
    ),
  );
}

/** The figures of each plan's shown answer (`null` with none), reading sections only on a miss. */
export async function figuresOfPlans(
  memo: Memo,
  plans: readonly (Plan & {shown?: {answer: string}})[],
): Promise<(FigureComparison | null)[]> {
  const digests = plans.map(({shown}) => shown && sha256(shown.answer));
  // A miss reads the sections' texts, which may need a parse.
  const miss = plans.some(
    ({key}, i) => digests[i] && !memo.figures.peek(figuresKey(key, digests[i])),
  );
  if (miss) await loadMarkdownTools();
  return plans.map((plan, i) =>
    plan.shown ? figuresOf(memo, plan, plan.shown.answer, digests[i]) : null,
  );
}
