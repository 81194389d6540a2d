import {existsSync} from 'node:fs';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {launchChromium} from './support/browser';
import {
  sleep,
  startDevServer,
  until,
  type DevServer,
} from './support/devServer';
import {
  startFakeOpenAI,
  type FakeOpenAI,
  type RecordedRequest,
} from './support/openaiServer';
import {
  addLocales,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
  type CommandResult,
} from './support/site';
import {pageProps} from './support/pages';
import {serveStatic} from './support/staticServer';

/** The English translation of a docs page, where the docs plugin looks for it. */
const english = (site: string, path: string) =>
  join(site, 'i18n', 'en', 'docusaurus-plugin-content-docs', 'current', path);

/** The fixture's design `alpha`, every section translated into English. */
const ALPHA_EN: Record<string, string> = {
  'alpha/1-problem.md':
    '# 1. Problem statement\n\nRecommend products in the feed, p99 under 120 ms.\n',
  'alpha/3-data.md':
    '# 3. Data\n\nClicks, two billion a day, and a catalogue of 80 million SKUs.\n',
  'alpha/4-architecture.md':
    '# 4. Architecture and models\n\nA two-tower model for candidates, DCN-v2 to rank them.\n',
};

/** A line of the built-in English prompt, and of the Russian one. */
const EN_TEMPLATE = 'You are a Senior MLOps Engineer';
const RU_TEMPLATE = 'Ты — Senior MLOps Engineer';

/** A two-locale fixture site (ru by default, en) with `alpha` translated and `beta` not. */
async function translatedSite(): Promise<string> {
  const site = await copyFixtureSite('site');
  await addLocales(site);
  for (const [path, text] of Object.entries(ALPHA_EN)) {
    await mkdir(dirname(english(site, path)), {recursive: true});
    await writeFile(english(site, path), text);
  }
  return site;
}

const prompt = (request: RecordedRequest) =>
  request.body.messages.map((message) => message.content).join('\n');
const isEnglish = (request: RecordedRequest) =>
  prompt(request).includes(EN_TEMPLATE);

const withKey = (server: FakeOpenAI, extra: Record<string, string> = {}) =>
  cleanEnv({
    OPENAI_API_KEY: 'fixture-key',
    OPENAI_BASE_URL: server.baseURL,
    ...extra,
  });

