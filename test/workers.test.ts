import {channel} from 'node:diagnostics_channel';
import {readdirSync, readFileSync} from 'node:fs';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {generateAnswers} from '../plugin/src/generate';
import {cacheStoreOf, planDesigns, type RunPlan} from '../plugin/src/plan';
import {startFakeOpenAI} from './support/openaiServer';
import {WorkerLost, WorkerPool} from '../plugin/src/workers';
import {testContext} from './support/designs';
import {copyFixtureSite, ROOT} from './support/site';

const REAL = join(ROOT, 'test', 'fixtures', 'real-mlsd');

/**
 * A handbook of the fixture site's folder designs and three copies of the fourteen real design
 * docs (single pages with tables, code blocks and their own heading styles), each copy with a
 * line of its own: more pages than a run reads by itself.
 */
async function handbook(): Promise<string> {
  const site = await copyFixtureSite('site');
  for (const copy of ['a', 'b', 'c']) {
    const dir = join(site, 'docs', `real-${copy}`);
    await mkdir(dir, {recursive: true});
    for (const name of readdirSync(REAL).filter(
      (n) => n.includes('__') && n.endsWith('.md'),
    )) {
      await writeFile(
        join(dir, name),
        `${readFileSync(join(REAL, name), 'utf8')}\n\nCopy ${copy}.\n`,
      );
    }
  }
  return site;
}

/** What a plan decides of each design, to compare two plans by. */
const decided = ({plans}: RunPlan) =>
  plans.map((plan) => ({
    id: plan.design.id,
    sections: plan.sections.map(({role, title, blank, markdown}) => ({
      role,
      title,
      blank,
      markdown,
    })),
    prompt: plan.prompt,
    key: plan.key,
    tokens: plan.promptTokens,
    exact: plan.promptTokensExact,
    state: plan.state,
  }));

