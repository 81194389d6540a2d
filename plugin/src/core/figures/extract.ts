/** The figures of a Markdown text: see `../figures.ts` for what counts as one. */
import {
  type Found,
  parseNumber,
  parseSuffix,
  type ParsedNumber,
  type Suffix,
} from './number';
import {scanProse, type ProseLine} from './scan';
import {headerPercentile, tableFigures} from './table';
import type {Figure} from './types';
import {at, MONEY_BEFORE, SCALES} from './units';

const BLOCKED_BEFORE = /[\p{L}\p{N}_@#№\\]/u;
const PREFIX = /(?:[~≈<>≤≥±]\s?)?$/u;
const RANGE = /\s?[-–]\s?|—|\.\.\.?|…|\s(?:to|до)\s/y;
const PERCENTILE_BEFORE =
  /[pP](\d{2}(?:\.\d+)?)(?![\p{L}\p{N}])[^\d\n]{0,30}$/u;
const PERCENTILE_AFTER = /^\s?\(\s?[pP](\d{2}(?:\.\d+)?)\s?\)/;

/** Whether a number may start at `i`: not glued to a word, an `@`, or a hyphenated name. */
function free(line: string, i: number): boolean {
  const before = line[i - 1] ?? ' ';
  if (BLOCKED_BEFORE.test(before)) return false;
  if ('-–.,'.includes(before) && /[\p{L}\p{N}]/u.test(line[i - 2] ?? ''))
    return false;
  return true;
}

/** Whether the number ending at `end` runs into a word that is none of our units. */
function glued(line: string, end: number, suffix: Suffix | null): boolean {
  const next = line[end] ?? '';
  if (suffix) return false;
  return (
    /[\p{L}_]/u.test(next) ||
    (next === '-' && /\p{L}/u.test(line[end + 1] ?? ''))
  );
}

/** A figure starting at `i` of the masked line, with its range and unit; null if none is. */
function figureAt(line: string, i: number): Found | 'skip' | null {
  const first = parseNumber(line, i);
  if (!first) return null;
  let n: ParsedNumber = first;
  let low: number | undefined;
  const sep = at(RANGE, line, first.end);
  if (
    sep &&
    (sep[0].trim() !== 'до' || /(?:^|\s)от\s$/u.test(line.slice(0, i)))
  ) {
    const second = parseNumber(line, first.end + sep[0].length);
    if (second && second.value >= first.value) {
      const suffix = parseSuffix(line, second.end, second);
      if (suffix && suffix !== 'skip') {
        n = second;
        low = first.value;
      }
    }
  }
  const suffix = parseSuffix(line, n.end, n);
  if (suffix === 'skip' || glued(line, n.end, suffix)) return 'skip';
  const sign = /([$€£₽])\s?$/u.exec(line.slice(0, i));
  const currency = sign ? MONEY_BEFORE[sign[1]!] : undefined;
  let found: Omit<Found, 'start'> | undefined;
  if (currency) {
    // `$18k per month` is an amount: a scale counts, a period does not.
    const scale = SCALES.map((s) => ({s, m: at(s.re, line, n.end)})).find(
      (x) => x.m,
    );
    found = {
      numStart: i,
      end: scale ? n.end + scale.m![0].length : n.end,
      n: n.value,
      unit: `money:${currency}`,
      factor: scale?.s.factor ?? 1,
    };
  } else if (suffix)
    found = {
      numStart: i,
      end: suffix.end,
      n: n.value,
      unit: suffix.unit,
      factor: suffix.factor,
      period: suffix.period,
    };
  else if (n.grouped)
    found = {numStart: i, end: n.end, n: n.value, unit: 'count', factor: 1};
  if (!found) return null;
  if (low !== undefined) found.low = low;
  let start = i - (sign ? sign[0].length : 0);
  start -= PREFIX.exec(line.slice(0, start))![0].length;
  return {start, ...found};
}

/** `p95 < 200 ms`, `5 с (p95)`: the percentile a duration stands by, if any. */
function percentileOf(line: string, f: Found): number | undefined {
  if (f.unit !== 'ms') return undefined;
  const before = PERCENTILE_BEFORE.exec(
    line.slice(Math.max(0, f.numStart - 40), f.numStart),
  );
  const after = PERCENTILE_AFTER.exec(line.slice(f.end));
  const p = after?.[1] ?? before?.[1];
  return p === undefined ? undefined : Number(p);
}

const ENUMERATION =
  /((?:\d+(?:[.,]\d+)?(?:,\s|\s(?:и|или|and|or)\s|\s?\/\s?))+)$/u;

/** `за 1, 4, 12 недель`, `40/120/200 мс`: bare numbers listed before a figure take its unit. */
function enumerate(line: string, found: Found[], taken: boolean[]): Found[] {
  const added: Found[] = [];
  for (const f of found) {
    if (f.low !== undefined || f.start !== f.numStart) continue;
    const m = ENUMERATION.exec(line.slice(0, f.numStart));
    if (!m) continue;
    const listStart = f.numStart - m[1]!.length;
    if (!free(line, listStart)) continue;
    const members: Found[] = [];
    for (const num of m[1]!.matchAll(/\d+(?:[.,]\d+)?/g)) {
      const start = listStart + num.index;
      const n = parseNumber(line, start);
      if (
        !n ||
        taken[start] ||
        (Number.isInteger(n.value) && n.value >= 1900 && n.value <= 2100)
      ) {
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
    const shared = {start: listStart, end: f.end};
    f.shared = shared;
    const percentiles = /[pP](\d{2})(?:\s?\/\s?[pP](\d{2}))+[^\d]{0,30}$/u.exec(
      line.slice(0, listStart),
    );
    const all = [...members, f];
    const ps = percentiles
      ? [...percentiles[0].matchAll(/[pP](\d{2})/g)].map((p) => Number(p[1]))
      : [];
    all.forEach((g, k) => {
      g.shared = shared;
      if (ps.length === all.length) g.percentile = ps[k];
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
      a.factor = a.factor / b.period;
      a.period = b.period;
    }
  }
}

function lineFigures(row: ProseLine): Found[] {
  const line = row.masked!;
  const taken: boolean[] = [];
  const found: Found[] = tableFigures(row, line);
  for (const f of found) for (let i = f.start; i < f.end; i++) taken[i] = true;
  for (let i = 0; i < line.length; i++) {
    if (taken[i] || !/\d/.test(line[i]!) || !free(line, i)) continue;
    const f = figureAt(line, i);
    const number = parseNumber(line, i);
    if (f && f !== 'skip') {
      f.percentile = percentileOf(line, f) ?? headerPercentile(row, f);
      found.push(f);
      for (let j = f.start; j < f.end; j++) taken[j] = true;
      i = f.end - 1;
    } else if (number) i = number.end - 1;
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
    if (row.masked === null || !/\d/.test(row.masked)) continue;
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
