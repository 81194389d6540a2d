/**
 * What follows a number: its unit, scale or counted noun. Each word is a sticky regex tried right
 * after the number (`\s?` allowed); `(?![\p{L}\p{N}])` ends a word, since `\b` knows no Cyrillic.
 */
import type {FigureUnit} from 'docusaurus-plugin-mlsd-deploy';

/** A unit after a number: the factor to it, where it ends; for a rate, its period in s. */
export interface Suffix {
  unit: FigureUnit;
  factor: number;
  end: number;
  period?: number;
}
/** 'skip' when the number is no figure at all (`2024 год`, `100 Мбит`, `8K`). */
type Parsed = Suffix | 'skip' | null;

const END = '(?![\\p{L}\\p{N}])';
/** A sticky Unicode regex, from a string or a raw template (`\s` as written). */
const sticky = (raw: TemplateStringsArray | string, ...parts: string[]) =>
  new RegExp(typeof raw === 'string' ? raw : String.raw(raw, ...parts), 'uy');

export function at(re: RegExp, text: string, pos: number) {
  re.lastIndex = pos;
  return re.exec(text);
}

/** The first of `words` matching at `pos`; its regex's `lastIndex` is where the match ends. */
function wordAt<T extends {re: RegExp}>(words: T[], text: string, pos: number) {
  return words.find((w) => at(w.re, text, pos));
}

/** The rows of a table written as text: one per line, columns apart by spaces. */
const rows = (table: string) =>
  table
    .trim()
    .split(/ *\n */)
    .map((row) => row.split(/ +/));

/** A Julian year in ms, so that 12 months (30.4375 days each) are one year. */
const YEAR = 3.15576e10;
const PREPOSITION = '(?:\\s?\\/\\s?|\\s+(?:в|за|per|a|an|each|every)\\s+)';

/**
 * The words of time, by their unit in ms: a duration (`200 мс`; `d` only glued, `30d`), the first
 * half of a compound (`8-second`, `90-дневной`), and a rate's period after `/`, `в`, `per`, `a`…
 * (`в сутки`), or as an adverb (`daily`).
 */
const TIME = rows(String.raw`
  1e-3       duration  мкс|μs|µs|microseconds?
  1          duration  мс|msecs?|ms|миллисекунд\p{L}*|milliseconds?
  1          compound  millisecond|ms
  1e3        duration  сек\.?|секунд\p{L}*|secs?|seconds?|с|s
  1e3        compound  second|sec|секундн\p{L}*
  1e3        period    секунду|сек\.?|с|seconds?|secs?|s
  6e4        duration  мин\.?|минут\p{L}*|mins?|minutes?
  6e4        compound  minute|min|минутн\p{L}*
  6e4        period    минуту|мин\.?|minutes?|mins?
  3.6e6      duration  ч\.?|час(?:а|ов|ах|ам|ами)?|hrs?|hours?|h
  3.6e6      compound  hour|часов\p{L}+
  3.6e6      period    час|ч\.?|hours?|hrs?|h                    ежечасно|hourly
  8.64e7     duration  дн\.?|д\.|д(?:ень|ня|ней|ням|нях|нями)|сут(?:\.|ки|ок|кам|ках)|days?|(?<!\s)d(?!-)
  8.64e7     compound  day|дневн\p{L}*|суточн\p{L}*
  8.64e7     period    сутки|день|дн\.?|days?|d                 ежедневно|ежесуточно|daily
  6.048e8    duration  нед\.?|недел[яиьюе]\p{L}*|wks?|weeks?
  6.048e8    compound  week|недельн\p{L}*
  6.048e8    period    неделю|нед\.?|weeks?|wk                   еженедельно|weekly
  2.6298e9   duration  мес\.?|месяц\p{L}*|months?
  2.6298e9   compound  month|месячн\p{L}*
  2.6298e9   period    месяц|мес\.?|months?                      ежемесячно|monthly
  3.15576e10 duration  год|года|годам|годах|лет|years?|yrs?
  3.15576e10 compound  year|летн\p{L}*|годичн\p{L}*
  3.15576e10 period    год|year|yr                               ежегодно|annually|yearly
`).map(([ms, kind, words, adverbs]) => ({
  kind,
  factor: Number(ms),
  re: sticky(
    kind === 'duration'
      ? `\\s?(?:${words})${END}`
      : kind === 'compound'
        ? `-(?:${words})${END}`
        : `(?:${PREPOSITION}(?:${words})${adverbs ? `|\\s+(?:${adverbs})` : ''})${END}`,
  ),
}));
const time = (kind: string) => TIME.filter((t) => t.kind === kind);
const [DURATIONS, COMPOUNDS] = [time('duration'), time('compound')];

/** `RPS`, `QPS`: a rate per second, also in a column header. */
const RATE = sticky`\s?(?:RPS|QPS|TPS|EPS|rps|qps|tps)${END}`;
/** `RPS`, `в сутки`, `per day`, `daily`: one period, in ms. */
const PERIODS = [{re: RATE, factor: 1e3}, ...time('period')];

