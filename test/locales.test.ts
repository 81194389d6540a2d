import {existsSync} from 'node:fs';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFakeOpenAI, type FakeOpenAI} from './support/openaiServer';
import {
  addDesign,
  addLocales,
  buildSite,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
  listFiles,
  type CommandResult,
} from './support/site';

/** The English translation of a docs page, where the docs plugin looks for it. */
const english = (site: string, path: string) =>
  join(site, 'i18n', 'en', 'docusaurus-plugin-content-docs', 'current', path);

/** The `href`s of a built page's source links (`[data-mlsd="part-source"] a`). */
function sourceHrefs(html: string): string[] {
  const hrefs: string[] = [];
  for (const part of html.split('data-mlsd="part-source"').slice(1)) {
    const link = /<a [^>]*href="([^"]+)"/.exec(part);
    if (link) hrefs.push(link[1]!);
  }
  return hrefs;
}

/** Whether a built site has a page at `href` (a path of the site, `#anchor` aside). */
function pageExists(build: string, href: string): boolean {
  const path = decodeURIComponent(href.split('#')[0]!).replace(/\/$/, '');
  return (
    existsSync(join(build, path, 'index.html')) ||
    existsSync(join(build, `${path}.html`))
  );
}

describe('a handbook in two locales, with some section pages translated', () => {
  let site: string;
  let built: CommandResult;

  beforeAll(async () => {
    site = await copyFixtureSite('site');
    await addLocales(site);
    // One section translated; every section; a page of the design's folder that is no section.
    for (const id of ['one', 'every', 'folder']) await addDesign(site, id);
    await writeFile(
      join(site, 'docs', 'folder', '2-metrics.md'),
      '# 2. Метрики\n\nfolder: метрики.\n',
    );
    const translations: Record<string, string> = {
      'one/1-problem.md': '# 1. Problem\n\none: the problem.\n',
      'every/1-problem.md': '# 1. Problem\n\nevery: the problem.\n',
      'every/3-data.md': '# 3. Data\n\nevery: the data.\n',
      'every/4-architecture.md': '# 4. Models\n\nevery: the models.\n',
      'folder/2-metrics.md': '# 2. Metrics\n\nfolder: the metrics.\n',
    };
    for (const [path, text] of Object.entries(translations)) {
      await mkdir(dirname(english(site, path)), {recursive: true});
      await writeFile(english(site, path), text);
    }
    // No model: every Deploy page says its answer is not generated yet, and links its sources.
    built = await buildSite(site, cleanEnv());
  }, 600_000);

  afterAll(async () => {
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('builds in every locale, broken links and broken Markdown links failing the build', () => {
    expect(built.code, built.output).toBe(0);
  });

  it('links every source of every Deploy page to a page that exists in that locale', async () => {
    const builds = {ru: join(site, 'build'), en: join(site, 'build', 'en')};
    for (const [locale, build] of Object.entries(builds)) {
      const pages = (await listFiles(build, 'index.html')).filter(
        (file) =>
          /(?:^|\/)deploy\/index\.html$/.test(file) &&
          (locale === 'en' || !file.startsWith('en/')),
      );
      expect(pages.length, `${locale}: ${pages.join(', ')}`).toBeGreaterThan(3);
      for (const page of pages) {
        const hrefs = sourceHrefs(await readFile(join(build, page), 'utf8'));
        expect(hrefs.length, `${locale} ${page}`).toBeGreaterThan(0);
        for (const href of hrefs) {
          expect(href.startsWith(locale === 'en' ? '/en/' : '/'), href).toBe(
            true,
          );
          const path = locale === 'en' ? href.slice('/en'.length) : href;
          expect(pageExists(build, path), `${locale} ${page} → ${href}`).toBe(
            true,
          );
        }
      }
    }
    // The English reader follows the link to the translation where there is one.
    const problem = await readFile(
      join(builds.en, 'one', 'problem', 'index.html'),
      'utf8',
    );
    expect(problem).toContain('one: the problem.');

    // A design with a section translated has its English Deploy page, made from the English
    // sections where there are some; the Deploy page's folder translated alone makes none.
    for (const id of ['one', 'every'])
      expect(existsSync(english(site, `${id}/6-deploy.mdx`)), id).toBe(true);
    expect(existsSync(english(site, 'folder/6-deploy.mdx'))).toBe(false);
    const every = await readFile(
      join(builds.en, 'every', 'deploy', 'index.html'),
      'utf8',
    );
    expect(every).toContain('every: the data.');
    expect(every).not.toContain('every: данные.');
    const one = await readFile(
      join(builds.en, 'one', 'deploy', 'index.html'),
      'utf8',
    );
    expect(one).toContain('one: данные.');
    const ruEvery = await readFile(
      join(builds.ru, 'every', 'deploy', 'index.html'),
      'utf8',
    );
    expect(ruEvery).toContain('every: данные.');
  });
});

describe('a version cut after a build', () => {
  let site: string;
  let server: FakeOpenAI;
  const versioned = () =>
    readFile(
      join(site, 'versioned_docs', 'version-1.0', 'alpha', '6-deploy.mdx'),
      'utf8',
    );

  beforeAll(async () => {
    site = await copyFixtureSite('site');
    server = await startFakeOpenAI();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('keeps the Deploy pages it was cut with, as they were, while the current ones go stale', async () => {
    const first = await buildSite(
      site,
      cleanEnv({
        OPENAI_API_KEY: 'fixture-key',
        OPENAI_BASE_URL: server.baseURL,
      }),
    );
    expect(first.code, first.output).toBe(0);
    const cut = await docusaurus(['docs:version', '1.0'], {
      cwd: site,
      env: cleanEnv(),
    });
    expect(cut.code, cut.output).toBe(0);
    const before = await versioned();
    expect(before).toContain('MlsdDeploy');

    // A section changes; the next build has no key, so the current page shows the last answer
    // as stale, and nothing in the version is asked for, rewritten or removed.
    const data = join(site, 'docs', 'alpha', '3-data.md');
    await writeFile(data, `${await readFile(data, 'utf8')}\nНовая строка.\n`);
    const requests = server.requests.length;
    const second = await buildSite(site, cleanEnv());
    expect(second.code, second.output).toBe(0);
    expect(server.requests).toHaveLength(requests);
    expect(await versioned()).toBe(before);
    const current = await readFile(
      join(site, 'build', 'next', 'alpha', 'deploy', 'index.html'),
      'utf8',
    );
    const state = (html: string) =>
      /data-mlsd-state="([a-z-]+)"/.exec(html)?.[1];
    expect(state(current)).toBe('stale');
    const old = await readFile(
      join(site, 'build', 'alpha', 'deploy', 'index.html'),
      'utf8',
    );
    expect(state(old)).toBe('fresh');
  }, 600_000);
});
