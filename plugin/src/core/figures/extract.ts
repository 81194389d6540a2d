/** The figures of a Markdown text: see `../figures.ts` for what counts as one. */
import type {FigureItem} from 'docusaurus-plugin-mlsd-deploy';
import {scanProse, type ProseLine} from './scan';
import {
  at,
  currency,
  parseSuffix,
  scaleAt,
  type Suffix,
  unitWord,
  yearLike,
} from './units';

/** A number with a unit or a scale, found in the prose of a Markdown text. */
export type Figure = Pick<FigureItem, 'text' | 'value' | 'unit' | 'min'> & {
  /** The percentile a duration is stated at (`p95 < 200 ms` -> 95), when one stands by it. */
  percentile?: number;
  /** 1-based line, and column (UTF-16 code units) where `text` starts on it. */
  line: number;
  column: number;
  /** The nearest heading above, as its text without the hashes; null above the first. */
  heading: string | null;
};

/** A figure while its line is read: spans in the masked line, and how its value was made. */
interface Found extends Suffix {
  start: number;
  numStart: number;
  n: number;
  low?: number;
  percentile?: number;
  /** Set for members of an enumeration (`1, 4, 12 недель`): the span all of them share. */
  shared?: {start: number; end: number};
}

const RANGE = /\s?[-–]\s?|—|\.\.\.?|…|\s(?:to|до)\s/y;
const FROM = /(?:^|\s)от\s$/u;
const P = /[pP](\d{2})(?!\d)/;
const P_BEFORE = /[pP](\d{2}(?:\.\d+)?)(?![\p{L}\p{N}])[^\d\n]{0,30}$/u;
const P_AFTER = /^\s?\(\s?[pP](\d{2}(?:\.\d+)?)\s?\)/;
const P_LIST = /[pP]\d{2}(?:\s?\/\s?[pP]\d{2})+[^\d]{0,30}$/u;

/**
 * `1,5`, `17.6`, `3,016,281`, and `10 000`, `1 500 000,5`: groups of three after a space, when the
 * head has at most three digits and the group is no `000.000`.
 */
const NUMBER =
  /\d{1,3}(?!\d|[.,]\d)(?:[ \u00A0\u202F\u2009]\d{3}(?!\d|[.,]\d{3}))+(?:[.,]\d+)?|\d+(?:[.,]\d+)*/y;

/** The number that starts at `start` of `line`, or null (`1.2.3` and the like). */
function parseNumber(line: string, start: number) {
  const m = at(NUMBER, line, start);
  if (!m) return null;
  const raw = m[0].replace(/[ \u00A0\u202F\u2009]/g, '');
  const end = start + m[0].length;
  if (/^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(raw))
    return {value: Number(raw.replaceAll(',', '')), end, grouped: true};
  if (!/^\d+(?:[.,]\d+)?$/.test(raw)) return null;
  const grouped = raw.length < m[0].length;
  return {value: Number(raw.replace(',', '.')), end, grouped};
}

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
  const sep = at(RANGE, line, n.end)?.[0]; // `до` only after `от`
  if (sep && (sep.trim() !== 'до' || FROM.test(line.slice(0, i)))) {
    const to = parseNumber(line, n.end + sep.length);
    const suffix = to && to.value >= n.value && parseSuffix(line, to.end, to);
    if (suffix && suffix !== 'skip') [n, low] = [to!, n.value];
  }
  const suffix = parseSuffix(line, n.end, n);
  if (suffix === 'skip') return null;
  // A number run into a word that is none of our units is part of a name.
  const after = line.slice(n.end, n.end + 2);
  if (!suffix && /^(?:[\p{L}_]|-\p{L})/u.test(after)) return null;
  const sign = /([$€£₽])\s?$/u.exec(line.slice(Math.max(0, i - 2), i));
  if (!sign && !suffix && !n.grouped) return null;
  const start = i - (sign?.[0].length ?? 0);
  const before = line.slice(Math.max(0, start - 2), start);
  const prefix = /(?:[~≈<>≤≥±]\s?)?$/u.exec(before)![0]; // `≈ `, `< `
  // `$18k per month` is an amount: a scale counts, a period does not.
  const bare = {factor: 1, end: n.end};
  const unit: Suffix = sign
    ? {unit: `money:${currency(sign[1]!)}`, ...(scaleAt(line, n.end) ?? bare)}
    : (suffix ?? {unit: 'count', ...bare});
  return {start: start - prefix.length, numStart: i, n: n.value, low, ...unit};
}

/** `p95 < 200 ms`, `5 с (p95)`, a column headed `p99 …`: the percentile a duration stands by. */
function percentileOf({masked, cells}: ProseLine, f: Found) {
  if (f.unit !== 'ms') return undefined;
  const from = Math.max(0, f.numStart - 40);
  const before = P_BEFORE.exec(masked.slice(from, f.numStart));
  const after = P_AFTER.exec(masked.slice(f.end));
  const cell = cells?.find((c) => c.start <= f.start && f.start < c.end);
  const p = after?.[1] ?? before?.[1] ?? (cell && P.exec(cell.header)?.[1]);
  return p === undefined ? undefined : Number(p);
}