/** Sizes, in bytes: decimal prefixes (1 GB = 10⁹ B), binary ones with `i` (1 GiB = 2³⁰ B). */
const SIZE = sticky`\s?(?:[KkMGTP](?:i?B|bytes?)|[кКмМгГтТпП](?:[Бб]|байт\p{L}*)|(?:kilo|mega|giga|tera|peta)bytes?|(?:кило|мега|гига|тера|пета)байт\p{L}*)${END}`;
function sizeFactor(size: string): number {
  const prefix = size.trim()[0]!.toLowerCase();
  const power = Math.max('kmgtp'.indexOf(prefix), 'кмгтп'.indexOf(prefix));
  return (size.includes('iB') ? 1024 : 1000) ** (power + 1);
}

/** Bandwidths and bits: no unit of ours, and their `M`/`G` is no scale. */
const BITS = sticky`\s?(?:[KkMGT]?(?:bits?|bps)|[KMGT]b(?:\/s)?|[кКмМгГтТ]?бит\p{L}*(?:\/с)?)${END}`;
const PERCENT = sticky`\s?(?:%|процент\p{L}*|percent|per cent)`;

/** Scales of a count or an amount: `1,5 млн`, `5k`, `4.1 M rows`, `8B`. */
const SCALES = rows(String.raw`
  1e3  тыс\.?|тысяч\p{L}*|thousands?|[kK]
  1e6  млн\.?|миллион\p{L}*|mln|mn|millions?|M
  1e9  млрд\.?|миллиард\p{L}*|bn|billions?|B
  1e12 трлн\.?|триллион\p{L}*|trillions?`).map(([factor, words]) => ({
  factor: Number(factor),
  re: sticky(`\\s?(?:${words})${END}`),
}));
export function scaleAt(line: string, pos: number) {
  const scale = wordAt(SCALES, line, pos);
  return scale && {factor: scale.factor, end: scale.re.lastIndex};
}

/** Currencies to ISO codes: the sign written before an amount, the words after it. */
const MONEY = [
  ['RUB', '₽', `₽|руб\\.|рубл\\p{L}*|(?:руб|RUB|r?oubles?|rubles?)${END}`],
  ['USD', '$', `\\$|долл\\.|доллар\\p{L}*|(?:USD|dollars?)${END}`],
  ['EUR', '€', `€|(?:EUR|евро|euros?)${END}`],
  ['GBP', '£', `£|GBP${END}`],
  ['CNY', '', `юан\\p{L}*|(?:CNY|yuan)${END}`],
].map(([code, sign, words]) => ({code, sign, re: sticky(`\\s?(?:${words})`)}));
/** The currency of a sign before an amount (`$6.80`, `€ 1,5 млн`). */
export const currency = (sign: string) =>
  MONEY.find((c) => c.sign === sign)?.code;

/** Words before `/s` that make it a speed or a bandwidth, not a rate of things. */
const PHYSICAL = /^(?:м|км|мм|см|m|km|mm|cm|бит|bits?|b|Б|B)$/u;
/** A word between a number and its noun or period (`4.1 million card payments a day`). */
const WORD = sticky`\s([\p{L}][\p{L}\p{M}²³'’-]*)`;
/** Words that cannot stand between a number and what it counts. */
const STOP_WORDS = new Set(
  `в во на с со к ко по из за от до для при без через и или а но что чем как если то это этот
  эти не ни же ли бы уже ещё еще только также тоже раза раз больше меньше более менее выше ниже
  of in on at to for from with by and or than per a an the more less fewer times over under
  about if is are was were be been then else when where which who that this these those it its
  not no only also`.split(/\s+/),
);

/**
 * Nouns that make a number a count (`10 000 пользователей`, `140 features`): the things a system
 * serves or stores, not staff, machines or replicas (a design's `60 узлов`, an answer's
 * `2 replicas`). A Russian stem takes up to three more letters.
 */
const STEMS = `пользовател абонент клиент покупател продавц посетител сесси запрос событи
  запис строк документ товар заказ транзакци платеж платёж обращени тикет сообщени изображени
  фотографи эмбеддинг вектор токен объект семпл сэмпл кандидат карточк карточек страниц
  просмотр клик звонк признак параметр аккаунт устройств вопрос чанк фрагмент отзыв`;
const NOUNS = String.raw`пример примера примеров примеры примерах стат(?:ей|ьи|ья|ьях)
  показ(?:а|ов|ы|ам|ах)? ответ(?:а|ов|ы|ам|ах)? пар(?:а|ы|у|ам|ах)? текст(?:а|ов|ы)? users?
  customers? clients? accounts? subscribers? visitors? buyers? sellers? merchants? sessions?
  requests? quer(?:y|ies) events? records? rows? documents? docs items? products? SKUs? orders?
  transactions? payments? cards? tickets? messages? images? photos? pictures? embeddings?
  vectors? tokens? objects? samples? examples? candidates? articles? pages? chunks? passages?
  impressions? views? clicks? calls? features? parameters? params devices? pairs? entries entry
  questions? answers? reviews? files? texts? labels? conversations? chats? turns? MAU DAU WAU SKU`;
