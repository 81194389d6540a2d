/**
 * The figures of a design, and what a drafted Deploy section does with them: a heuristic over
 * words and numbers that does not know what a number means. The lists say where a reviewer
 * should look, nothing more.
 *
 * A figure is a number with a unit, a scale or a counted noun (`200 мс`, `5k RPS`, `100 ГБ`,
 * `10 000 пользователей`, `99,9 %`, `1,5 млн руб.`), normalized to ms, per second, bytes, a
 * count, percent or an amount of money (see `./figures/units.ts`). A range (`2–3 секунды`) is
 * one figure: `value` its upper end, `min` its lower. Bare numbers listed before a unit take it
 * (`40/120/200 мс`), and in a table the unit its column header names (`| p99, мс |`). Not
 * figures: code, URLs, HTML, dates, times, versions, heading and list numbers, dimensions,
 * names with digits (`A100`, `8K`), bandwidths, speeds, multipliers, bare numbers.
 */
import type {
  FigureComparison,
  FigureItem,
  FigureUnit,
} from 'docusaurus-plugin-mlsd-deploy';
import {extractFigures, type Figure} from './figures/extract';

export {extractFigures, type Figure, type FigureComparison};

type Quantity = Pick<Figure, 'unit' | 'value' | 'min'>;

/**
 * Whether two figures state the same quantity: same unit, and their values (a range is its
 * interval) at most 1 % of the larger apart; percentages within 0.01 points (99.9 ≠ 99.95).
 */
export function sameFigure(a: Quantity, b: Quantity): boolean {
  if (a.unit !== b.unit) return false;
  // How far apart the two intervals are (negative when they overlap).
  const gap =
    Math.max(a.min ?? a.value, b.min ?? b.value) - Math.min(a.value, b.value);
  const tolerance =
    a.unit === 'percent'
      ? 0.01
      : 0.01 * Math.max(Math.abs(a.value), Math.abs(b.value));
  return gap <= tolerance + 1e-12;
}

/** One figure per quantity, the first place it is written. */
function distinct<T extends Figure>(figures: T[]): T[] {
  const seen = new Set<string>();
  return figures.filter((f) => {
    const key = `${f.unit}|${f.min ?? ''}|${f.value}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

const item = ({text, value, unit, min}: Figure): FigureItem =>
  min === undefined ? {text, value, unit} : {text, value, unit, min};

/** Money in any currency is one kind: an answer's dollars next to a budget in roubles count. */
const kind = (unit: FigureUnit) => (unit.startsWith('money:') ? 'money' : unit);

/**
 * The figures of the input sections against the answer's, one item per distinct quantity in
 * reading order. `introduced` counts only units the inputs use: an answer's `2 replicas`
 * contradict nothing in a design that counts no replicas; its `p99 50 ms` does.
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
    if (match) used.push({...item(f), ...where, answerHeading: match.heading});
    else leftOut.push({...item(f), ...where});
  }
  const introduced = stated
    .filter(
      (s) => kinds.has(kind(s.unit)) && !given.some((f) => sameFigure(f, s)),
    )
    .map((s) => ({...item(s), answerHeading: s.heading}));
  return {used, leftOut, introduced};
}
