/**
 * The grammar of one figure: a number as people write it, then its unit, scale or counted noun.
 * Each word is a sticky regex tried right after the number (`\s?` allowed); `(?![\p{L}\p{N}])`
 * ends a word, since `\b` knows no Cyrillic.
 */

/** What a figure is measured in; the value of a figure is a number in its unit. */
export type FigureUnit =
  'ms' | 'bytes' | 'per_second' | 'count' | 'percent' | `money:${string}`;

/** What follows a number: its unit, the factor to the unit, where it ends, a rate's period. */
export interface Suffix {
  unit: FigureUnit;
  factor: number;
  end: number;
  /** For a rate from a period (`в сутки`), the period in seconds (already in `factor`). */
  period?: number;
}

const END = '(?![\\p{L}\\p{N}])';
const sticky = (source: string) => new RegExp(source, 'uy');

/** The sticky `re` matched at `pos` in `text`, or null. */
export function at(re: RegExp, text: string, pos: number) {
  re.lastIndex = pos;
  return re.exec(text);
}

/** `re` matching all of `word`, as a word of its own after a number. */
function whole(re: RegExp, word: string) {
  const m = at(re, ` ${word}`, 0);
  return m && m[0].length === word.length + 1 ? m : null;
}

/** The first of `words` matching at `pos`: the entry, with its match's end. */
function wordAt<T extends {re: RegExp}>(words: T[], line: string, pos: number) {
  for (const w of words) {
    const m = at(w.re, line, pos);
    if (m) return {...w, text: m[0], end: pos + m[0].length};
  }
  return undefined;
}

/** Units of time in ms; a month is a twelfth of a Julian year, so that 12 months are a year. */
const MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1e3,
  min: 6e4,
  h: 3.6e6,
  d: 8.64e7,
  w: 6.048e8,
  mo: 2.6298e9,
  y: 3.15576e10,
};
const YEAR = MS.y!;
const BEFORE: Record<string, string> = {
  duration: '\\s?',
  compound: '-',
  period: '(?:\\s?\\/\\s?|\\s+(?:в|за|per|a|an|each|every)\\s+)',
  adverb: '\\s+',
};

/**
 * The words of time: a duration (`200 мс`; `d` only glued, `30d`), the first half of a compound
 * (`8-second`, `90-дневной`), the period of a rate (`в сутки`, `per day`, `a month`, `/сек`),
 * and an adverb of a period (`daily`).
 */
const TIME = String.raw`
  duration us   мкс|μs|µs|microseconds?
  duration ms   мс|msecs?|ms|миллисекунд\p{L}*|milliseconds?
  duration s    сек\.?|секунд\p{L}*|secs?|seconds?|с|s
  duration min  мин\.?|минут\p{L}*|mins?|minutes?
  duration h    ч\.?|час(?:а|ов|ах|ам|ами)?|hrs?|hours?|h
  duration d    дн\.?|д\.|д(?:ень|ня|ней|ням|нях|нями)|сут(?:\.|ки|ок|кам|ках)|days?|(?<!\s)d(?!-)
  duration w    нед\.?|недел[яиьюе]\p{L}*|wks?|weeks?
  duration mo   мес\.?|месяц\p{L}*|months?
  duration y    год|года|годам|годах|лет|years?|yrs?
  compound ms   millisecond|ms
  compound s    second|sec|секундн\p{L}*
  compound min  minute|min|минутн\p{L}*
  compound h    hour|часов\p{L}+
  compound d    day|дневн\p{L}*|суточн\p{L}*
  compound w    week|недельн\p{L}*
  compound mo   month|месячн\p{L}*
  compound y    year|летн\p{L}*|годичн\p{L}*
  period   s    секунду|сек\.?|с|seconds?|secs?|s
  period   min  минуту|мин\.?|minutes?|mins?
  period   h    час|ч\.?|hours?|hrs?|h
  period   d    сутки|день|дн\.?|days?|d
  period   w    неделю|нед\.?|weeks?|wk
  period   mo   месяц|мес\.?|months?
  period   y    год|year|yr
  adverb   h    ежечасно|hourly
  adverb   d    ежедневно|ежесуточно|daily
  adverb   w    еженедельно|weekly
  adverb   mo   ежемесячно|monthly
  adverb   y    ежегодно|annually|yearly`
  .trim()
  .split('\n')
  .map((row) => {
    const [kind, unit, words] = row.trim().split(/\s+/) as [
      string,
      string,
      string,
    ];
    const re = sticky(`${BEFORE[kind]!}(?:${words})${END}`);
    return {kind, factor: MS[unit]!, re};
  });