const any = (words: string) => words.trim().split(/\s+/).join('|');
const COUNT_NOUN = new RegExp(
  `^(?:(?:${any(STEMS)})\\p{L}{0,3}|${any(NOUNS)})$`,
  'iu',
);
/** `500-token maximum`: a counted noun as the second half of a compound. */
const COUNT_COMPOUND = sticky`-(?:token|row|item|user|document|page|query|request|event|record|sample|example)${END}`;
/** `пользовательский`, `товарных`, `эмбеддинговых`: adjectives of the counted nouns. */
const RUSSIAN_ADJECTIVE =
  /(?:ск|н|ов)(?:ий|ый|ая|ое|ие|ые|ого|ой|их|ых|им|ым|ими|ыми|ому|ую)$/u;
/** `с` after a number is a preposition when the next word is in the instrumental case. */
const INSTRUMENTAL =
  /\s+\p{L}*(?:ом|ем|ём|ой|ей|ами|ями|ью|ым|им|ыми|ими|ою|ею)(?![\p{L}])/uy;

/** A number as written: its value, and whether in groups of thousands (`10 000`, a quantity). */
type Num = {value: number; grouped: boolean};

export const yearLike = (v: number) =>
  Number.isInteger(v) && v >= 1900 && v <= 2100;

function duration(line: string, pos: number, n: Num): Parsed {
  const d = wordAt(line[pos] === '-' ? COMPOUNDS : DURATIONS, line, pos);
  if (!d) return null;
  const end = d.re.lastIndex;
  if (line.slice(pos, end).trim() === 'с' && at(INSTRUMENTAL, line, end))
    return null;
  if (d.factor === YEAR && yearLike(n.value) && !n.grouped) return 'skip';
  return {unit: 'ms', factor: d.factor, end};
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
function counting(line: string, pos: number, scale: number, n: number): Parsed {
  const period = (p: number, previous?: string): Parsed => {
    const m = wordAt(PERIODS, line, p);
    if (!m) return null;
    const end = m.re.lastIndex;
    const slash = line.slice(p, end).trimStart()[0] === '/';
    if (previous && slash && PHYSICAL.test(previous)) return 'skip'; // м/с, Мбит/с
    const s = m.factor / 1e3;
    return {unit: 'per_second', factor: scale / s, end, period: s};
  };
  const direct = period(pos);
  if (direct) return direct;
  // The counted noun within three words (`10 последних просмотренных товаров`), a period right
  // after it or after up to two words (`card payments a day`, `плиток в минуту`).
  for (let k = 0, p = pos; k < 3; k++) {
    const w = at(WORD, line, p);
    const word = w?.[1];
    if (!word || STOP_WORDS.has(word.toLowerCase()) || unitWord(word)) break;
    p += w[0].length;
    const noun = counted(word, n * scale);
    const rate = noun || k < 2 ? period(p, word) : null;
    if (rate) return rate;
    if (noun) return {unit: 'count', factor: scale, end: p};
  }
  return null;
}

/** The unit after the number `n` ending at `pos`. */
export function parseSuffix(line: string, pos: number, n: Num): Parsed {
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
  if (money)
    return {unit: `money:${money.code}`, factor, end: money.re.lastIndex};
  const scaled = scale && duration(line, after, n);
  if (scaled && scaled !== 'skip')
    return {...scaled, factor: scaled.factor * factor};
  const byNoun = counting(line, after, factor, n.value);
  if (byNoun) return byNoun;
  // `4K`, `8K` alone: a video or camera resolution, not four thousand of anything.
  const resolution = line.slice(pos, after) === 'K' && n.value < 20;
  if (resolution && Number.isInteger(n.value)) return 'skip';
  if (scale) return {unit: 'count', factor, end: after};
  m = at(COUNT_COMPOUND, line, pos);
  return m ? {unit: 'count', factor: 1, end: pos + m[0].length} : null;
}

/**
 * The unit a word names on its own (`мс`, `GB`, `%`, `руб.`, `RPS`); 'other' for a scale or bits.
 * None of them stands between a number and its noun; a table's header names a column's unit.
 */
export function unitWord(word: string): Omit<Suffix, 'end'> | 'other' | void {
  const probe = ` ${word}`;
  const is = (re: RegExp) => at(re, probe, 0)?.[0].length === probe.length;
  if (is(PERCENT)) return {unit: 'percent', factor: 1};
  if (is(SIZE)) return {unit: 'bytes', factor: sizeFactor(probe)};
  const time = DURATIONS.find((d) => is(d.re));
  if (time) return {unit: 'ms', factor: time.factor};
  const money = MONEY.find((c) => is(c.re));
  if (money) return {unit: `money:${money.code}`, factor: 1};
  if (is(RATE)) return {unit: 'per_second', factor: 1};
  if (is(BITS) || SCALES.some((s) => is(s.re))) return 'other';
}