describe('a translated design gets its own Deploy page in its locale', () => {
  let site: string;
  let server: FakeOpenAI;
  let built: CommandResult;
  const mlsd = (args: string[], env = cleanEnv()) =>
    docusaurus(['mlsd', ...args], {cwd: site, env});
  const statusOf = async (args: string[] = []) => {
    const result = await mlsd(['status', '--json', ...args]);
    expect(result.code, result.output).toBe(0);
    return (
      JSON.parse(result.stdout) as {
        designs: {id: string; locale: string; state: string; key: string}[];
      }
    ).designs;
  };

  beforeAll(async () => {
    site = await translatedSite();
    server = await startFakeOpenAI();
    built = await docusaurus(['build'], {cwd: site, env: withKey(server)});
  }, 600_000);

  afterAll(async () => {
    await server?.close();
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('asks once for each locale’s design, the English one with the English prompt and sections', () => {
    expect(built.code, built.output).toBe(0);
    // alpha and beta in Russian (gamma is incomplete), alpha in English.
    expect(server.requests).toHaveLength(3);
    const englishRequests = server.requests.filter(isEnglish);
    expect(englishRequests).toHaveLength(1);
    const sent = prompt(englishRequests[0]!);
    expect(sent).toContain('Recommend products in the feed');
    expect(sent).toContain('a catalogue of 80 million SKUs');
    expect(sent).toContain('DCN-v2 to rank them');
    expect(sent).not.toContain('Рекомендовать товары');
    for (const request of server.requests.filter((r) => !isEnglish(r)))
      expect(prompt(request)).toContain(RU_TEMPLATE);
  });

  it('writes the English page into the English docs folder, and only for the translated design', async () => {
    const page = await readFile(english(site, 'alpha/6-deploy.mdx'), 'utf8');
    expect(page).toContain('@generated');
    expect(existsSync(english(site, 'beta/6-deploy.mdx'))).toBe(false);
    const russian = await readFile(
      join(site, 'docs', 'alpha', '6-deploy.mdx'),
      'utf8',
    );
    expect(russian).toContain('Рекомендовать товары');
    expect(russian).not.toContain('Recommend products in the feed');
    // The commands the English page names are the English design's.
    expect(page).toMatch(/review --design alpha --by \S+ --locale en/);
    expect(russian).not.toContain('--locale');
  });

  it('shows each locale’s reader the page of their locale, in Chromium', async () => {
    const {context, close} = await launchChromium();
    const http = await serveStatic(join(site, 'build'));
    try {
      const tab = await context.newPage();
      const open = async (path: string) => {
        await tab.goto(`${http.url}${path}`, {waitUntil: 'networkidle'});
        return {
          // Its text whole: a long instruction part is shown folded.
          prompt: await tab.locator('[data-mlsd="prompt"]').textContent(),
          answer: await tab.locator('[data-mlsd="answer"]').innerText(),
          state: await tab
            .locator('[data-mlsd-state]')
            .first()
            .getAttribute('data-mlsd-state'),
        };
      };
      const enAlpha = await open('/en/alpha/deploy');
      expect(enAlpha.state).toBe('fresh');
      expect(enAlpha.prompt).toContain(EN_TEMPLATE);
      expect(enAlpha.prompt).toContain('Recommend products in the feed');
      expect(enAlpha.answer).toContain('Answer for Problem statement');
      // The untranslated design is the Russian page, in the English build too.
      const enBeta = await open('/en/beta/deploy');
      expect(enBeta.prompt).toContain(RU_TEMPLATE);
      expect(enBeta.prompt).toContain('Answer support tickets');
      expect(enBeta.state).toBe('fresh');
      // The Russian build is as it was: Russian prompts and answers.
      const ruAlpha = await open('/alpha/deploy');
      expect(ruAlpha.state).toBe('fresh');
      expect(ruAlpha.prompt).toContain(RU_TEMPLATE);
      expect(ruAlpha.prompt).toContain('Рекомендовать товары');
      expect(ruAlpha.answer).toContain('Answer for Постановка задачи');
      // The English page's sources lead to the English pages.
      await tab.goto(`${http.url}/en/alpha/deploy`, {waitUntil: 'networkidle'});
      await tab.locator('[data-mlsd="part-source"] a').first().click();
      await tab.waitForURL(/\/en\/alpha\/problem/);
      await expect(tab.locator('article').innerText()).resolves.toContain(
        'Recommend products in the feed',
      );
    } finally {
      await http.close();
      await close();
    }
  }, 120_000);

  it('status, prompt, generate, review and prune take --locale', async () => {
    // status: every locale, each row named by its locale; or one locale.
    const all = await statusOf();
    expect(all.map(({id, locale}) => `${locale}:${id}`).sort()).toEqual([
      'en:alpha',
      'ru:alpha',
      'ru:beta',
      'ru:gamma',
    ]);
    const en = await statusOf(['--locale', 'en']);
    expect(en.map(({id, locale, state}) => [id, locale, state])).toEqual([
      ['alpha', 'en', 'fresh'],
    ]);
    const text = await mlsd(['status']);
    expect(text.stdout).toMatch(/^alpha {2}en {2}fresh /m);
    expect(text.stdout).toMatch(/^beta {2}ru {2}fresh /m);
    const wrong = await mlsd(['status', '--locale', 'fr']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toContain('No locale `fr`');

    // prompt: the locale's own prompt.
    const enPrompt = await mlsd([
      'prompt',
      '--design',
      'alpha',
      '--locale',
      'en',
    ]);
    expect(enPrompt.code, enPrompt.output).toBe(0);
    expect(enPrompt.stdout).toContain(EN_TEMPLATE);
    expect(enPrompt.stdout).toContain('Recommend products in the feed');
    const ruPrompt = await mlsd([
      'prompt',
      '--design',
      'alpha',
      '--locale',
      'ru',
    ]);
    expect(ruPrompt.stdout).toContain(RU_TEMPLATE);
    expect(ruPrompt.stdout).not.toContain(EN_TEMPLATE);
    const both = await mlsd(['prompt', '--design', 'alpha']);
    expect(both.stdout).toContain('--- ru');
    expect(both.stdout).toContain('--- en');

    // generate: asks for the English design only.
    const before = server.requests.length;
    const generated = await mlsd(
      ['generate', '--design', 'alpha', '--locale', 'en', '--force'],
      withKey(server),
    );
    expect(generated.code, generated.output).toBe(0);
    expect(server.requests).toHaveLength(before + 1);
    expect(isEnglish(server.requests.at(-1)!)).toBe(true);
    // Its progress line names the design as the locale's run knows it, and counts it done.
    expect(generated.output).toMatch(
      /en: \[1\/1\] 0 in flight, [\d.]+ s alpha: generated/,
    );

    // review: records the English answer's review, not the Russian one's.
    const reviewed = await mlsd([
      'review',
      '--design',
      'alpha',
      '--locale',
      'en',
      '--by',
      'Anna Petrova',
    ]);
    expect(reviewed.code, reviewed.output).toBe(0);
    const result = await mlsd(['status', '--json']);
    const rows = (
      JSON.parse(result.stdout) as {
        designs: {id: string; locale: string; review: {state: string}}[];
      }
    ).designs.filter((row) => row.id === 'alpha');
    expect(
      Object.fromEntries(rows.map((row) => [row.locale, row.review.state])),
    ).toEqual({ru: 'draft', en: 'reviewed'});

    // prune: an answer no locale uses goes, each locale's in use stay; --locale narrows.
    const cache = join(site, 'mlsd-cache');
    const entry = async (key: string, design: string) => {
      const used = en[0]!.key;
      const text = await readFile(join(cache, `${used}.md`), 'utf8');
      await writeFile(
        join(cache, `${key}.md`),
        text.replace(used, key).replace(/^design: .*$/m, `design: ${design}`),
      );
    };
    await entry('e'.repeat(64), 'en:alpha');
    await entry('f'.repeat(64), 'alpha');
    const enPrune = await mlsd(['prune', '--locale', 'en']);
    expect(enPrune.code, enPrune.output).toBe(0);
    expect(existsSync(join(cache, `${'e'.repeat(64)}.md`))).toBe(false);
    expect(existsSync(join(cache, `${'f'.repeat(64)}.md`))).toBe(true);
    const ruPrune = await mlsd(['prune', '--locale', 'ru']);
    expect(ruPrune.code, ruPrune.output).toBe(0);
    expect(existsSync(join(cache, `${'f'.repeat(64)}.md`))).toBe(false);
    // Whatever it is asked, prune keeps every locale's answers in use.
    const answered = (await statusOf()).filter(({state}) => state === 'fresh');
    expect(answered).toHaveLength(3);
    for (const {key} of answered)
      expect(existsSync(join(cache, `${key}.md`)), key).toBe(true);
  }, 300_000);

  it('keeps a file of yours in the locale’s folder, and removes its generated page once the design is no longer translated', async () => {
    const page = english(site, 'alpha/6-deploy.mdx');
    const generated = await readFile(page, 'utf8');
    await writeFile(page, '# My own page\n');
    const refused = await mlsd(['generate', '--locale', 'en']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(
      'not written by docusaurus-plugin-mlsd-deploy',
    );
    expect(await readFile(page, 'utf8')).toBe('# My own page\n');

    await writeFile(page, generated);
    for (const path of Object.keys(ALPHA_EN)) await rm(english(site, path));
    const removed = await mlsd(['generate', '--locale', 'en']);
    expect(removed.code, removed.output).toBe(0);
    expect(existsSync(page)).toBe(false);
    expect(existsSync(join(site, 'docs', 'alpha', '6-deploy.mdx'))).toBe(true);
  }, 120_000);
});

describe('building one locale, or every locale frozen', () => {
  let site: string;
  let server: FakeOpenAI;

  beforeAll(async () => {
    site = await translatedSite();
    server = await startFakeOpenAI();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('a frozen build fails on a miss in the English locale, naming it and the design', async () => {
    // The Russian answers are cached; the English design's is not.
    const ru = await docusaurus(['build', '--locale', 'ru'], {
      cwd: site,
      env: withKey(server),
    });
    expect(ru.code, ru.output).toBe(0);
    expect(server.requests.filter(isEnglish)).toHaveLength(0);
    expect(server.requests).toHaveLength(2);
    expect(existsSync(english(site, 'alpha/6-deploy.mdx'))).toBe(false);

    const frozen = await docusaurus(['build'], {
      cwd: site,
      env: cleanEnv({MLSD_MODE: 'frozen'}),
    });
    expect(frozen.code).not.toBe(0);
    expect(frozen.output).toMatch(
      /MLSD_MODE=frozen \(locale en\): 1 design\(s\)[^\n]*\n\s*- alpha \(missing\)/,
    );
    expect(frozen.output).not.toContain('(locale ru)');
  }, 600_000);

  it('an English build asks for the English design only', async () => {
    const requests = server.requests.length;
    const en = await docusaurus(['build', '--locale', 'en'], {
      cwd: site,
      env: withKey(server),
    });
    expect(en.code, en.output).toBe(0);
    expect(server.requests).toHaveLength(requests + 1);
    expect(isEnglish(server.requests.at(-1)!)).toBe(true);
    // One locale built alone goes to its own folder, or to the build folder's root.
    const page = ['en', '.']
      .map((dir) => join(site, 'build', dir, 'alpha', 'deploy', 'index.html'))
      .find((file) => existsSync(file))!;
    const html = await readFile(page, 'utf8');
    expect(html).toContain('Answer for Problem statement');
  }, 600_000);
});

describe('docusaurus start --locale en: editing a translated design', () => {
  let site: string;
  let server: FakeOpenAI;
  let dev: DevServer | undefined;
  const englishPage = async () =>
    pageProps(await readFile(english(site, 'alpha/6-deploy.mdx'), 'utf8'));

  beforeAll(async () => {
    site = await translatedSite();
    server = await startFakeOpenAI();
    // The committed cache: every locale's designs answered before the writer starts.
    const generated = await docusaurus(['mlsd', 'generate'], {
      cwd: site,
      env: withKey(server),
    });
    expect(generated.code, generated.output).toBe(0);
    expect(server.requests).toHaveLength(3);
    server.reset();
    dev = await startDevServer(site, withKey(server), {
      args: ['--locale', 'en'],
      path: '/en/',
    });
  }, 360_000);

  afterAll(async () => {
    dev?.stop();
    await server?.close();
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('asks once, with the English prompt, when an English section is saved, and rewrites the English page only', async () => {
    // A warm start asks nothing.
    await sleep(3000);
    expect(server.requests).toHaveLength(0);
    const before = await englishPage();
    expect(before.state).toBe('fresh');
    const russian = join(site, 'docs', 'alpha', '6-deploy.mdx');
    const russianBefore = await readFile(russian, 'utf8');

    await writeFile(
      english(site, 'alpha/3-data.md'),
      `${ALPHA_EN['alpha/3-data.md']}\nAnd five million new users a month.\n`,
    );
    await until(
      'the English page answered again',
      async () => {
        const page = await englishPage();
        return page.state === 'fresh' && page.meta?.key !== before.meta?.key;
      },
      60_000,
    );
    expect(server.requests).toHaveLength(1);
    const sent = prompt(server.requests[0]!);
    expect(isEnglish(server.requests[0]!)).toBe(true);
    expect(sent).toContain('And five million new users a month.');
    const after = await englishPage();
    expect(after.prompt).toContain('And five million new users a month.');
    expect(after.answerMarkdown).toContain('Answer for Problem statement');
    // The Russian design, which the English build shows too, is left as it was.
    expect(await readFile(russian, 'utf8')).toBe(russianBefore);
    expect(dev!.output()).not.toContain('fixture-key');
  }, 120_000);
});