const DURATIONS = TIME.filter((t) => t.kind === 'duration');
const COMPOUNDS = TIME.filter((t) => t.kind === 'compound');

/** `RPS`, `QPS`: a rate per second, also in a column header. */
const RATE = sticky(`\\s?(?:RPS|QPS|TPS|EPS|rps|qps|tps)${END}`);

/** `в сутки`, `per day`, `daily`, `RPS`: the seconds of one period. */
const PERIODS = [
  {re: RATE, seconds: 1},
  ...TIME.filter((t) => t.kind === 'period' || t.kind === 'adverb').map(
    (t) => ({re: t.re, seconds: t.factor / 1000}),
  ),
];

/** Sizes, in bytes: decimal prefixes (1 GB = 10⁹ B), binary ones with `i` (1 GiB = 2³⁰ B). */
const SIZE = sticky(
  `\\s?(?:[KkMGTP](?:i?B|bytes?)|[кКмМгГтТпП](?:[Бб]|байт\\p{L}*)|(?:kilo|mega|giga|tera|peta)bytes?|(?:кило|мега|гига|тера|пета)байт\\p{L}*)${END}`,
);
function sizeFactor(size: string): number {
  const prefix = size.trim()[0]!.toLowerCase();
  const power = Math.max('kmgtp'.indexOf(prefix), 'кмгтп'.indexOf(prefix));
  return (size.includes('iB') ? 1024 : 1000) ** (power + 1);
}

/** Bandwidths and bits: no unit of ours, and their `M`/`G` is no scale. */
const BITS = sticky(
  `\\s?(?:[KkMGT]?(?:bits?|bps)|[KMGT]b(?:\\/s)?|[кКмМгГтТ]?бит\\p{L}*(?:\\/с)?)${END}`,
);

const PERCENT = sticky(`\\s?(?:%|процент\\p{L}*|percent|per cent)`);

/** Scales of a count or an amount: `1,5 млн`, `5k`, `4.1 M rows`, `8B`. */
const SCALES = [
  [1e3, 'тыс\\.?|тысяч\\p{L}*|thousands?|[kK]'],
  [1e6, 'млн\\.?|миллион\\p{L}*|mln|mn|millions?|M'],
  [1e9, 'млрд\\.?|миллиард\\p{L}*|bn|billions?|B'],
  [1e12, 'трлн\\.?|триллион\\p{L}*|trillions?'],
].map(([factor, words]) => ({
  factor: factor as number,
  re: sticky(`\\s?(?:${words})${END}`),
}));

/** The scale at `pos` (`тыс.`, `k`, `млн`): its factor, text and end. */
export const scaleAt = (line: string, pos: number) => wordAt(SCALES, line, pos);

/** Currencies to ISO codes: the sign, words after the amount, words that must end there. */
const MONEY = [
  ['RUB', '₽', 'руб\\.|рубл\\p{L}*', 'руб|RUB|r?oubles?|rubles?'],
  ['USD', '$', 'долл\\.|доллар\\p{L}*', 'USD|dollars?'],
  ['EUR', '€', '', 'EUR|евро|euros?'],
  ['GBP', '£', '', 'GBP'],
  ['CNY', '', 'юан\\p{L}*', 'CNY|yuan'],
].map(([code, sign, words, ended]) => ({
  code: code!,
  sign,
  re: sticky(
    `\\s?(?:${sign ? `[${sign}]|` : ''}${words}${words ? '|' : ''}(?:${ended})${END})`,
  ),
}));

/** The currency whose sign stands right before `pos` (`$6.80`, `€ 1,5 млн`), and the sign's start. */
export function currencyBefore(line: string, pos: number) {
  const m = /[$€£₽]\s?$/u.exec(line.slice(Math.max(0, pos - 2), pos));
  const money = m && MONEY.find((c) => c.sign === m[0][0]);
  return money ? {code: money.code, start: pos - m[0].length} : undefined;
}

/** Words before `/s` that make it a speed or a bandwidth, not a rate of things. */
const PHYSICAL = /^(?:м|км|мм|см|m|km|mm|cm|бит|bits?|b|Б|B)$/u;

/** A word between a number and its noun or period (`4.1 million card payments a day`). */
const WORD = sticky(`\\s([\\p{L}][\\p{L}\\p{M}²³'’-]*)`);

