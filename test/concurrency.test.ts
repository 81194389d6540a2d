import {spawn} from 'node:child_process';
import {readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AnswerStore} from '../plugin/src/answers/store';
import {
  deployAnswer,
  startFakeOpenAI,
  type FakeOpenAI,
} from './support/openaiServer';
import {
  addDesign,
  buildSite,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
  ROOT,
} from './support/site';

const API_KEY = 'concurrency-secret-5e0d';

/** Points a fixture site at a cache folder outside it, as two checkouts sharing one would. */
async function shareCache(site: string, cache: string): Promise<void> {
  const config = join(site, 'docusaurus.config.ts');
  await writeFile(
    config,
    (await readFile(config, 'utf8')).replace(
      "model: 'fixture-model',",
      `model: 'fixture-model', cacheDir: ${JSON.stringify(cache)},`,
    ),
  );
}

describe.sequential(
  'builds that share one cache, and builds that are killed',
  () => {
    let server: FakeOpenAI;
    let a: string;
    let b: string;
    let cache: string;
    const env = () =>
      cleanEnv({OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL});
    const statuses = async (site: string) => {
      const result = await docusaurus(['mlsd', 'status', '--json'], {
        cwd: site,
        env: env(),
      });
      expect(result.code, result.output).toBe(0);
      return Object.fromEntries(
        (
          JSON.parse(result.stdout) as {designs: {id: string; state: string}[]}
        ).designs.map((design) => [design.id, design.state]),
      );
    };

    beforeAll(async () => {
      server = await startFakeOpenAI((request) => ({
        content: deployAnswer(request),
        delay: 200,
      }));
      a = await copyFixtureSite('site');
      b = await copyFixtureSite('site');
      cache = join(a, '..', `${a.split('/').pop()}-shared-cache`);
      for (const site of [a, b]) await shareCache(site, cache);
      await addDesign(b, 'only-b');
    });

    afterAll(async () => {
      await server?.close();
      for (const dir of [a, b, cache])
        if (dir) await rm(dir, {recursive: true, force: true});
    });

    it('two docusaurus builds at once on one cache both succeed and leave only whole, valid entries', async () => {
      const [first, second] = await Promise.all([
        buildSite(a, env()),
        buildSite(b, env()),
      ]);
      expect(first.code, first.output).toBe(0);
      expect(second.code, second.output).toBe(0);
      const {entries, skipped} = await new AnswerStore(cache).readAll();
      expect(skipped).toEqual([]);
      expect(entries.size).toBe(3); // alpha and beta (the same keys in both sites) and only-b
      expect(
        (await readdir(cache)).filter(
          (name) => !/^[0-9a-f]{64}\.md$/.test(name),
        ),
      ).toEqual([]);
      expect(await statuses(a)).toEqual({
        alpha: 'fresh',
        beta: 'fresh',
        gamma: 'incomplete',
      });
      expect(await statuses(b)).toEqual({
        alpha: 'fresh',
        beta: 'fresh',
        gamma: 'incomplete',
        'only-b': 'fresh',
      });
    }, 300_000);

    it('a docusaurus build killed with SIGKILL mid-generation leaves a valid cache; the next run asks only for what is missing', async () => {
      const ids = ['k1', 'k2', 'k3', 'k4', 'k5'];
      for (const id of ids) await addDesign(a, id);
      server.reset();
      server.respond = (request, index) => ({
        content: deployAnswer(request),
        delay: index < 2 ? 100 : 4000,
      });
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'node_modules/@docusaurus/core/bin/docusaurus.mjs'),
          'build',
        ],
        {cwd: a, env: env(), stdio: 'ignore'},
      );
      const entryCount = async () =>
        (await readdir(cache)).filter((name) => name.endsWith('.md')).length;
      const deadline = Date.now() + 60_000;
      // Kill once two answers are written and later requests are in flight (they take 4 s).
      while (
        ((await entryCount()) < 5 || server.requests.length < 3) &&
        Date.now() < deadline
      )
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.requests.length).toBeGreaterThanOrEqual(3);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('exit', resolve));
      server.respond = (request) => ({content: deployAnswer(request)});

      const {skipped} = await new AnswerStore(cache).readAll();
      expect(skipped).toEqual([]);
      const status = await statuses(a);
      const done = ids.filter((id) => status[id] === 'fresh');
      expect(done).toHaveLength(2);

      server.reset();
      const result = await docusaurus(['mlsd', 'generate'], {
        cwd: a,
        env: env(),
      });
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(ids.length - done.length);
      const after = await statuses(a);
      for (const id of ids) expect(after[id]).toBe('fresh');
    }, 120_000);
  },
);
