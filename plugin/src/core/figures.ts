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
export type {
  Figure,
  FigureComparison,
  FigureItem,
  FigureUnit,
} from './figures/types';
export {extractFigures} from './figures/extract';
export {
  compareFigures,
  PERCENT_TOLERANCE,
  RELATIVE_TOLERANCE,
  sameFigure,
} from './figures/compare';