/** Words that cannot stand between a number and what it counts. */
const STOP_WORDS = new Set(
  [
    'в во на с со к ко по из за от до для при без через и или а но что чем как если то это этот',
    'эти не ни же ли бы уже ещё еще только также тоже раза раз больше меньше более менее выше ниже',
    'of in on at to for from with by and or than per a an the more less fewer times over under',
    'about if is are was were be been then else when where which who that this these those it its',
    'not no only also',
  ]
    .join(' ')
    .split(' '),
);

/** Any unit or scale word: it cannot stand between a number and its noun or period. */
const UNIT_WORDS = [
  ...[...DURATIONS, ...SCALES, ...MONEY].map((w) => w.re),
  ...[SIZE, BITS, PERCENT],
];

/**
 * Nouns that make a number a count (`10 000 пользователей`, `140 features`): the things a system
 * serves or stores. Staff, machines and replicas are not among them: a design's `60 узлов` and an
 * answer's `2 replicas` are no figures. Russian stems take up to three more letters.
 */
const COUNT_NOUN = new RegExp(
  '^(?:(?:' +
    [
      'пользовател абонент клиент покупател продавц посетител сесси запрос событи запис строк',
      'документ товар заказ транзакци платеж платёж обращени тикет сообщени изображени фотографи',
      'эмбеддинг вектор токен объект семпл сэмпл кандидат карточк карточек страниц просмотр клик',
      'звонк признак параметр аккаунт устройств вопрос чанк фрагмент отзыв',
    ]
      .join(' ')
      .replaceAll(' ', '|') +
    ')\\p{L}{0,3}' +
    '|пример|примера|примеров|примеры|примерах|стат(?:ей|ьи|ья|ьях)|показ(?:а|ов|ы|ам|ах)?' +
    '|ответ(?:а|ов|ы|ам|ах)?|пар(?:а|ы|у|ам|ах)?|текст(?:а|ов|ы)?' +
    '|users?|customers?|clients?|accounts?|subscribers?|visitors?|buyers?|sellers?|merchants?' +
    '|sessions?|requests?|quer(?:y|ies)|events?|records?|rows?|documents?|docs|items?' +
    '|products?|SKUs?|orders?|transactions?|payments?|cards?|tickets?|messages?|images?' +
    '|photos?|pictures?|embeddings?|vectors?|tokens?|objects?|samples?|examples?|candidates?' +
    '|articles?|pages?|chunks?|passages?|impressions?|views?|clicks?|calls?|features?' +
    '|parameters?|params|devices?|pairs?|entries|entry|questions?|answers?|reviews?|files?' +
    '|texts?|labels?|conversations?|chats?|turns?|MAU|DAU|WAU|SKU' +
    ')$',
  'iu',
);

/** `500-token maximum`: a counted noun as the second half of a compound. */
const COUNT_COMPOUND = sticky(
  `-(?:token|row|item|user|document|page|query|request|event|record|sample|example)${END}`,
);

/** `пользовательский`, `товарных`, `эмбеддинговых`: adjectives of the counted nouns. */
const RUSSIAN_ADJECTIVE =
  /(?:ск|н|ов)(?:ий|ый|ая|ое|ие|ые|ого|ой|их|ых|им|ым|ими|ыми|ому|ую)$/u;

/** `с` after a number is a preposition when the next word is in the instrumental case. */
const INSTRUMENTAL =
  /\s+\p{L}*(?:ом|ем|ём|ой|ей|ами|ями|ью|ым|им|ыми|ими|ою|ею)(?![\p{L}])/uy;

/** A number as written (`1,5`, `17.6`, `10 000`, `10,000`): its value, and where it ends. */
export interface ParsedNumber {
  value: number;
  /** Written with thousands separators (`10 000`, `10,000`): a quantity even without a unit. */
  grouped: boolean;
  end: number;
}

/**
 * `10 000`, `1 500 000,5`: groups of three after a space, when the head has at most three digits
 * (and a group is no `000.000`); else digits with points and commas, checked below.
 */
const NUMBER =
  /\d{1,3}(?!\d|[.,]\d)(?:[ \u00A0\u202F\u2009]\d{3}(?!\d|[.,]\d{3}))+(?:[.,]\d+)?|\d+(?:[.,]\d+)*/y;
const SPACES = /[ \u00A0\u202F\u2009]/g;