const LIST = /((?:\d+(?:[.,]\d+)?(?:,\s|\s(?:и|или|and|or)\s|\s?\/\s?))+)$/u;

/** `за 1, 4, 12 недель`, `40/120/200 мс`: bare numbers listed before a figure take its unit. */
function enumerate(line: string, found: Found[], taken: boolean[]): Found[] {
  return found.flatMap((f) => {
    if (f.low !== undefined || f.start !== f.numStart) return [];
    const list = LIST.exec(line.slice(0, f.numStart))?.[1] ?? '';
    const listStart = f.numStart - list.length;
    if (!list || !free(line, listStart)) return [];
    const members: Found[] = [];
    const {percentile: _, ...base} = f;
    for (const num of list.matchAll(/\d+(?:[.,]\d+)?/g)) {
      const start = listStart + num.index;
      const n = parseNumber(line, start);
      if (!n || taken[start] || yearLike(n.value)) return [];
      members.push({...base, start, numStart: start, end: n.end, n: n.value});
    }
    // `p50/p95/p99: 40/120/200 мс` pairs them up.
    const ps = P_LIST.exec(line.slice(0, listStart));
    const percentiles = ps?.[0].match(/(?<=[pP])\d{2}/g) ?? [];
    const all = [...members, f];
    all.forEach((g, k) => {
      g.shared = {start: listStart, end: f.end};
      if (percentiles.length === all.length)
        g.percentile = Number(percentiles[k]);
    });
    return members;
  });
}

const JOINED = /^(?:\s[\p{L}][\p{L}'’-]*){0,2}\s(?:и|and)\s*$/u;

/** `400k chat turns and 170k drafts per month`: a count joined to a rate shares its period. */
function shareRates(line: string, found: Found[]): void {
  found.forEach((a, k) => {
    const b = found[k + 1];
    const p = b?.period;
    if (a.unit !== 'count' || b?.unit !== 'per_second' || !p) return;
    if (JOINED.test(line.slice(a.end, b.start)))
      Object.assign(a, {unit: 'per_second', factor: a.factor / p, period: p});
  });
}

const CELL =
  /^(\s*(?:\*\*|__)?\s*)((?:[~≈<>≤≥]\s?)?)(\d[\d\s.,]*?)(?:\s?[-–]\s?(\d[\d\s.,]*?))?\s*(?:\*\*|__)?\s*$/u;

/**
 * A table: a bare number takes the unit its column's header names after a comma or in
 * parentheses (`p99, мс`, `Size (GB)`, `Доля, %`), or as the whole header when it is a sign
 * (`%`, `₽`). A header that is a unit word alone (`Год`) names what the column holds.
 */
function tableFigures({cells = [], text, masked}: ProseLine): Found[] {
  const label = cells[0] && P.exec(text.slice(cells[0].start, cells[0].end));
  return cells.flatMap((cell) => {
    const header = cell.header.replace(/\*\*|__/g, '').trim();
    const tail =
      /(?:,\s*|\(\s*)([^\s,()]+)\)?$/u.exec(header)?.[1] ??
      /^[%₽$€]$/u.exec(header)?.[0];
    const unit = tail && unitWord(tail);
    const m = CELL.exec(masked.slice(cell.start, cell.end));
    if (!m || typeof unit !== 'object') return [];
    const start = cell.start + m[1]!.length; // at `≈`, `<` if any
    const numStart = start + m[2]!.length;
    let n = parseNumber(masked, numStart);
    if (!n || n.end - numStart !== m[3]!.trim().length) return [];
    let low: number | undefined;
    if (m[4]) {
      const to = parseNumber(masked, masked.indexOf(m[4], n.end));
      if (!to || to.value < n.value) return [];
      [n, low] = [to, n.value];
    }
    const p = P.exec(cell.header)?.[1] ?? label?.[1];
    const f: Found = {start, numStart, end: n.end, n: n.value, low, ...unit};
    if (p && unit.unit === 'ms') f.percentile = Number(p);
    return [f];
  });
}

/** The figures of one line: its table cells', then the rest, then the numbers listed before. */
function lineFigures(row: ProseLine): Found[] {
  const line = row.masked;
  const taken = Array<boolean>(line.length).fill(false);
  const found = tableFigures(row);
  for (const f of found) taken.fill(true, f.start, f.end);
  for (let i = 0; i < line.length; i++) {
    if (taken[i] || !/\d/.test(line[i]!) || !free(line, i)) continue;
    const f = figureAt(line, i);
    if (f) {
      f.percentile = percentileOf(row, f);
      found.push(f);
      taken.fill(true, f.start, f.end);
    }
    i = (f ?? parseNumber(line, i) ?? {end: i + 1}).end - 1;
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
  return scanProse(markdown).flatMap((row) =>
    lineFigures(row).map((f) => {
      const {start, end} = f.shared ?? f;
      return {
        text: row.text.slice(start, end).trim(),
        value: tidy(f.n * f.factor),
        unit: f.unit,
        line: row.index + 1,
        column: start + 1,
        heading: row.heading,
        ...(f.low !== undefined && {min: tidy(f.low * f.factor)}),
        ...(f.percentile !== undefined && {percentile: f.percentile}),
      };
    }),
  );
}