describe('worker threads', () => {
  const sites: string[] = [];
  const logs: string[] = [];
  let pools: WorkerPool[] = [];
  beforeEach(() => {
    logs.length = 0;
    pools = [];
  });
  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
    await Promise.all(
      sites.splice(0).map((dir) => rm(dir, {recursive: true, force: true})),
    );
  });
  // The real docs are single-page designs by the `include` option.
  const context = (site: string) =>
    testContext(
      site,
      {
        apiKey: '',
        baseURL: 'http://127.0.0.1:1/v1',
        model: 'gpt-4o-mini',
        logs,
      },
      {include: ['real-*/*.md']},
    );

  /** A pool of this test, and the names of the calls made to it. */
  const recorded = () => {
    const pool = new WorkerPool();
    pools.push(pool);
    const calls: string[] = [];
    const call = pool.call.bind(pool);
    pool.call = ((name, ...args) => {
      calls.push(name);
      return call(name, ...args);
    }) as WorkerPool['call'];
    return {pool, calls};
  };

  it('read a first run’s pages and count its prompts as the run would itself', async () => {
    const [inWorkers, inRun] = [await handbook(), await handbook()];
    sites.push(inWorkers, inRun);

    const {pool, calls} = recorded();
    const viaWorkers = await planDesigns(context(inWorkers), {pool});

    // A pool whose every worker is lost: the run reads and counts everything itself.
    const lost = new WorkerPool();
    lost.call = (() =>
      Promise.reject(new WorkerLost('lost'))) as WorkerPool['call'];
    const itself = await planDesigns(context(inRun), {pool: lost});

    expect(calls.filter((name) => name === 'read').length).toBeGreaterThan(40);
    expect(calls).toContain('tokens');
    const designs = decided(viaWorkers);
    expect(designs.length).toBeGreaterThan(40);
    expect(designs.filter((d) => d.id.startsWith('real-a')).length).toBe(14);
    expect(designs.every((d) => d.exact)).toBe(true);
    expect(designs).toEqual(decided(itself));
    expect(logs.filter((line) => line.startsWith('error'))).toEqual([]);
  }, 120_000);

  it('tell the run when they start, once, so that it can load what it asks with meanwhile', async () => {
    let started = 0;
    const pool = new WorkerPool(1, () => started++);
    pools.push(pool);
    expect(started).toBe(0);
    const sanitized = await Promise.all([
      pool.call('sanitize', '## Infra\n\n<b>bold</b> text'),
      pool.call('sanitize', '## Serving'),
    ]);
    expect(sanitized[1]).toContain('Serving');
    await pool.call('sanitize', '## Monitoring');
    expect(started).toBe(1);
  }, 60_000);

  it('are left alone by a rebuild with few pages changed', async () => {
    const site = await handbook();
    sites.push(site);
    await planDesigns(context(site)).then((plan) => plan.reader.save());
    await writeFile(
      join(
        site,
        'docs',
        'real-b',
        readdirSync(REAL).find((n) => n.endsWith('.md'))!,
      ),
      '# Changed\n\nA page rewritten.\n',
    );
    const pool = new WorkerPool();
    pools.push(pool);
    const calls: string[] = [];
    pool.call = ((name) => {
      calls.push(name);
      return Promise.reject(new WorkerLost('not expected'));
    }) as WorkerPool['call'];
    const plan = await planDesigns(context(site), {pool, tokens: 'near-limit'});
    expect(calls).toEqual([]);
    expect(plan.plans.some((p) => p.design.id.startsWith('real-b'))).toBe(true);
  }, 120_000);
  it('ask from a worker as the run asks itself, and stop at a refused key the same way', async () => {
    const server = await startFakeOpenAI();
    const [inWorker, inRun] = [await handbook(), await handbook()];
    sites.push(inWorker, inRun);
    const KEY = 'worker-test-secret-7a1d';
    const asking = (site: string) =>
      testContext(
        site,
        {apiKey: KEY, baseURL: server.baseURL, model: 'gpt-4o-mini', logs},
        {include: ['real-*/*.md']},
      );
    try {
      const {pool, calls} = recorded();
      const answered = async (site: string, worker?: WorkerPool) => {
        const {plans} = await planDesigns(asking(site), {pool: worker});
        const generated = await generateAnswers(asking(site), plans, {
          progress: false,
          pool: worker,
          askInWorkerFrom: 1,
        });
        const {entries} = await cacheStoreOf(asking(site)).readAll();
        return {
          requests: generated.requests,
          results: [...generated.results.values()].map((result) => result.ok),
          entries: [...entries.values()]
            .map(({key, design, answer}) => ({key, design, answer}))
            .sort((a, b) => a.key.localeCompare(b.key)),
        };
      };
      server.respond = (request) => ({
        content: `## Деплой\n\n${request.body.messages.at(-1)!.content.length} знаков в промпте.\n`,
      });
      const viaWorker = await answered(inWorker, pool);
      // The run listened for its first request to leave (see `whenFirstSent`); none left from
      // this thread, and the run stopped listening all the same.
      expect(channel('undici:client:sendHeaders').hasSubscribers).toBe(false);
      expect(calls.filter((name) => name === 'complete').length).toBe(
        viaWorker.requests,
      );
      expect(viaWorker.requests).toBeGreaterThan(40);
      expect(viaWorker.entries.length).toBeGreaterThan(20);
      expect(viaWorker).toEqual(await answered(inRun));

      // A refused key stops the run from the worker as it does in the run, saying what to check.
      await rm(join(inWorker, 'mlsd-cache'), {recursive: true, force: true});
      server.respond = (_request, index) =>
        index < 3
          ? {content: 'Ответ.'}
          : {status: 401, body: {error: {message: `Bad key ${KEY}`}}};
      const {plans} = await planDesigns(asking(inWorker), {pool});
      const stopped = await generateAnswers(asking(inWorker), plans, {
        progress: false,
        pool,
        askInWorkerFrom: 1,
      }).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(stopped?.message).toMatch(/The model server refused the run/);
      expect(stopped?.message).not.toContain(KEY);
    } finally {
      await server.close();
    }
  }, 120_000);
});