/** The number that starts at `start` of `line`, or null (`1.2.3` and the like). */
export function parseNumber(line: string, start: number): ParsedNumber | null {
  const m = at(NUMBER, line, start);
  if (!m) return null;
  const raw = m[0].replace(SPACES, '');
  const end = start + m[0].length;
  if (/^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(raw))
    return {value: Number(raw.replaceAll(',', '')), grouped: true, end};
  if (!/^\d+(?:[.,]\d+)?$/.test(raw)) return null;
  const grouped = raw.length < m[0].length;
  return {value: Number(raw.replace(',', '.')), grouped, end};
}

/** Whether `v` reads as a year (`в 2024 году`). */
export const yearLike = (v: number) =>
  Number.isInteger(v) && v >= 1900 && v <= 2100;

function duration(line: string, pos: number, n: ParsedNumber) {
  const d = wordAt(line[pos] === '-' ? COMPOUNDS : DURATIONS, line, pos);
  if (!d || (d.text.trim() === 'с' && at(INSTRUMENTAL, line, d.end)))
    return null;
  if (d.factor === YEAR && yearLike(n.value) && !n.grouped) return 'skip';
  return {unit: 'ms', factor: d.factor, end: d.end} as const;
}

/**
 * Whether `word` names what the number counts. An English singular after any number but 1 is a
 * modifier, and so is a Russian adjective (`34 product areas`, `2 пользовательских сценария`).
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
    const m = wordAt(PERIODS, line, p);
    if (!m) return null;
    if (previous && m.text.trimStart()[0] === '/' && PHYSICAL.test(previous))
      return 'skip'; // м/с, Мбит/с
    const seconds = m.seconds;
    return {
      unit: 'per_second',
      factor: scale / seconds,
      end: m.end,
      period: seconds,
    };
  };
  const direct = period(pos);
  if (direct) return direct;
  // The counted noun within three words (`10 последних просмотренных товаров`), a period right
  // after it or after up to two words (`card payments a day`, `плиток в минуту`).
  let p = pos;
  for (let k = 0; k < 3; k++) {
    const w = at(WORD, line, p);
    const word = w?.[1];
    if (!word || STOP_WORDS.has(word.toLowerCase())) break;
    if (UNIT_WORDS.some((re) => whole(re, word))) break;
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
  if (m)
    return {unit: 'bytes', factor: sizeFactor(m[0]), end: pos + m[0].length};
  const time = duration(line, pos, n);
  if (time) return time;
  const scale = scaleAt(line, pos);
  const factor = scale?.factor ?? 1;
  const after = scale?.end ?? pos;
  const money = wordAt(MONEY, line, after);
  if (money) return {unit: `money:${money.code}`, factor, end: money.end};
  if (scale) {
    const scaled = duration(line, after, n);
    if (scaled && scaled !== 'skip')
      return {...scaled, factor: scaled.factor * factor};
  }
  const byNoun = countOrRate(line, after, factor, n.value);
  if (byNoun) return byNoun;
  if (scale) {
    // `4K`, `8K` alone: a video or camera resolution, not four thousand of anything.
    if (scale.text === 'K' && Number.isInteger(n.value) && n.value < 20)
      return 'skip';
    return {unit: 'count', factor, end: after};
  }
  m = at(COUNT_COMPOUND, line, pos);
  return m ? {unit: 'count', factor: 1, end: pos + m[0].length} : null;
}

/**
 * The unit a table column's header names after a comma or in parentheses (`p99, мс`, `Size (GB)`,
 * `Доля, %`), or as the whole header when it is a sign (`%`, `₽`). A header that is a unit word
 * and nothing else (`Год`) names what the column holds, not its unit.
 */
export function headerUnit(
  header: string,
): {unit: FigureUnit; factor: number} | undefined {
  const text = header.replace(/\*\*|__/g, '').trim();
  const tail =
    /(?:,\s*|\(\s*)([^\s,()]+)\)?$/u.exec(text)?.[1] ??
    /^[%₽$€]$/u.exec(text)?.[0];
  if (!tail) return undefined;
  const is = (re: RegExp) => whole(re, tail);
  if (is(PERCENT)) return {unit: 'percent', factor: 1};
  const size = is(SIZE);
  if (size) return {unit: 'bytes', factor: sizeFactor(size[0])};
  const time = DURATIONS.find((d) => is(d.re));
  if (time) return {unit: 'ms', factor: time.factor};
  const money = MONEY.find((c) => is(c.re));
  if (money) return {unit: `money:${money.code}`, factor: 1};
  return is(RATE) ? {unit: 'per_second', factor: 1} : undefined;
}
