/**
 * The words of the figures: units, scales, periods and the nouns that make a number a count.
 * Each matcher is a sticky regex tried at the position right after a number (`\s?` allowed);
 * `(?![\p{L}\p{N}])` ends a word, since `\b` knows no Cyrillic.
 */

const END = '(?![\\p{L}\\p{N}])';
const sticky = (source: string) => new RegExp(source, 'uy');

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A month is a twelfth of a Julian year (30.4375 days), so that 12 months are one year. */
const YEAR = 365.25 * DAY;
const MONTH = YEAR / 12;

export interface UnitWord {
  re: RegExp;
  factor: number;
}

const word = (source: string, factor: number): UnitWord => ({
  re: sticky(`\\s?(?:${source})${END}`),
  factor,
});

/** Durations, in milliseconds. `d` only glued (`30d`); `с` is checked for the preposition. */
export const DURATIONS: UnitWord[] = [
  word('мкс|μs|µs|microseconds?', 0.001),
  word('мс|msecs?|ms|миллисекунд\\p{L}*|milliseconds?', 1),
  word('сек\\.?|секунд\\p{L}*|secs?|seconds?|с|s', SECOND),
  word('мин\\.?|минут\\p{L}*|mins?|minutes?', MINUTE),
  word('ч\\.?|час(?:а|ов|ах|ам|ами)?|hrs?|hours?|h', HOUR),
  word(
    'дн\\.?|д\\.|день|дня|дней|дням|днях|днями|сут\\.|сутки|суток|суткам|сутках|days?',
    DAY,
  ),
  {re: sticky(`d(?![\\p{L}\\p{N}-])`), factor: DAY},
  word('нед\\.?|недел[яиьюе]\\p{L}*|wks?|weeks?', WEEK),
  word('мес\\.?|месяц\\p{L}*|months?', MONTH),
  word('год|года|годам|годах|лет|years?|yrs?', YEAR),
];

/** `8-second answer`, `90-дневной задержки`: a duration as the first half of a compound. */
export const DURATION_ADJECTIVES: UnitWord[] = [
  word('-(?:millisecond|ms)', 1),
  word('-(?:second|sec)|-секундн\\p{L}*', SECOND),
  word('-(?:minute|min)|-минутн\\p{L}*', MINUTE),
  word('-hour|-часов\\p{L}+', HOUR),
  word('-day|-дневн\\p{L}*|-суточн\\p{L}*', DAY),
  word('-week|-недельн\\p{L}*', WEEK),
  word('-month|-месячн\\p{L}*', MONTH),
  word('-year|-летн\\p{L}*|-годичн\\p{L}*', YEAR),
];

/** A year written before `год`/`г.` is a date (`2024 г.`, `в 2024 году`), not a duration. */
export const YEAR_WORD = sticky(`\\s?(?:г\\.|г|год|года|году|годом)${END}`);

/** Sizes, in bytes: decimal prefixes (1 GB = 10⁹ B), binary ones with `i` (1 GiB = 2³⁰ B). */
export const SIZE = sticky(
  `\\s?(?:([KkMGTP])(i)?B|([KkMGTP])bytes?|([кКмМгГтТпП])[Бб]|([кКмМгГтТпП])байт\\p{L}*|(kilo|mega|giga|tera|peta)bytes?|(кило|мега|гига|тера|пета)байт\\p{L}*)${END}`,
);
const SIZE_POWER: Record<string, number> = {
  k: 1,
  к: 1,
  m: 2,
  м: 2,
  g: 3,
  г: 3,
  t: 4,
  т: 4,
  p: 5,
  п: 5,
  kilo: 1,
  кило: 1,
  mega: 2,
  мега: 2,
  giga: 3,
  гига: 3,
  tera: 4,
  тера: 4,
  peta: 5,
  пета: 5,
};
export function sizeFactor(match: RegExpExecArray): number {
  const prefix = (match[1] ??
    match[3] ??
    match[4] ??
    match[5] ??
    match[6] ??
    match[7])!;
  const power = SIZE_POWER[prefix.toLowerCase()]!;
  return (match[2] ? 1024 : 1000) ** power;
}

/** Bandwidths and bits: no unit of ours, and their `M`/`G` is no scale. */
export const BITS = sticky(
  `\\s?(?:[KkMGT]?(?:bits?|bps)|[KMGT]b(?:\\/s)?|[кКмМгГтТ]?бит\\p{L}*(?:\\/с)?)${END}`,
);

export const PERCENT = sticky(`\\s?(?:%|процент\\p{L}*|percent|per cent)`);

/** Scales of a count or an amount: `1,5 млн`, `5k`, `4.1 M rows`, `8B`. */
export const SCALES: UnitWord[] = [
  word('тыс\\.?|тысяч\\p{L}*|thousands?|[kK]', 1e3),
  word('млн\\.?|миллион\\p{L}*|mln|mn|millions?|M', 1e6),
  word('млрд\\.?|миллиард\\p{L}*|bn|billions?|B', 1e9),
  word('трлн\\.?|триллион\\p{L}*|trillions?', 1e12),
];

