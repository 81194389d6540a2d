import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {linesOutsideFences} from '../../plugin/src/core/fences';
import {
  compareFigures,
  extractFigures,
  type Figure,
  sameFigure,
} from '../../plugin/src/core/figures';

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
);
const FIGURES = join(FIXTURES, 'figures');

/** The one figure of a short text, or a failure naming what was found. */
function only(text: string): Figure {
  const found = extractFigures(text);
  expect(found, text).toHaveLength(1);
  return found[0]!;
}

const close = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('extractFigures: Russian and English forms normalize alike', () => {
  const pairs: [string, string][] = [
    ['200 мс', '0.2 s'],
    ['5k RPS', '5 000 запросов в секунду'],
    ['1,5 млн', '1.5M'],
    ['10 000 пользователей', '10,000 users'],
    ['100 ГБ', '100 GB'],
    ['86,4 млн событий в сутки', '1000 events/s'],
    ['3 600 запросов в час', '1 request per second'],
    ['2 ч', '120 min'],
    ['1,5 сек', '1500 ms'],
    ['30 дней', '30 days'],
    ['2 недели', '14 days'],
    ['12 месяцев', '1 year'],
    ['99,9 %', '99.9%'],
    ['1,5 млн руб.', '1 500 000 ₽'],
    ['100 долларов', '$100'],
    ['€ 2,5 тыс.', '2.5k EUR'],
    ['17,6 млн абонентов', '17.6 million subscribers'],
    ['2 млрд строк', '2B rows'],
    ['500 КБ', '0.5 MB'],
    ['1 ТБ', '1000 GB'],
    ['300 тыс. SKU', '300k SKUs'],
    ['50 мин', '50 minutes'],
    ['24 часа', '1 day'],
    ['2,5 тыс. запросов в минуту', '2500 requests per minute'],
    ['10 млн токенов', '10M tokens'],
    ['p95 ≤ 200 мс', 'p95 < 200 ms'],
    ['2–3 секунды', '2-3 seconds'],
    ['1 млрд рублей', '1 billion roubles'],
    ['10 ТБ в сутки', '10 TB per day'],
    ['5 лет', '5 years'],
    ['0,5%', '0.5 %'],
    ['4 млн записей в месяц', '4M records a month'],
    ['8 Гб', '8 GB'],
    ['задержка 90-дневная', 'a 90-day delay'],
    ['1,2 тыс. событий в секунду', '1.2k events/s'],
    ['15 минут', '0.25 h'],
    ['20 тыс. пользователей в день', '20k users per day'],
    ['от 2 до 3 секунд', 'from 2 to 3 seconds'],
  ];

  it.each(pairs)('%s = %s', (ru, en) => {
    const [a, b] = [only(ru), only(en)];
    expect(a.unit).toBe(b.unit);
    expect(close(a.value, b.value), `${a.value} vs ${b.value}`).toBe(true);
    expect(a.min === undefined).toBe(b.min === undefined);
    if (a.min !== undefined) expect(close(a.min, b.min!)).toBe(true);
  });

  it('has at least 30 pairs', () =>
    expect(pairs.length).toBeGreaterThanOrEqual(30));
});

