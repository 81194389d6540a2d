/**
 * Numbers as people write them (`1,5`, `17.6`, `10 000`, `10,000`, `3,016,281`), and the unit
 * that follows one: the grammar of a single figure, tried at a position of a masked line.
 */
import type {FigureUnit} from './types';
import {
  at,
  BITS,
  COUNT_ADJECTIVE,
  COUNT_NOUN,
  DURATION_ADJECTIVES,
  DURATIONS,
  isUnitWord,
  MONEY_AFTER,
  PERCENT,
  PERIODS,
  PHYSICAL,
  SCALES,
  SIZE,
  sizeFactor,
  STOP_WORDS,
  WORD,
} from './units';

/** A figure while its line is read: spans in the masked line, and how its value was made. */
export interface Found {
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

export interface ParsedNumber {
  value: number;
  /** Written with thousands separators (`10 000`, `10,000`): a quantity even without a unit. */
  grouped: boolean;
  end: number;
}

const SPACE = /[ \u00A0\u202F\u2009]/;
const DIGITS = /\d+(?:[.,]\d+)*/y;

/** The number that starts at `start` of `line`, or null. */
export function parseNumber(line: string, start: number): ParsedNumber | null {
  const m = at(DIGITS, line, start);
  if (!m) return null;
  let raw = m[0];
  let end = start + raw.length;
  let spaced = false;
  // `10 000`, `1 500 000`: groups of three after a space, when the head has at most three digits.
  if (/^\d{1,3}$/.test(raw))
    while (
      SPACE.test(line[end] ?? '') &&
      /^\d{3}(?!\d)/.test(line.slice(end + 1, end + 5)) &&
      !/^\d{3}[.,]\d{3}/.test(line.slice(end + 1))
    ) {
      raw += line.slice(end + 1, end + 4);
      end += 4;
      spaced = true;
    }
  if (spaced) {
    const tail = /^[.,]\d+/.exec(line.slice(end));
    if (tail) {
      raw += tail[0];
      end += tail[0].length;
    }
  }
  let value: number;
  let grouped = spaced;
  if (/^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(raw)) {
    value = Number(raw.replace(/,/g, ''));
    grouped = true;
  } else if (/^\d+(?:[.,]\d+)?$/.test(raw))
    value = Number(raw.replace(',', '.'));
  else return null; // 1.2.3 and the like
  return {value, grouped, end};
}

/** What follows a number: its unit, the factor to the unit's value, and where it ends. */
export interface Suffix {
  unit: FigureUnit;
  factor: number;
  end: number;
  /** For a rate from a period (`в сутки`), the period in seconds (already in `factor`). */
  period?: number;
}

/** `с` after a number is a preposition when the next word is in the instrumental case. */
const INSTRUMENTAL =
  /^\s+\p{L}*(?:ом|ем|ём|ой|ей|ами|ями|ью|ым|им|ыми|ими|ою|ею)(?![\p{L}])/u;

function duration(
  line: string,
  pos: number,
  n: ParsedNumber,
): Suffix | 'skip' | null {
  const table = line[pos] === '-' ? DURATION_ADJECTIVES : DURATIONS;
  for (const {re, factor} of table) {
    const m = at(re, line, pos);
    if (!m) continue;
    if (m[0].trim() === 'с' && INSTRUMENTAL.test(line.slice(pos + m[0].length)))
      return null;
    const year =
      Number.isInteger(n.value) && n.value >= 1900 && n.value <= 2100;
    if (factor > 300 * 86400000 && year && !n.grouped) return 'skip'; // `в 2024 году`
    return {unit: 'ms', factor, end: pos + m[0].length};
  }
  return null;
}

/** `пользовательский`, `товарных`, `эмбеддинговых`: adjectives of the counted nouns. */
const RUSSIAN_ADJECTIVE =
  /(?:ск|н|ов)(?:ий|ый|ая|ое|ие|ые|ого|ой|их|ых|им|ым|ими|ыми|ому|ую)$/u;

/**
 * Whether `word` names what the number counts. An English noun in the singular after any number
 * but 1 is a modifier, and so is a Russian adjective (`34 product areas`, `500 conversation tokens`), not the thing counted.
 */
function counted(word: string, n: number): boolean {
  const head = word.split('-')[0]!;
  if (!COUNT_NOUN.test(word) && !COUNT_NOUN.test(head)) return false;
  if (RUSSIAN_ADJECTIVE.test(head)) return false;
  const english = /^[a-z]+$/i.test(head);
  return !english || n === 1 || /(?:s|MAU|DAU|WAU|SKU)$/i.test(head);
}

/** A count by its noun (`10 000 пользователей`) or a rate by its period (`в сутки`, `RPS`). */
function countOrRate(
  line: string,
  pos: number,
  scale: number,
  n: number,
): Suffix | 'skip' | null {
  const period = (p: number, previous?: string): Suffix | 'skip' | null => {
    for (const {re, seconds} of PERIODS) {
      const m = at(re, line, p);
      if (!m) continue;
      if (
        previous !== undefined &&
        m[0].trimStart().startsWith('/') &&
        PHYSICAL.test(previous)
      )
        return 'skip'; // м/с, Мбит/с
      return {
        unit: 'per_second',
        factor: scale / seconds,
        end: p + m[0].length,
        period: seconds,
      };
    }
    return null;
  };
  const direct = period(pos);
  if (direct) return direct;
  // The counted noun within three words (`10 последних просмотренных товаров`), a period right
  // after it or after up to two words (`card payments a day`, `плиток в минуту`).
  let p = pos;
  for (let k = 0; k < 3; k++) {
    const w = at(WORD, line, p);
    if (!w) break;
    const word = w[1]!;
    if (isUnitWord(word) || STOP_WORDS.has(word.toLowerCase())) break;
    p += w[0].length;
    const noun = counted(word, n * scale);
    const rate = noun || k < 2 ? period(p, word) : null;
    if (rate) return rate;
    if (noun) return {unit: 'count', factor: scale, end: p};
  }
  return null;
}

/** The unit after the number `n` ending at `pos`; 'skip' when the number is no figure at all. */
export function parseSuffix(
  line: string,
  pos: number,
  n: ParsedNumber,
): Suffix | 'skip' | null {
  let m = at(PERCENT, line, pos);
  if (m) return {unit: 'percent', factor: 1, end: pos + m[0].length};
  if (at(BITS, line, pos)) return 'skip';
  m = at(SIZE, line, pos);
  if (m) return {unit: 'bytes', factor: sizeFactor(m), end: pos + m[0].length};
  const time = duration(line, pos, n);
  if (time) return time;
  for (const scale of SCALES) {
    m = at(scale.re, line, pos);
    if (!m) continue;
    const after = pos + m[0].length;
    for (const money of MONEY_AFTER) {
      const c = at(money.re, line, after);
      if (c)
        return {
          unit: `money:${money.code}`,
          factor: scale.factor,
          end: after + c[0].length,
        };
    }
    const scaled = duration(line, after, n);
    if (scaled && scaled !== 'skip')
      return {...scaled, factor: scaled.factor * scale.factor};
    const byNoun = countOrRate(line, after, scale.factor, n.value);
    if (byNoun) return byNoun;
    // `4K`, `8K` alone: a video or camera resolution, not four thousand of anything.
    if (m[0] === 'K' && Number.isInteger(n.value) && n.value < 20)
      return 'skip';
    return {unit: 'count', factor: scale.factor, end: after};
  }
  for (const money of MONEY_AFTER) {
    m = at(money.re, line, pos);
    if (m)
      return {unit: `money:${money.code}`, factor: 1, end: pos + m[0].length};
  }
  const byNoun = countOrRate(line, pos, 1, n.value);
  if (byNoun) return byNoun;
  m = at(COUNT_ADJECTIVE, line, pos);
  if (m) return {unit: 'count', factor: 1, end: pos + m[0].length};
  return null;
}