/** Currencies written after the amount, to ISO codes. */
export const MONEY_AFTER: {re: RegExp; code: string}[] = [
  {
    re: sticky(
      `\\s?(?:руб\\.|руб${END}|рубл\\p{L}*|₽|RUB${END}|r?oubles?${END}|rubles?${END})`,
    ),
    code: 'RUB',
  },
  {
    re: sticky(`\\s?(?:\\$|USD${END}|долл\\.|доллар\\p{L}*|dollars?${END})`),
    code: 'USD',
  },
  {re: sticky(`\\s?(?:€|EUR${END}|евро${END}|euros?${END})`), code: 'EUR'},
  {re: sticky(`\\s?(?:£|GBP${END})`), code: 'GBP'},
  {re: sticky(`\\s?(?:CNY${END}|юан\\p{L}*|yuan${END})`), code: 'CNY'},
];
/** Currency signs written before the amount (`$6.80`, `€ 1,5 млн`). */
export const MONEY_BEFORE: Record<string, string> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '₽': 'RUB',
};

const PER_SECOND = 1;
const PERIOD_WORDS: [string, number][] = [
  ['секунду|сек\\.?|с|seconds?|secs?|s', PER_SECOND],
  ['минуту|мин\\.?|minutes?|mins?', 60],
  ['час|ч\\.?|hours?|hrs?|h', 3600],
  ['сутки|день|дн\\.?|days?|d', 86400],
  ['неделю|нед\\.?|weeks?|wk', 7 * 86400],
  ['месяц|мес\\.?|months?', MONTH / 1000],
  ['год|year|yr', YEAR / 1000],
];
const PERIOD_ADVERBS: [string, number][] = [
  ['ежечасно|hourly', 3600],
  ['ежедневно|ежесуточно|daily', 86400],
  ['еженедельно|weekly', 7 * 86400],
  ['ежемесячно|monthly', MONTH / 1000],
  ['ежегодно|annually|yearly', YEAR / 1000],
];

/** `в сутки`, `per day`, `a day`, `/сек`, `daily`, `RPS`: the seconds of one period. */
export const PERIODS: {re: RegExp; seconds: number}[] = [
  {
    re: sticky(`\\s?(?:RPS|QPS|TPS|EPS|rps|qps|tps)${END}`),
    seconds: PER_SECOND,
  },
  ...PERIOD_WORDS.map(([words, seconds]) => ({
    re: sticky(
      `(?:\\s?\\/\\s?|\\s+(?:в|за|per|a|an|each|every)\\s+)(?:${words})${END}`,
    ),
    seconds,
  })),
  ...PERIOD_ADVERBS.map(([words, seconds]) => ({
    re: sticky(`\\s+(?:${words})${END}`),
    seconds,
  })),
];

/** Words before `/s` that make it a speed or a bandwidth, not a rate of things. */
export const PHYSICAL = /^(?:м|км|мм|см|m|km|mm|cm|бит|bits?|b|Б|B)$/u;

/** A word between a number and its noun or period (`4.1 million card payments a day`). */
export const WORD = sticky(`\\s([\\p{L}][\\p{L}\\p{M}²³'’-]*)`);

/** Words that cannot stand between a number and what it counts. */
export const STOP_WORDS = new Set(
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

/**
 * Nouns that make a number a count (`10 000 пользователей`, `140 features`): the things a system
 * serves or stores. Staff, machines and replicas are not among them: a design's `60 узлов` and an
 * answer's `2 replicas` are no figures.
 */
export const COUNT_NOUN = new RegExp(
  '^(?:' +
    [
      'пользовател',
      'абонент',
      'клиент',
      'покупател',
      'продавц',
      'посетител',
      'сесси',
      'запрос',
      'событи',
      'запис',
      'строк',
      'документ',
      'товар',
      'заказ',
      'транзакци',
      'платеж',
      'платёж',
      'обращени',
      'тикет',
      'сообщени',
      'изображени',
      'фотографи',
      'эмбеддинг',
      'вектор',
      'токен',
      'объект',
      'семпл',
      'сэмпл',
      'кандидат',
      'карточк',
      'карточек',
      'страниц',
      'просмотр',
      'клик',
      'звонк',
      'признак',
      'параметр',
      'аккаунт',
      'устройств',
      'вопрос',
      'чанк',
      'фрагмент',
      'отзыв',
    ]
      .map((stem) => `${stem}\\p{L}{0,3}`)
      .join('|') +
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
export const COUNT_ADJECTIVE = sticky(
  `-(?:token|row|item|user|document|page|query|request|event|record|sample|example)${END}`,
);

/** Any unit or scale word, to refuse it as a word between a number and its noun or period. */
export function isUnitWord(text: string): boolean {
  const probe = ` ${text}`;
  return UNIT_WORDS.some((re) => {
    re.lastIndex = 0;
    const m = re.exec(probe);
    return m !== null && m[0].length === probe.length;
  });
}
const UNIT_WORDS: RegExp[] = [
  ...DURATIONS.map((d) => d.re),
  ...SCALES.map((s) => s.re),
  ...MONEY_AFTER.map((m) => m.re),
  SIZE,
  BITS,
  PERCENT,
];

/** The regex `re` (sticky) matched at `pos` in `text`, or null. */
export function at(
  re: RegExp,
  text: string,
  pos: number,
): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}
