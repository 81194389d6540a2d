/** The figures of a Markdown text: see `../figures.ts` for what counts as one. */
import {scanProse, type ProseLine} from './scan';
import {
  at,
  currencyBefore,
  type FigureUnit,
  headerUnit,
  parseNumber,
  parseSuffix,
  scaleAt,
  yearLike,
} from './units';

/** A number with a unit or a scale, found in the prose of a Markdown text. */
export interface Figure {
  /** As written: the number with its unit, scale or noun (`17,6 млн`, `5k RPS`, `≤ 200 мс`). */
  text: string;
  /** In `unit`; for a range (`2–3 секунды`), its upper end. */
  value: number;
  unit: FigureUnit;
  /** The lower end of a range, in `unit`; absent for a single number. */
  min?: number;
  /** The percentile a duration is stated at (`p95 < 200 ms` -> 95), when one stands by it. */
  percentile?: number;
  /** 1-based line within the text given. */
  line: number;
  /** 1-based column (UTF-16 code units) where `text` starts on its line. */
  column: number;
  /** The nearest heading above, as its text without the hashes; null above the first. */
  heading: string | null;
}

/** A figure while its line is read: spans in the masked line, and how its value was made. */
interface Found {
  start: number;
  numStart: number;
  end: number;
  n: number;
  low?: number;
  unit: FigureUnit;
  factor: number;
  period?: number;
  percentile?: number;
  /** Set for members of an enumeration (`1, 4, 12 недель`): the span all of them share. */
  shared?: {start: number; end: number};
}

const RANGE = /\s?[-–]\s?|—|\.\.\.?|…|\s(?:to|до)\s/y;
const PREFIX = /(?:[~≈<>≤≥±]\s?)?$/u;
const P = /[pP](\d{2})(?!\d)/;

