import {readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {launchChromium} from './support/browser';
import {
  sleep,
  startDevServer,
  until,
  type DevServer,
} from './support/devServer';
import {startFakeOpenAI, type FakeOpenAI} from './support/openaiServer';
import {pageProps} from './support/pages';
import {
  addDesign,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
  ROOT,
} from './support/site';

const API_KEY = 'dev-secret-key-5c2e81';
const LATENCY = 3000;

/** Fetches a page of the dev server; resolves with the status and the time it took. */
async function timedGet(url: string): Promise<{status: number; ms: number}> {
  const started = Date.now();
  const response = await fetch(url);
  await response.text();
  return {status: response.status, ms: Date.now() - started};
}

/**
 * A real `docusaurus start` against the local OpenAI-compatible server with a 3 s latency: the
 * writer's saves cost one request, the dev server never waits on the model, and nothing loops.
 */
describe.sequential('docusaurus start: editing with the dev server', () => {
  let site: string;
  let server: FakeOpenAI;
  let dev: DevServer | undefined;
  let base = '';
  const output = () => dev?.output() ?? '';
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const deployPage = async (id: string) =>
    pageProps(await readFile(join(site, 'docs', id, '6-deploy.mdx'), 'utf8'));

  beforeAll(async () => {
    site = await copyFixtureSite('site');
    await addDesign(site, 'delta');
    // A template of the site's own, and a cost guard of one request per run.
    const template = await readFile(
      join(ROOT, 'plugin', 'templates', 'deploy-prompt.ru.txt'),
      'utf8',
    );
    await writeFile(join(site, 'prompt.txt'), template);
    const config = join(site, 'docusaurus.config.ts');
    await writeFile(
      config,
      (await readFile(config, 'utf8'))
        .replace(
          "{model: 'fixture-model',",
          "{model: 'fixture-model', promptTemplate: 'prompt.txt', maxGenerationsPerRun: 1,",
        )
        // The test holds a request in flight while it looks at the site: no client timeout.
        .replace('timeout: 20000', 'timeout: 600000'),
    );
    server = await startFakeOpenAI();
    // The committed cache: every design answered before the writer starts.
    const generated = await docusaurus(['mlsd', 'generate'], {
      cwd: site,
      env: cleanEnv({
        OPENAI_API_KEY: API_KEY,
        OPENAI_BASE_URL: server.baseURL,
        MLSD_MAX_GENERATIONS: '3',
      }),
    });
    expect(generated.code, generated.output).toBe(0);
    expect(server.requests).toHaveLength(3);
    server.reset();
    // At least 3 s per answer, and held until the test has looked at the site meanwhile.
    server.respond = (request) => ({
      content: `Deploy for: ${request.body.messages[0]!.content.slice(-200)}`,
      delay: LATENCY,
      hold: held,
    });

    dev = await startDevServer(
      site,
      cleanEnv({OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL}),
    );
    base = dev.base;
  }, 360_000);

  afterAll(async () => {
    release();
    dev?.stop();
    await server?.close();
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('a warm start asks nothing', async () => {
    await sleep(3000);
    expect(server.requests).toHaveLength(0);
    expect((await deployPage('beta')).state).toBe('fresh');
  });

  it('three quick saves of one section make one request, for the final text; the site answers meanwhile, the page says generating, then shows the answer', async () => {
    const file = join(site, 'docs', 'beta', '3-data.md');
    const original = await readFile(file, 'utf8');
    for (const edit of ['first', 'second', 'final']) {
      await writeFile(file, `${original}\nThe ${edit} edit of the data.\n`);
      await sleep(300);
    }
    await until('the request', () => server.requests.length > 0, 20_000);
    expect(server.requests[0]!.body.messages[0]!.content).toContain(
      'The final edit of the data.',
    );

    // While the model is thinking: pages answer fast, the design's page is `generating`.
    await until(
      'the generating page',
      async () => (await deployPage('beta')).state === 'generating',
      LATENCY,
    );
    // Any edit makes webpack compile, and a fetch during that waits for it, model or not; once
    // it has compiled, both pages answer in under 2 s while the model is still held.
    for (const path of ['/', '/beta/deploy']) {
      await until(
        `${path} in under 2 s`,
        async () => {
          const {status, ms} = await timedGet(`${base}${path}`);
          return status === 200 && ms < 2000;
        },
        60_000,
      );
    }
    expect(server.requests).toHaveLength(1);
    const browser = await launchChromium();
    try {
      const tab = await browser.context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(`${base}/beta/deploy`);
      const state = tab.locator('[data-mlsd-state]').first();
      await state.waitFor({timeout: 30_000});
      const shown = await state.getAttribute('data-mlsd-state');
      expect(shown).toBe('generating');
      // The writer's edit is on the page while the model has not answered.
      expect(await tab.content()).toContain('The final edit of the data.');
      expect(server.requests).toHaveLength(1);
      release();

      // The answer is written when it arrives, and one reload shows it.
      await until(
        'the answer on disk',
        async () => (await deployPage('beta')).state === 'fresh',
        LATENCY + 15_000,
      );
      await sleep(1500);
      await tab.reload();
      await tab
        .locator('[data-mlsd-state="fresh"]')
        .first()
        .waitFor({timeout: 30_000});
      expect(await tab.content()).toContain('The final edit of the data.');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
    expect(server.requests).toHaveLength(1);
    expect(output()).toMatch(
      /beta: asking fixture-model \("3\. Data" changed\)/,
    );
    expect(output()).toMatch(/beta: answered in \d+\.\d s/);
  }, 120_000);

  it('a template edit with the guard at 1 and three designs asks nothing, and says why', async () => {
    server.reset();
    const template = join(site, 'prompt.txt');
    await writeFile(
      template,
      `${await readFile(template, 'utf8')}\nОтветь кратко.\n`,
    );
    await until(
      'the cost guard',
      () => /3 designs need an answer, over the limit of 1/.test(output()),
      20_000,
    );
    expect(output()).toContain('MLSD_MAX_GENERATIONS=3');
    expect(server.requests).toHaveLength(0);
  }, 60_000);

  it('nothing more is asked in the 15 s after the last change, and the key is never printed', async () => {
    await sleep(15_000);
    expect(server.requests).toHaveLength(0);
    expect(dev!.process.exitCode).toBeNull();
    expect(output()).not.toContain(API_KEY);
  }, 30_000);
});