describe('extractFigures: values and units', () => {
  it.each([
    ['1,5 млн', 'count', 1_500_000],
    ['17,6 млн', 'count', 17_600_000],
    ['10 000', 'count', 10_000],
    ['10,000', 'count', 10_000],
    ['5k', 'count', 5_000],
    ['≤ 200 мс', 'ms', 200],
    ['5k RPS', 'per_second', 5_000],
    ['1,9 млрд записей в сутки', 'per_second', 1.9e9 / 86_400],
    ['2.9 K a month', 'per_second', 2_900 / (30.4375 * 86_400)],
    ['99.9 %', 'percent', 99.9],
    ['SLA 99,95%', 'percent', 99.95],
    ['1,5 млн руб.', 'money:RUB', 1_500_000],
    ['520 руб.', 'money:RUB', 520],
    ['$6.80', 'money:USD', 6.8],
    ['$18k per month', 'money:USD', 18_000],
    ['2 GiB', 'bytes', 2 * 1024 ** 3],
    ['3 года', 'ms', 3 * 365.25 * 86_400_000],
  ])('%s is %s %d', (text, unit, value) => {
    const f = only(text);
    expect(f.unit).toBe(unit);
    expect(close(f.value, value)).toBe(true);
  });

  it('keeps the text as written, with its sign or comparison', () => {
    expect(only('Бюджет ≤ 200 мс на запрос.').text).toBe('≤ 200 мс');
    expect(only('cost ≤ $0.025 per turn').text).toBe('≤ $0.025');
    expect(only('около 17,6 млн абонентов').text).toBe('17,6 млн абонентов');
  });

  it('gives a range its upper end as the value and its lower end as min', () => {
    expect(only('2–3 секунды')).toMatchObject({
      unit: 'ms',
      value: 3000,
      min: 2000,
    });
    expect(only('8–10 тыс. плиток')).toMatchObject({value: 10_000, min: 8_000});
    expect(only('10-15%')).toMatchObject({unit: 'percent', value: 15, min: 10});
  });

  it('keeps the percentile a latency is stated at', () => {
    expect(only('p95 < 200 ms')).toMatchObject({
      unit: 'ms',
      value: 200,
      percentile: 95,
    });
    expect(only('событие доступно через 5 с (p95)').percentile).toBe(95);
    const [p95, p99] = extractFigures('p95 не выше 80 мс, p99 не выше 120 мс');
    expect([p95?.percentile, p99?.percentile]).toEqual([95, 99]);
    const slashes = extractFigures('Latency p50/p95/p99: 40/120/200 мс');
    expect(slashes.map((f) => [f.value, f.percentile])).toEqual([
      [40, 50],
      [120, 95],
      [200, 99],
    ]);
  });

  it('gives bare numbers listed before a unit that unit', () => {
    const weeks = extractFigures('трафик за 1, 4, 12 недель и за 2 и 4 недели');
    expect(weeks.map((f) => f.value / (7 * 86_400_000))).toEqual([
      1, 4, 12, 2, 4,
    ]);
    expect(weeks[0]!.text).toBe('1, 4, 12 недель');
  });

  it('reads a bare number in a table by the unit its column header names', () => {
    const table = [
      '| Этап | p99, мс | Доля, % |',
      '|---|---|---|',
      '| Ранжирование | 35 | 40 |',
      '| **Итого** | **1,500** | 100 |',
    ].join('\n');
    const found = extractFigures(table);
    expect(found.map((f) => [f.text, f.unit, f.value, f.percentile])).toEqual([
      ['35', 'ms', 35, 99],
      ['40', 'percent', 40, undefined],
      ['1,500', 'ms', 1500, 99],
      ['100', 'percent', 100, undefined],
    ]);
  });

  it('gives a count joined to a rate the rate’s period', () => {
    const [turns, drafts] = extractFigures(
      'roughly 400k chat turns and 170k agent-assist drafts per month',
    );
    expect(turns!.unit).toBe('per_second');
    expect(close(turns!.value, 400_000 / (30.4375 * 86_400))).toBe(true);
    expect(drafts!.unit).toBe('per_second');
  });

  it('counts lines the same with CRLF and keeps a setext heading', () => {
    const md = 'Intro\r\n=====\r\n\r\nЗадержка 200 мс\r\n';
    expect(extractFigures(md)).toMatchObject([{line: 4, heading: 'Intro'}]);
  });

  it('tracks the nearest heading and the line, 1-based', () => {
    const md = [
      'Intro 5 GB',
      '# A',
      '',
      'Latency 200 мс',
      '## B {#b}',
      '',
      '**60 ms**',
    ].join('\n');
    expect(
      extractFigures(md).map((f) => [f.line, f.heading, f.column]),
    ).toEqual([
      [1, null, 7],
      [4, 'A', 9],
      [7, 'B', 3],
    ]);
  });
});