/** Whether a number may start at `i`: not glued to a word, an `@`, or a hyphenated name. */
function free(line: string, i: number): boolean {
  const before = line[i - 1] ?? ' ';
  if (/[\p{L}\p{N}_@#№\\]/u.test(before)) return false;
  return !('-–.,'.includes(before) && /[\p{L}\p{N}]/u.test(line[i - 2] ?? ''));
}

/** A figure starting at `i` of the masked line, with its range and unit; null if none is. */
function figureAt(line: string, i: number): Found | null {
  let n = parseNumber(line, i);
  if (!n) return null;
  let low: number | undefined;
  const sep = at(RANGE, line, n.end);
  if (
    sep &&
    (sep[0].trim() !== 'до' || /(?:^|\s)от\s$/u.test(line.slice(0, i)))
  ) {
    const second = parseNumber(line, n.end + sep[0].length);
    const suffix =
      second &&
      second.value >= n.value &&
      parseSuffix(line, second.end, second);
    if (suffix && suffix !== 'skip') [n, low] = [second!, n.value];
  }
  const suffix = parseSuffix(line, n.end, n);
  if (suffix === 'skip') return null;
  // A number that runs into a word that is none of our units is part of a name.
  const next = line[n.end] ?? '';
  if (
    !suffix &&
    (/[\p{L}_]/u.test(next) ||
      (next === '-' && /\p{L}/u.test(line[n.end + 1] ?? '')))
  )
    return null;
  const sign = currencyBefore(line, i);
  let found: Omit<Found, 'start'> | undefined;
  if (sign) {
    // `$18k per month` is an amount: a scale counts, a period does not.
    const scale = scaleAt(line, n.end);
    const unit = `money:${sign.code}` as const;
    found = {
      numStart: i,
      end: scale?.end ?? n.end,
      n: n.value,
      unit,
      factor: scale?.factor ?? 1,
    };
  } else if (suffix) found = {numStart: i, n: n.value, ...suffix};
  else if (n.grouped)
    found = {numStart: i, end: n.end, n: n.value, unit: 'count', factor: 1};
  if (!found) return null;
  if (low !== undefined) found.low = low;
  const start = sign?.start ?? i;
  const prefix = PREFIX.exec(line.slice(Math.max(0, start - 2), start))!;
  return {start: start - prefix[0].length, ...found};
}

/** `p95 < 200 ms`, `5 с (p95)`, a column headed `p99 ...`: the percentile a duration stands by. */
function percentileOf(
  row: ProseLine,
  line: string,
  f: Found,
): number | undefined {
  if (f.unit !== 'ms') return undefined;
  const before = /[pP](\d{2}(?:\.\d+)?)(?![\p{L}\p{N}])[^\d\n]{0,30}$/u.exec(
    line.slice(Math.max(0, f.numStart - 40), f.numStart),
  );
  const after = /^\s?\(\s?[pP](\d{2}(?:\.\d+)?)\s?\)/.exec(line.slice(f.end));
  const cell = row.cells?.find((c) => c.start <= f.start && f.start < c.end);
  const p = after?.[1] ?? before?.[1] ?? (cell && P.exec(cell.header)?.[1]);
  return p === undefined ? undefined : Number(p);
}

const ENUMERATION =
  /((?:\d+(?:[.,]\d+)?(?:,\s|\s(?:и|или|and|or)\s|\s?\/\s?))+)$/u;

/** `за 1, 4, 12 недель`, `40/120/200 мс`: bare numbers listed before a figure take its unit. */
function enumerate(line: string, found: Found[], taken: boolean[]): Found[] {
  const added: Found[] = [];
  for (const f of found) {
    if (f.low !== undefined || f.start !== f.numStart) continue;
    const list = ENUMERATION.exec(line.slice(0, f.numStart))?.[1];
    const listStart = f.numStart - (list?.length ?? 0);
    if (!list || !free(line, listStart)) continue;
    const members: Found[] = [];
    for (const num of list.matchAll(/\d+(?:[.,]\d+)?/g)) {
      const start = listStart + num.index;
      const n = parseNumber(line, start);
      if (!n || taken[start] || yearLike(n.value)) {
        members.length = 0;
        break;
      }
      members.push({
        ...f,
        start,
        numStart: start,
        end: n.end,
        n: n.value,
        percentile: undefined,
      });
    }
    if (!members.length) continue;
    // `p50/p95/p99: 40/120/200 мс` pairs them up.
    const ps = /[pP](\d{2})(?:\s?\/\s?[pP](\d{2}))+[^\d]{0,30}$/u.exec(
      line.slice(0, listStart),
    );
    const percentiles = [...(ps?.[0].matchAll(/[pP](\d{2})/g) ?? [])].map((p) =>
      Number(p[1]),
    );
    const all = [...members, f];
    all.forEach((g, k) => {
      g.shared = {start: listStart, end: f.end};
      if (percentiles.length === all.length) g.percentile = percentiles[k];
    });
    added.push(...members);
  }
  return added;
}

/** `400k chat turns and 170k drafts per month`: a count joined to a rate shares its period. */
function shareRates(line: string, found: Found[]): void {
  for (let k = 0; k + 1 < found.length; k++) {
    const [a, b] = [found[k]!, found[k + 1]!];
    if (a.unit !== 'count' || b.unit !== 'per_second' || b.period === undefined)
      continue;
    const between = line.slice(a.end, b.start);
    if (/^(?:\s[\p{L}][\p{L}'’-]*){0,2}\s(?:и|and)\s*$/u.test(between)) {
      a.unit = 'per_second';
      a.factor /= b.period;
      a.period = b.period;
    }
  }
}

const CELL_NUMBER =
  /^(\s*(?:\*\*|__)?\s*(?:[~≈<>≤≥]\s?)?)(\d[\d\s.,]*?)(?:\s?[-–]\s?(\d[\d\s.,]*?))?\s*(?:\*\*|__)?\s*$/u;

/** A table: a bare number takes the unit its column's header names (`| p99, мс |`). */
function tableFigures(row: ProseLine, masked: string): Found[] {
  if (!row.cells) return [];
  const label = P.exec(row.text.slice(row.cells[0]!.start, row.cells[0]!.end));
  const found: Found[] = [];
  for (const cell of row.cells) {
    const unit = headerUnit(cell.header);
    const m = unit && CELL_NUMBER.exec(masked.slice(cell.start, cell.end));
    if (!unit || !m) continue;
    const numStart = cell.start + m[1]!.length;
    let n = parseNumber(masked, numStart);
    if (!n || n.end - numStart !== m[2]!.trim().length) continue;
    let low: number | undefined;
    if (m[3]) {
      const second = parseNumber(masked, masked.indexOf(m[3], n.end));
      if (!second || second.value < n.value) continue;
      [n, low] = [second, n.value];
    }
    const percentile = P.exec(cell.header)?.[1] ?? label?.[1];
    const approx = m[1]!.search(/[~≈<>≤≥]/);
    found.push({
      start: cell.start + (approx >= 0 ? approx : m[1]!.length),
      numStart,
      end: n.end,
      n: n.value,
      ...(low !== undefined ? {low} : {}),
      ...unit,
      ...(percentile && unit.unit === 'ms'
        ? {percentile: Number(percentile)}
        : {}),
    });
  }
  return found;
}

/** The figures of one line: its table cells', then the rest, then the numbers listed before. */
function lineFigures(row: ProseLine): Found[] {
  const line = row.masked;
  const taken: boolean[] = [];
  const found = tableFigures(row, line);
  const take = (f: Found) => {
    for (let j = f.start; j < f.end; j++) taken[j] = true;
  };
  found.forEach(take);
  for (let i = 0; i < line.length; i++) {
    if (taken[i] || !/\d/.test(line[i]!) || !free(line, i)) continue;
    const f = figureAt(line, i);
    if (!f) {
      i = (parseNumber(line, i)?.end ?? i + 1) - 1;
      continue;
    }
    f.percentile = percentileOf(row, line, f);
    found.push(f);
    take(f);
    i = f.end - 1;
  }
  found.sort((a, b) => a.start - b.start);
  const listed = enumerate(line, found, taken);
  shareRates(line, found);
  return [...found, ...listed].sort((a, b) => a.numStart - b.numStart);
}

/** Rounds away the float noise of unit conversion (0.1 * 3 = 0.30000000000000004). */
const tidy = (x: number) => Number(x.toPrecision(12));

/** The figures of a Markdown text, in reading order. */
export function extractFigures(markdown: string): Figure[] {
  const figures: Figure[] = [];
  for (const row of scanProse(markdown)) {
    if (!/\d/.test(row.masked)) continue;
    for (const f of lineFigures(row)) {
      const span = f.shared ?? f;
      const figure: Figure = {
        text: row.text.slice(span.start, span.end).trim(),
        value: tidy(f.n * f.factor),
        unit: f.unit,
        line: row.index + 1,
        column: span.start + 1,
        heading: row.heading,
      };
      if (f.low !== undefined) figure.min = tidy(f.low * f.factor);
      if (f.percentile !== undefined) figure.percentile = f.percentile;
      figures.push(figure);
    }
  }
  return figures;
}
