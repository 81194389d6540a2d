/**
 * The figures of a design, and what a drafted Deploy section does with them.
 *
 * What this is: a heuristic over words and numbers, not a judgement of the design or of the
 * answer. It reads Markdown prose for numbers with a unit or a scale, puts each in one unit, and
 * compares values; it does not know what a number means. An answer may "use" a design's 30 days
 * for another thirty days, and "introduce" a figure that is perfectly sound: the lists say where
 * a reviewer should look, nothing more.
 *
 * A figure is a number with a unit, a scale or a counted noun, in one of these units:
 * - `ms`: durations (мс, ms, с/сек, s, мин, min, ч, h, дней/days, недель/weeks, месяцев/months,
 *   лет/years; a month is 1/12 of 365.25 days); compounds count too (`8-second`, `90-дневной`);
 * - `per_second`: rates (RPS, QPS, req/s, `запросов в секунду`, `в сутки`, `per day`, `a month`,
 *   `daily`), converted to a rate per second;
 * - `bytes`: sizes, KB…PB and КБ…ПБ (also Гб) in powers of 1000, KiB…PiB in powers of 1024;
 * - `count`: a number with a scale (тыс., млн, млрд, k, M, B), with a counted noun within three
 *   words (users, пользователей, абонентов, records, строк, SKU, tokens, признаков…), or written
 *   with thousands separators (`10 000`, `3,016,281`); staff, machines and replicas are no
 *   counted nouns, nor are a Russian adjective (`пользовательский`) or an English singular
 *   after a number other than 1 (`34 product areas`);
 * - `percent`: `99.9 %`, `2,4%`;
 * - `money:<ISO code>`: ₽/руб./рублей → RUB, $/USD → USD, €/EUR → EUR (`1,5 млн руб.`, `$18k`).
 * Sizes, percentages and money ignore a period after them (`40 ГБ в сутки` is 40 GB).
 *
 * Numbers are read as people write them: `1,5` and `1.5`, `10 000` and `10,000` (a comma before
 * groups of three digits separates thousands unless the number starts with 0). A range
 * (`2–3 секунды`, `от 2 до 3 с`, `10-15%`) is one figure: `value` its upper end, `min` its
 * lower. Bare numbers listed before a unit take it (`за 1, 4, 12 недель`, `40/120/200 мс`). In a
 * table, a bare number takes the unit its column header names after a comma or in parentheses
 * (`| p99, мс |`). A duration keeps the percentile written by it (`p95 < 200 ms` → 200 ms at
 * p95; `p50/p95/p99: 40/120/200 мс` pairs them up).
 *
 * Not figures: code (fenced, indented, inline), URLs, e-mail addresses, links to anchors (a table
 * of contents), HTML comments and tags, front matter, MDX imports; dates (`12.05.2024`,
 * `2024-05-12`, `1 декабря`, `2024 г.`, `в 2024 году`), times of day (`07:00`), versions
 * (`v1.2.3`, `Python 3.11`), section, heading and list numbers, dimensions (`600×600`), names
 * with digits (`p99`, `A100`, `ResNet-50`, `топ-5`, `8K`), metric cutoffs (`recall@10`,
 * `lift@5%`), bandwidths (`100 Мбит/с`: no unit of ours), lengths and speeds (`0,45 м/с`),
 * temperatures, multipliers (`в 2 раза`), percentage points, and every bare number (`80`, `3.5`).
 *
 * Matching: two figures agree when their units are equal and their values are within 1 % of the
 * larger (percentages: within 0.01 percentage points, as 99.9 % and 99.95 % differ); a range
 * agrees with any value or range that overlaps it. `compareFigures` lists each quantity once,
 * where it is first written, and counts an answer's figure as introduced only in a unit the
 * inputs use at all (money in any currency is one).
 */
import {extractFigures, type Figure} from './figures/extract';
import type {FigureUnit} from './figures/units';

export {extractFigures, type Figure, type FigureUnit};

/** One of a comparison's lists: an input figure, an answer's figure, or both. */
export interface FigureItem {
  text: string;
  value: number;
  unit: FigureUnit;
  min?: number;
  /** Input figures: the section the figure stands in. */
  role?: string;
  /** Input figures: the heading above it in that section. */
  heading?: string | null;
  /** Input figures: its 1-based line in that section's text. */
  line?: number;
  /** Where the answer states it (used and introduced figures): the answer's heading above it. */
  answerHeading?: string | null;
}

/** What an answer does with the design's own figures. */
export interface FigureComparison {
  /** Input figures the answer repeats (with the answer's heading where it first does). */
  used: FigureItem[];
  /** Input figures the answer never mentions. */
  leftOut: FigureItem[];
  /** The answer's own figures that match no input figure, in a unit the inputs use at all. */
  introduced: FigureItem[];
}

/** Relative tolerance of a match: 1 % of the larger value (rounding, unit conversion). */
export const RELATIVE_TOLERANCE = 0.01;
/** Percentages are written exactly: they match within 0.01 percentage points (99.9 ≠ 99.95). */
export const PERCENT_TOLERANCE = 0.01;

/**
 * Whether two figures state the same quantity: same unit, and their values (a range is its
 * interval) at most the tolerance apart. A value inside a range matches the range.
 */
export function sameFigure(
  a: Pick<Figure, 'unit' | 'value' | 'min'>,
  b: Pick<Figure, 'unit' | 'value' | 'min'>,
): boolean {
  if (a.unit !== b.unit) return false;
  const gap = Math.max(
    0,
    Math.max(a.min ?? a.value, b.min ?? b.value) - Math.min(a.value, b.value),
  );
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