describe('extractFigures: what is no figure', () => {
  it.each([
    ['a section number', 'Раздел 2.3 описывает данные; см. пункт 4.1.'],
    ['a numbered heading', '## 2.3 Данные'],
    ['a list number', '1. Сбор данных\n2. Разметка'],
    ['a year', 'В 2024 году запустили пилот, отчёт за 2023 г. и 2022 год.'],
    [
      'a date',
      'Дата: 12.05.2024, релиз 2024-05-12, с 1 декабря 2024 по May 12, 2025',
    ],
    ['a month and year', 'Январь 2026, декабрь 2025'],
    [
      'a version',
      'Python 3.11, PostgreSQL 16, v1.2.3, Spark 3.5.1, version 2.0',
    ],
    ['a time of day', 'Окно 01:00–06:00 по Москве, выгрузка до 07:00'],
    [
      'round the clock',
      'кластер 24/7 ради одного прогона в неделю, поддержка 24x7',
    ],
    ['a fenced code block', '```yaml\ntimeout: 200 ms\nsize: 5 GB\n```'],
    ['a tilde fence', '~~~\n200 мс\n~~~'],
    [
      'an indented code block',
      'Пример:\n\n    timeout = 200 ms\n    limit = 10 GB',
    ],
    ['inline code', 'Флаг `--timeout 200ms` и `5 GB`.'],
    [
      'a URL',
      'см. https://example.com/limits/200ms?size=5GB и www.example.org/10%',
    ],
    ['a link target', '[лимиты](https://example.com/5GB "5 GB")'],
    ['an HTML comment', '<!-- 200 ms -->\n<!--\n5 GB\n-->'],
    ['front matter', '---\ntimeout: 200 ms\n---\nТекст.'],
    [
      'names with digits',
      'p99, A100, ResNet-50, топ-5, YOLOv8, S3, K8s, 3080Ti, 4G, 3-D',
    ],
    ['resolutions', 'две камеры 8K, видео 4K'],
    ['metric cutoffs', 'recall@10, Lift@5%, Recall@350 тыс.'],
    ['dimensions', 'плитка 600×600 мм, кропы 1280x1280, на 4 × A100'],
    ['multipliers', 'в 2,2 раза выше, 4x headroom, 20 times'],
    ['bandwidths and speeds', 'канал 100 Мбит/с, 10 Gbps, конвейер 0,45 м/с'],
    ['lengths and temperatures', 'до 38 °C, трещина 0,1 мм, 3,6 м'],
    [
      'staff, machines, replicas',
      '3 реплики, 2 replicas, 60 узлов, 4 ML-инженера',
    ],
    ['bare numbers', 'Около 80, значение 0,25, коэффициент 3.5, 2024'],
    ['the preposition с', 'из них 95 с декором и 3 с запасом'],
    [
      'a table of contents',
      '- [1.5 Пользовательский сценарий](#15-пользовательский-сценарий)',
    ],
    [
      'adjectives and modifiers',
      '2 пользовательских сценария, 34 product areas, 2d-embedding',
    ],
    ['a column of years', '| Год | Итог |\n|---|---|\n| 2024 | 35 |'],
  ])('%s', (_what, text) => {
    expect(extractFigures(text)).toEqual([]);
  });
});

describe('compareFigures', () => {
  const inputs = [
    {
      role: 'problem',
      markdown:
        '## Требования\n\n- Задержка p95 ≤ 200 мс.\n- Нагрузка 5 000 RPS.\n',
    },
    {
      role: 'data',
      markdown: '# Данные\n\n## Объёмы\n\nВ базе 10 млн пользователей.\n',
    },
  ];
  const answer = [
    '## Сервис',
    '',
    'Держим 5k RPS на трёх репликах; 2 replicas в резерве, образ 3 ГБ.',
    '',
    '## Данные',
    '',
    'Фичи для 10M users в Redis.',
    '',
    '## Мониторинг',
    '',
    'Алерт, если p99 выше 50 ms.',
  ].join('\n');

  it('an answer that repeats two figures, omits one and states another latency: 2 / 1 / 1', () => {
    const {used, leftOut, introduced} = compareFigures(inputs, answer);
    expect(used).toEqual([
      {
        text: '5 000 RPS',
        value: 5000,
        unit: 'per_second',
        role: 'problem',
        heading: 'Требования',
        line: 4,
        answerHeading: 'Сервис',
      },
      {
        text: '10 млн пользователей',
        value: 1e7,
        unit: 'count',
        role: 'data',
        heading: 'Объёмы',
        line: 5,
        answerHeading: 'Данные',
      },
    ]);
    expect(leftOut).toEqual([
      {
        text: '≤ 200 мс',
        value: 200,
        unit: 'ms',
        role: 'problem',
        heading: 'Требования',
        line: 3,
      },
    ]);
    // "3 ГБ" is in a unit the design never uses; "2 replicas" is no figure at all.
    expect(introduced).toEqual([
      {text: '50 ms', value: 50, unit: 'ms', answerHeading: 'Мониторинг'},
    ]);
  });

  it('lists a quantity once, where it is first written', () => {
    const twice = [{role: 'problem', markdown: '200 мс\n\n0.2 s'}];
    const {leftOut, introduced} = compareFigures(
      twice,
      '50 ms, and again 50 мс',
    );
    expect(leftOut.map((f) => f.line)).toEqual([1]);
    expect(introduced).toHaveLength(1);
  });

  it('counts money in any currency as one kind for introduced figures', () => {
    const budget = [{role: 'problem', markdown: 'Бюджет 1,4 млн руб. в месяц'}];
    expect(
      compareFigures(budget, 'GPU for $2,000 a month').introduced,
    ).toHaveLength(1);
  });

  it('returns empty lists for an answer without figures', () => {
    expect(compareFigures(inputs, 'Разворачиваем в Kubernetes.')).toMatchObject(
      {
        used: [],
        introduced: [],
      },
    );
  });
});

