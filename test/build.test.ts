import {readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {launchChromium} from './support/browser';
import {startFakeOpenAI, type FakeOpenAI} from './support/openaiServer';
import {
  buildSite,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
  listFiles,
  read,
} from './support/site';
import {serveStatic} from './support/staticServer';

const API_KEY = 'fixture-secret-key-7d1f93';
const BUILD_TIMEOUT = 240_000;

/** The designs of the fixture that can be generated (gamma lacks its architecture section). */
const COMPLETE_DESIGNS = ['alpha', 'beta'];

describe.sequential('docusaurus build of a handbook with the plugin', () => {
  let site: string;
  let server: FakeOpenAI;
  const withKey = () =>
    cleanEnv({OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL});
  const page = (design: string) =>
    read(join(site, 'build', design, 'deploy', 'index.html'));
  const cacheFiles = async () =>
    (await listFiles(join(site, 'mlsd-cache'), '.md').catch(
      () => [],
    )) as string[];
  const designOf = (index: number) =>
    /### 1\. ([^\n]+)/.exec(
      server.requests[index]!.body.messages[0]!.content,
    )?.[1];

  beforeAll(async () => {
    site = await copyFixtureSite('site');
    server = await startFakeOpenAI();
  });

  afterAll(async () => {
    await server?.close();
    if (site) await rm(site, {recursive: true, force: true});
  });

  it(
    'builds without an API key: every design gets its page with the prompt and a "not generated" state',
    async () => {
      const result = await buildSite(
        site,
        cleanEnv({OPENAI_BASE_URL: server.baseURL}),
      );
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(0);
      expect(result.output).toMatch(
        /3 designs: 0 from cache, 0 pinned, 0 generated, 0 stale, 0 failed, 1 incomplete, 2 not generated; 0 requests, 0 tokens in, 0 out/,
      );

      const alpha = await page('alpha');
      expect(alpha).toContain('data-mlsd-state="missing"');
      expect(alpha).toContain('Set OPENAI_API_KEY');
      expect(alpha).toContain('Рекомендовать товары в ленте');
      // Its description, in the docs folder's locale (English here), as the page's meta.
      expect(alpha).toMatch(
        /name="description" content="Deploy section of [^"]+, drafted from its sections &quot;1\. [^"]+&quot;, &quot;3\. [^"]+&quot;, &quot;4\. [^"]+&quot;\."/,
      );
      const gamma = await page('gamma');
      expect(gamma).toContain('data-mlsd-state="incomplete"');
      // The missing section, named in the site's language (English here).
      expect(gamma).toContain('no section “4. Architecture and models”');
      // Ordinary pages never become designs.
      await expect(
        readFile(join(site, 'build', 'deploy', 'index.html')),
      ).rejects.toThrow();
      expect(await listFiles(join(site, 'docs'), 'deploy.mdx')).toEqual([
        'alpha/6-deploy.mdx',
        'beta/6-deploy.mdx',
        'gamma/6-deploy.mdx',
      ]);
    },
    BUILD_TIMEOUT,
  );

  it(
    'with a key asks once per design, caches each answer and shows prompt and answer side by side',
    async () => {
      const result = await buildSite(site, withKey());
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(COMPLETE_DESIGNS.length);
      for (const request of server.requests) {
        expect(request.authorization).toBe(`Bearer ${API_KEY}`);
        expect(request.body.model).toBe('fixture-model');
        expect(request.body.messages).toHaveLength(1);
      }
      expect(result.output).toMatch(
        /3 designs: 0 from cache, 0 pinned, 2 generated, 0 stale, 0 failed, 1 incomplete, 0 not generated; 2 requests, 2001 tokens in, 1000 out/,
      );
      const entries = await cacheFiles();
      expect(entries).toHaveLength(2);

      // The key is in no log, cache file or page.
      expect(result.output).not.toContain(API_KEY);
      for (const entry of entries)
        expect(await read(join(site, 'mlsd-cache', entry))).not.toContain(
          API_KEY,
        );
      for (const design of ['alpha', 'beta', 'gamma'])
        expect(await page(design)).not.toContain(API_KEY);

      const alpha = await page('alpha');
      expect(alpha).toContain('data-mlsd-state="fresh"');
      expect(alpha).toContain('Answer for Постановка задачи');
      expect(alpha).toContain('fixture-model');

      const {context, close} = await launchChromium();
      const http = await serveStatic(join(site, 'build'));
      try {
        const tab = await context.newPage();
        await tab.setViewportSize({width: 1400, height: 900});
        await tab.goto(`${http.url}/alpha/deploy`, {waitUntil: 'networkidle'});

        // The prompt on the page is the prompt that was sent, to the character.
        const sent = server.requests.find(
          (_, index) => designOf(index) === 'Постановка задачи',
        )!.body.messages[0]!.content;
        // Part by part: each part is a piece of it, and together they are all of it.
        const parts = await tab
          .locator('[data-mlsd="prompt-part"] pre')
          .allTextContents();
        expect(parts.length).toBe(5);
        for (const part of parts) expect(sent).toContain(part);
        expect(parts.join('').replace(/\s+/g, '')).toBe(
          sent.replace(/\s+/g, ''),
        );
        await expect(
          tab.locator('[data-mlsd="copy-prompt"]').count(),
        ).resolves.toBe(1);

        // Side by side on a wide screen...
        const promptBox = (await tab
          .locator('[data-mlsd="prompt"]')
          .boundingBox())!;
        const answerBox = (await tab
          .locator('[data-mlsd="answer"]')
          .boundingBox())!;
        expect(answerBox.x).toBeGreaterThanOrEqual(
          promptBox.x + promptBox.width,
        );
        expect(Math.abs(answerBox.y - promptBox.y)).toBeLessThan(5);

        // ...real Markdown: headings with their anchors (the page leaves its width to the two
        // columns, with no table of contents beside them), a table, a code block...
        await expect(tab.locator('.table-of-contents').count()).resolves.toBe(
          0,
        );
        const headings = await tab
          .locator('[data-mlsd="answer"] h2[id]')
          .allInnerTexts();
        expect(headings.map((text) => text.replace(/\u200b/g, ''))).toEqual(
          expect.arrayContaining([
            '1. Инфраструктура',
            '2. Архитектура и инструменты',
          ]),
        );
        await expect(
          tab.locator('[data-mlsd="answer"] table').count(),
        ).resolves.toBe(1);
        await expect(
          tab.locator('[data-mlsd="answer"] pre code').count(),
        ).resolves.toBeGreaterThanOrEqual(2);
        await expect(
          tab.locator('[data-mlsd="answer"] h1').count(),
        ).resolves.toBe(0);

        // ...and nothing the model wrote runs or links where it should not.
        expect(
          await tab.evaluate(
            () => (window as unknown as {__mlsdPwned?: boolean}).__mlsdPwned,
          ),
        ).toBeUndefined();
        await expect(
          tab.locator('[data-mlsd="answer"] script').count(),
        ).resolves.toBe(0);
        const answerText = await tab
          .locator('[data-mlsd="answer"]')
          .innerText();
        expect(answerText).toContain(
          '<script>window.__mlsdPwned = true</script>',
        );
        expect(answerText).toContain("import os from 'os'");
        expect(answerText).toContain('{budget}');
        const hrefs = await tab
          .locator('[data-mlsd="answer"] a')
          .evaluateAll((links) =>
            links.map((link) => link.getAttribute('href')),
          );
        expect(hrefs).toContain('https://mlflow.org');
        expect(hrefs.filter((href) => !/^https?:/.test(href ?? ''))).toEqual(
          hrefs.filter((href) => href?.startsWith('#')),
        );

        // One above the other on a narrow screen.
        await tab.setViewportSize({width: 390, height: 844});
        const narrowPrompt = (await tab
          .locator('[data-mlsd="prompt"]')
          .boundingBox())!;
        const narrowAnswer = (await tab
          .locator('[data-mlsd="answer"]')
          .boundingBox())!;
        expect(narrowAnswer.y).toBeGreaterThanOrEqual(
          narrowPrompt.y + narrowPrompt.height,
        );
      } finally {
        await http.close();
        await close();
      }
    },
    BUILD_TIMEOUT,
  );

  it(
    'a second build with nothing changed asks nothing',
    async () => {
      server.reset();
      const result = await buildSite(site, withKey());
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(0);
      expect(result.output).toMatch(
        /3 designs: 2 from cache, 0 pinned, 0 generated, 0 stale, 0 failed, 1 incomplete, 0 not generated; 0 requests/,
      );
    },
    BUILD_TIMEOUT,
  );

  it(
    'changing one section asks exactly once, for that design',
    async () => {
      server.reset();
      const file = join(site, 'docs', 'beta', '3-data.md');
      await writeFile(
        file,
        `${await read(file)}\nAlso 3k chat transcripts a day.\n`,
      );
      const result = await buildSite(site, withKey());
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.body.messages[0]!.content).toContain(
        'Also 3k chat transcripts a day.',
      );
      expect(result.output).toMatch(
        /3 designs: 1 from cache, 0 pinned, 1 generated, 0 stale, 0 failed, 1 incomplete, 0 not generated; 1 request,/,
      );
      expect(await cacheFiles()).toHaveLength(3);
    },
    BUILD_TIMEOUT,
  );

  it(
    'frozen mode fails before building, naming the design whose answer is missing',
    async () => {
      server.reset();
      const file = join(site, 'docs', 'alpha', '4-architecture.md');
      await writeFile(
        file,
        `${await read(file)}\nA new fallback: popular items.\n`,
      );
      const result = await buildSite(
        site,
        cleanEnv({
          MLSD_MODE: 'frozen',
          OPENAI_API_KEY: API_KEY,
          OPENAI_BASE_URL: server.baseURL,
        }),
      );
      expect(result.code).not.toBe(0);
      expect(server.requests).toHaveLength(0);
      expect(result.output).toContain('MLSD_MODE=frozen');
      expect(result.output).toMatch(
        /- alpha \(stale: "4\. Архитектура и модели" changed\)/,
      );
      expect(result.output).not.toMatch(/- beta /);
      expect(result.output).not.toContain(API_KEY);
    },
    BUILD_TIMEOUT,
  );

  it(
    'a refused key fails the build at the first request, says what to check, and never prints the key, even with every debug log on',
    async () => {
      server.reset();
      server.respond = () => ({
        status: 401,
        body: {error: {message: `Incorrect API key provided: ${API_KEY}`}},
      });
      const result = await buildSite(
        site,
        cleanEnv({
          OPENAI_API_KEY: API_KEY,
          OPENAI_BASE_URL: server.baseURL,
          DEBUG: '*',
          OPENAI_LOG: 'debug',
        }),
      );
      expect(result.code).not.toBe(0);
      expect(server.requests).toHaveLength(1);
      expect(result.output).toContain('The model server refused the run');
      expect(result.output).toContain('check OPENAI_API_KEY');
      expect(result.output).toContain(`base URL: ${server.baseURL}`);
      expect(result.output).not.toContain(API_KEY);
      expect(result.output).not.toMatch(/Bearer/i);
    },
    BUILD_TIMEOUT,
  );

  it('status --json reports each design with its sections and state, and prints nothing else', async () => {
    const result = await docusaurus(['mlsd', 'status', '--json'], {
      cwd: site,
      env: cleanEnv(),
    });
    expect(result.code, result.output).toBe(0);
    const status = JSON.parse(result.stdout) as {
      designs: {id: string; state: string; sections: Record<string, unknown>}[];
    };
    // alpha's last request was refused (the test before): status says so, and why.
    expect(status.designs.map((design) => [design.id, design.state])).toEqual([
      ['alpha', 'failed'],
      ['beta', 'fresh'],
      ['gamma', 'incomplete'],
    ]);
    expect((status.designs[0] as unknown as {reason: string}).reason).toMatch(
      /the last request failed: HTTP 401/,
    );
    expect(status.designs[2]!.sections.architecture).toBeNull();
    expect(status.designs[1]!.sections.architecture).toMatchObject({
      file: 'beta/4-architecture.mdx',
      heading: '4. Architecture and models',
    });
  }, 60_000);
});
