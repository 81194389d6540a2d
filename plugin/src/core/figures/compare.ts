/** Which of the design's figures an answer uses, leaves out, or replaces with its own. */
import {extractFigures} from './extract';
import type {Figure, FigureComparison, FigureItem, FigureUnit} from './types';

/** Relative tolerance of a match: 1 % of the larger value (rounding, unit conversion). */
export const RELATIVE_TOLERANCE = 0.01;
/** Percentages are written exactly: they match within 0.01 percentage points (99.9 ≠ 99.95). */
export const PERCENT_TOLERANCE = 0.01;

/** Money in any currency is one kind: an answer's dollars next to a budget in roubles count. */
const kind = (unit: FigureUnit) => (unit.startsWith('money:') ? 'money' : unit);

/**
 * Whether two figures state the same quantity: same unit, and their values (a range is its
 * interval) at most the tolerance apart. A value inside a range matches the range.
 */
export function sameFigure(
  a: Pick<Figure, 'unit' | 'value' | 'min'>,
  b: Pick<Figure, 'unit' | 'value' | 'min'>,
): boolean {
  if (a.unit !== b.unit) return false;
  const [aLow, aHigh] = [a.min ?? a.value, a.value];
  const [bLow, bHigh] = [b.min ?? b.value, b.value];
  const gap = Math.max(0, Math.max(aLow, bLow) - Math.min(aHigh, bHigh));
  const tolerance =
    a.unit === 'percent'
      ? PERCENT_TOLERANCE
      : RELATIVE_TOLERANCE * Math.max(Math.abs(aHigh), Math.abs(bHigh));
  return gap <= tolerance + 1e-12;
}

/** One figure per quantity, the first place it is written. */
function distinct<T extends Figure>(figures: T[]): T[] {
  const seen = new Set<string>();
  return figures.filter((f) => {
    const key = `${f.unit}|${f.min ?? ''}|${f.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function shape(f: Figure): Pick<FigureItem, 'text' | 'value' | 'unit' | 'min'> {
  return {
    text: f.text,
    value: f.value,
    unit: f.unit,
    ...(f.min !== undefined ? {min: f.min} : {}),
  };
}

/**
 * The figures of the input sections against those of the answer. `used`: input figures the
 * answer repeats, with the answer's heading where it first does; `leftOut`: input figures it
 * never states; `introduced`: the answer's figures that match none of the inputs, counted only
 * in a unit the inputs use at all (its `2 replicas` contradict nothing in a design that counts
 * no replicas; its `p99 50 ms` does, in a design that gives a latency). Each list holds one item
 * per distinct quantity, in reading order.
 */
export function compareFigures(
  inputs: readonly {role: string; markdown: string}[],
  answer: string,
): FigureComparison {
  const given = distinct(
    inputs.flatMap(({role, markdown}) =>
      extractFigures(markdown).map((f) => ({...f, role})),
    ),
  );
  const stated = distinct(extractFigures(answer));
  const kinds = new Set(given.map((f) => kind(f.unit)));

  const used: FigureItem[] = [];
  const leftOut: FigureItem[] = [];
  for (const f of given) {
    const where = {role: f.role, heading: f.heading, line: f.line};
    const match = stated.find((s) => sameFigure(f, s));
    if (match) used.push({...shape(f), ...where, answerHeading: match.heading});
    else leftOut.push({...shape(f), ...where});
  }
  const introduced: FigureItem[] = stated
    .filter(
      (s) => kinds.has(kind(s.unit)) && !given.some((f) => sameFigure(f, s)),
    )
    .map((s) => ({...shape(s), answerHeading: s.heading}));
  return {used, leftOut, introduced};
}