describe('sameFigure', () => {
  const f = (value: number, unit: Figure['unit'] = 'ms', min?: number) => ({
    value,
    unit,
    ...(min !== undefined ? {min} : {}),
  });
  it('allows 1 % of the larger value', () => {
    expect(sameFigure(f(47.45, 'per_second'), f(47, 'per_second'))).toBe(true);
    expect(sameFigure(f(200), f(202))).toBe(true);
    expect(sameFigure(f(200), f(203))).toBe(false);
  });
  it('holds percentages to 0.01 points', () => {
    expect(sameFigure(f(99.9, 'percent'), f(99.9, 'percent'))).toBe(true);
    expect(sameFigure(f(99.9, 'percent'), f(99.95, 'percent'))).toBe(false);
  });
  it('matches a value inside a range, and never across units', () => {
    expect(sameFigure(f(3000, 'ms', 2000), f(2500))).toBe(true);
    expect(sameFigure(f(3000, 'ms', 2000), f(3500))).toBe(false);
    expect(sameFigure(f(200), f(200, 'count'))).toBe(false);
  });
});

/** The docs whose figures were listed by hand: `<name>.figures.json` beside or in real-mlsd. */
function fixtures(
  dir = FIGURES,
): {name: string; doc: string; expected: string}[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return fixtures(path);
    if (!entry.name.endsWith('.figures.json')) return [];
    const base = path.slice(0, -'.figures.json'.length);
    const doc =
      [`${base}.md`, `${base}.mdx`].find((p) => existsSync(p)) ??
      join(
        FIXTURES,
        'real-mlsd',
        `${entry.name.slice(0, -'.figures.json'.length)}.md`,
      );
    return [{name: relative(FIGURES, base), doc, expected: path}];
  });
}

interface Expected {
  text: string;
  unit: string;
  value: number;
  min?: number;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The expected figures no extracted figure accounts for, each matched to a distinct one. */
function missing(expected: Expected[], found: Figure[]): Expected[] {
  const free = [...found];
  return expected.filter((x) => {
    const k = free.findIndex(
      (f) =>
        f.unit === x.unit &&
        close(f.value, x.value) &&
        (x.min === undefined
          ? f.min === undefined
          : close(f.min ?? NaN, x.min)) &&
        (norm(f.text).includes(norm(x.text)) ||
          norm(x.text).includes(norm(f.text))),
    );
    if (k < 0) return true;
    free.splice(k, 1);
    return false;
  });
}

/** Lines a reader finds no figure on, besides code blocks: dates, the source comment. */
const NO_FIGURES: Record<string, number[]> = {
  MLSystemDesign__Vector_Search_Similar_Queries_RU: [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 132, 235, 236, 237, 238, 239, 316, 426,
    480, 485,
  ],
  'churn-batch/1-problem': [1, 2, 3, 5, 42, 45],
  'churn-batch/4-architecture': [13, 15, 16, 17, 18, 38],
  'cv-defects/3-data': [9, 14],
  'cv-defects/4-architecture': [4, 25, 44],
};

describe('extractFigures on real text: every figure a reader finds', () => {
  const all = fixtures();

  it('has the handbook designs’ input sections and a real design doc', () => {
    expect(all.length).toBeGreaterThanOrEqual(16);
  });

  it.each(all)('$name', ({name, doc, expected}) => {
    const text = readFileSync(doc, 'utf8');
    const found = extractFigures(text);
    const wanted = JSON.parse(readFileSync(expected, 'utf8')) as Expected[];
    expect(missing(wanted, found)).toEqual([]);

    const lines = text.split(/\r\n|\r|\n/);
    const outside = linesOutsideFences(lines);
    const inCode = found.filter((f) => !outside[f.line - 1]);
    expect(inCode).toEqual([]);
    const quiet = new Set(NO_FIGURES[name] ?? []);
    expect(found.filter((f) => quiet.has(f.line))).toEqual([]);
    for (const f of found) {
      expect(f.text).not.toMatch(
        /`|https?:|(?:19|20)\d\d-\d\d|\d+\.\d+\.\d+|@\d/,
      );
    }
  });
});
