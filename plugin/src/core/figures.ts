/**
 * The figures of a design, and what a drafted Deploy section does with them: a heuristic over
 * words and numbers that does not know what a number means. An answer may "use" a design's 30
 * days for another thirty days, or "introduce" a sound figure: the lists say where a reviewer
 * should look, nothing more.
 *
 * A figure is a number with a unit, a scale or a counted noun, in one of these units: `ms`
 * (`200 мс`, `2 ч`, `30 days`, `8-second`; a month is 1/12 of 365.25 days), `per_second` (`5k
 * RPS`, `запросов в секунду`, `в сутки`, `a month`, `daily`), `bytes` (KB…PB, КБ…ПБ in powers of
 * 1000, KiB…PiB of 1024), `count` (a scale: `тыс.`, `млн`, `k`, `M`; a counted noun within three
 * words: `users`, `пользователей`, `SKU`, not staff, machines or replicas; or thousands
 * separators: `10 000`, `3,016,281`), `percent`, and `money:<ISO code>` (`1,5 млн руб.`, `$18k`).
 *
 * Numbers are read as written (`1,5`, `1.5`, `10 000`, `10,000`). A range (`2–3 секунды`,
 * `от 2 до 3 с`, `10-15%`) is one figure: `value` its upper end, `min` its lower. Bare numbers
 * listed before a unit take it (`за 1, 4, 12 недель`, `40/120/200 мс`), and in a table the unit
 * its column header names (`| p99, мс |`). A duration keeps the percentile written by it
 * (`p95 < 200 ms`; `p50/p95/p99: 40/120/200 мс` pairs them up).
 *
 * Not figures: code, URLs, e-mail addresses, links to anchors, HTML, front matter, MDX imports;
 * dates, years, times of day, versions, section, heading and list numbers, dimensions
 * (`600×600`), names with digits (`A100`, `топ-5`, `8K`), metric cutoffs (`recall@10`),
 * bandwidths, lengths and speeds (`100 Мбит/с`, `0,45 м/с`), multipliers, bare numbers (`80`).
 */
import type {
  FigureComparison,
  FigureItem,
  FigureUnit,
} from 'docusaurus-plugin-mlsd-deploy';
import {extractFigures, type Figure} from './figures/extract';

export {extractFigures, type Figure};
export type {FigureComparison, FigureItem, FigureUnit};

type Quantity = Pick<Figure, 'unit' | 'value' | 'min'>;

/** Relative tolerance of a match: 1 % of the larger value (rounding, unit conversion). */
export const RELATIVE_TOLERANCE = 0.01;
/** Percentages are written exactly: they match within 0.01 percentage points (99.9 ≠ 99.95). */
export const PERCENT_TOLERANCE = 0.01;

/**
 * Whether two figures state the same quantity: same unit, and their values (a range is its
 * interval) at most the tolerance apart. A value inside a range matches the range.
 */
export function sameFigure(a: Quantity, b: Quantity): boolean {
  if (a.unit !== b.unit) return false;
  // How far apart the two intervals are (negative when they overlap).
  const gap =
    Math.max(a.min ?? a.value, b.min ?? b.value) - Math.min(a.value, b.value);
  const tolerance =
    a.unit === 'percent'
      ? PERCENT_TOLERANCE
      : RELATIVE_TOLERANCE * Math.max(Math.abs(a.value), Math.abs(b.value));
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
 * The figures of the input sections against those of the answer: `used` (with the answer's
 * heading where it first does), `leftOut`, and `introduced`, counted only in a unit the inputs
 * use at all (an answer's `2 replicas` contradict nothing in a design that counts no replicas;
 * its `p99 50 ms` does, in a design that gives a latency). One item per distinct quantity, in
 * reading order.
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
