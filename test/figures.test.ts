import {mkdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {launchChromium} from './support/browser';
import {
  deployAnswer,
  startFakeOpenAI,
  type FakeOpenAI,
} from './support/openaiServer';
import {
  addLocales,
  buildSite,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
} from './support/site';
import {serveStatic} from './support/staticServer';

/** A design whose sections give a latency, a load and a user count, with a table and a code block. */
const SECTIONS = {
  '1-problem.md': `# 1. Постановка задачи

Сервис рекомендаций отвечает с задержкой p99 ≤ 200 мс при нагрузке 300 RPS.

| Метрика | Цель |
| --- | --- |
| Доля кликов | растёт |
`,
  '3-data.md': `# 3. Данные

## Объём

В базе 1,5 млн пользователей.

\`\`\`sql
SELECT count(*) FROM users LIMIT 5000000;
\`\`\`
`,
  '4-architecture.md': `# 4. Архитектура и модели

Градиентный бустинг поверх эмбеддингов.
`,
};

/** Repeats two of the design's figures, leaves out its latency, and states a latency of its own. */
const ANSWER = `## 1. Инфраструктура

Сервис держит 300 запросов в секунду на двух репликах.

## 2. Мониторинг

Алерт, если p99 выше 50 мс; база на 1,5 млн пользователей.
`;

interface Item {
  text: string;
  value: number;
  unit: string;
  role?: string;
  heading?: string | null;
  line?: number;
  answerHeading?: string | null;
}
interface Figures {
  used: Item[];
  leftOut: Item[];
  introduced: Item[];
}

describe.sequential("the answer against the design's own figures", () => {
  let site: string;
  let server: FakeOpenAI;

  const status = async () => {
    const result = await docusaurus(['mlsd', 'status', '--json'], {
      cwd: site,
      env: cleanEnv(),
    });
    expect(result.code, result.output).toBe(0);
    const designs = (
      JSON.parse(result.stdout) as {
        designs: {id: string; state: string; figures: Figures | null}[];
      }
    ).designs;
    return Object.fromEntries(designs.map((design) => [design.id, design]));
  };
  const texts = (items: Item[]) => items.map((item) => item.text);

  beforeAll(async () => {
    site = await copyFixtureSite('site');
    await addLocales(site);
    await mkdir(join(site, 'docs', 'sla'), {recursive: true});
    for (const [file, text] of Object.entries(SECTIONS))
      await writeFile(join(site, 'docs', 'sla', file), text);
    server = await startFakeOpenAI();
    server.respond = (request) => ({
      content: request.body.messages[0]!.content.includes('p99 ≤ 200 мс')
        ? ANSWER
        : deployAnswer(request),
    });
    const built = await buildSite(
      site,
      cleanEnv({
        OPENAI_API_KEY: 'fixture-key',
        OPENAI_BASE_URL: server.baseURL,
      }),
    );
    expect(built.code, built.output).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await server?.close();
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('status --json lists 2 used, 1 left out and 1 introduced, each where it stands', async () => {
    const {sla, gamma} = await status();
    expect(sla!.state).toBe('fresh');
    expect(sla!.figures).toEqual({
      used: [
        {
          text: '300 RPS',
          value: 300,
          unit: 'per_second',
          role: 'problem',
          heading: null,
          line: 1,
          answerHeading: '1. Инфраструктура',
        },
        {
          text: '1,5 млн пользователей',
          value: 1_500_000,
          unit: 'count',
          role: 'data',
          heading: 'Объём',
          line: 3,
          answerHeading: '2. Мониторинг',
        },
      ],
      leftOut: [
        {
          text: '≤ 200 мс',
          value: 200,
          unit: 'ms',
          role: 'problem',
          heading: null,
          line: 1,
        },
      ],
      introduced: [
        {text: '50 мс', value: 50, unit: 'ms', answerHeading: '2. Мониторинг'},
      ],
    });
    // No answer, no figures: gamma lacks a section.
    expect(gamma!.figures).toBeNull();

    const text = await docusaurus(['mlsd', 'status'], {
      cwd: site,
      env: cleanEnv(),
    });
    expect(text.stdout).toContain(
      'figures: uses 2 of 3 figures from the design · 1 left out (≤ 200 мс) · 1 introduced (50 мс)',
    );
  });

  it('shows the line and the three lists on the page, in both locales, dark and at 390 px', async () => {
    const {context, close} = await launchChromium();
    const http = await serveStatic(join(site, 'build'));
    try {
      const tab = await context.newPage();
      const pages = {
        ru: {
          path: '/sla/deploy',
          line: 'Числа дизайна в ответе: 2 из 3 · пропущено: 1 · новых: 1',
          leftOut: 'Постановка задачи, строка 1',
        },
        en: {
          path: '/en/sla/deploy',
          line: 'Uses 2 of 3 figures from the design · 1 left out · 1 introduced',
          leftOut: 'Постановка задачи, line 1',
        },
      };
      for (const [locale, expected] of Object.entries(pages)) {
        await tab.setViewportSize({width: 1400, height: 900});
        await tab.goto(`${http.url}${expected.path}`, {
          waitUntil: 'networkidle',
        });
        const figures = tab.locator('[data-mlsd="figures"]');
        await expect(
          figures.locator('summary').innerText(),
          locale,
        ).resolves.toBe(expected.line);
        await figures.locator('summary').click();
        const list = (kind: string) =>
          figures.locator(`[data-mlsd-figures="${kind}"] li`).allInnerTexts();
        const [used, leftOut, introduced] = await Promise.all([
          list('used'),
          list('leftOut'),
          list('introduced'),
        ]);
        expect(used.map((item) => item.split(' ')[0])).toEqual(['300', '1,5']);
        expect(leftOut).toHaveLength(1);
        expect(leftOut[0]).toContain('≤ 200 мс');
        expect(leftOut[0]).toContain(expected.leftOut);
        expect(introduced).toHaveLength(1);
        expect(introduced[0]).toContain('50 мс');
        expect(introduced[0]).toContain('2. Мониторинг');

        // Dark mode: the lists' text stays light on the dark page.
        await tab.evaluate(() =>
          document.documentElement.setAttribute('data-theme', 'dark'),
        );
        const lightness = await figures
          .locator('li')
          .first()
          .evaluate((item) => {
            const [r, g, b] = getComputedStyle(item)
              .color.match(/\d+/g)!
              .map(Number);
            return (r! + g! + b!) / 3;
          });
        expect(lightness, locale).toBeGreaterThan(150);

        // A phone: the box and its lists fit the screen, nothing scrolls sideways.
        await tab.setViewportSize({width: 390, height: 844});
        const box = (await figures.boundingBox())!;
        expect(box.x + box.width, locale).toBeLessThanOrEqual(390);
        await expect(
          tab.evaluate(() => document.documentElement.scrollWidth),
        ).resolves.toBeLessThanOrEqual(390);
      }
    } finally {
      await http.close();
      await close();
    }
  }, 120_000);

  it('a stale page compares its last answer with the sections as they are now', async () => {
    await writeFile(
      join(site, 'docs', 'sla', '3-data.md'),
      SECTIONS['3-data.md'].replace('1,5 млн', '2 млн'),
    );
    const {sla} = await status();
    expect(sla!.state).toBe('stale');
    expect(texts(sla!.figures!.used)).toEqual(['300 RPS']);
    expect(texts(sla!.figures!.leftOut)).toEqual([
      '≤ 200 мс',
      '2 млн пользователей',
    ]);
    expect(texts(sla!.figures!.introduced)).toEqual([
      '50 мс',
      '1,5 млн пользователей',
    ]);
  });
});
