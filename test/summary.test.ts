import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import {COMMANDS} from '../plugin/src/cli/commands';
import type {RunContext} from '../plugin/src/context';
import {DevSession} from '../plugin/src/dev/session';
import type {PluginOptions} from '../plugin/src/options';
import {syncDeployPages} from '../plugin/src/run';
import type {RunSummary, StateCounts} from '../plugin/src/summary';
import {testContext} from './support/designs';
import {startFakeOpenAI, type FakeOpenAI} from './support/openaiServer';

const STATES: (keyof StateCounts)[] = [
  'fromCache',
  'pinned',
  'generated',
  'stale',
  'failed',
  'incomplete',
  'notGenerated',
  'tooLarge',
  'generating',
];

/** The counts add up to the number of designs. */
function expectAddsUp(counts: StateCounts): void {
  expect(STATES.reduce((sum, state) => sum + counts[state], 0)).toBe(
    counts.designs,
  );
}

/** The numbers of a summary line: designs, then each state's. */
function lineCounts(line: string): {designs: number; sum: number} {
  const match = /^(\d+) designs?: ([^;]+);/.exec(line);
  if (!match) throw new Error(`not a summary line: ${line}`);
  const parts = [...match[2]!.matchAll(/(\d+) [a-z ]+/g)];
  return {
    designs: Number(match[1]),
    sum: parts.reduce((sum, part) => sum + Number(part[1]), 0),
  };
}

describe('the summary adds up', () => {
  let server: FakeOpenAI;
  let site: string;
  let logs: string[];
  const context = (
    options: Partial<PluginOptions> = {},
    extra: Partial<RunContext> = {},
  ) =>
    testContext(
      site,
      {apiKey: 'summary-test-key', baseURL: server.baseURL, logs},
      options,
      extra,
    );
  const write = async (path: string, text: string) => {
    await mkdir(join(site, 'docs', path, '..'), {recursive: true});
    await writeFile(join(site, 'docs', path), text);
  };
  const design = async (id: string, roles = [1, 3, 4]) => {
    const pages: Record<number, string> = {
      1: '# 1. Постановка задачи\n\nЗадержка p95 не больше 200 мс.\n',
      3: '# 3. Данные\n\n| поле | тип |\n| --- | --- |\n| user_id | int |\n',
      4: '# 4. Архитектура и модели\n\n```python\nmodel.fit(x)\n```\n',
    };
    for (const role of roles)
      await write(
        `${id}/${role}-${['', 'problem', '', 'data', 'architecture'][role]}.md`,
        pages[role]!.replace('\n\n', `\n\n${id}. `),
      );
  };
  const statusCounts = async (ctx: RunContext): Promise<StateCounts> => {
    let printed = '';
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => ((printed += String(chunk)), true));
    try {
      await COMMANDS.status!(ctx, {json: true, design: []});
    } finally {
      spy.mockRestore();
    }
    return (JSON.parse(printed) as {summary: StateCounts}).summary;
  };
  const summaryOf = (summary: RunSummary): StateCounts => {
    const counts = {} as StateCounts;
    for (const state of ['designs', ...STATES] as const)
      counts[state] = summary[state];
    return counts;
  };

  beforeAll(async () => {
    server = await startFakeOpenAI();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    site = await mkdtemp(join(tmpdir(), 'mlsd-summary-'));
    logs = [];
    server.reset();
    return () => rm(site, {recursive: true, force: true});
  });

  it('on a fresh clone, offline after an edit (stale counted), and in status alike', async () => {
    await design('a');
    await design('b');
    await design('c', [1, 3]);
    // A fresh clone with no key: nothing generated, one incomplete.
    const fresh = await syncDeployPages(context({}, {apiKey: undefined}));
    expectAddsUp(fresh);
    expect(fresh).toMatchObject({designs: 3, notGenerated: 2, incomplete: 1});
    expect(summaryOf(fresh)).toEqual(
      await statusCounts(context({}, {apiKey: undefined})),
    );
    // With a key: both generated, one request each.
    const generated = await syncDeployPages(context());
    expectAddsUp(generated);
    expect(generated).toMatchObject({generated: 2, requests: 2});
    expect(logs.at(-1)).toMatch(
      /^3 designs: 0 from cache, 0 pinned, 2 generated, 0 stale, 0 failed, 1 incomplete, 0 not generated; 2 requests,/,
    );
    // Offline after an edit: the edited design is stale, not "not generated".
    await write('a/3-data.md', '# 3. Данные\n\nНовые данные.\n');
    const offline = await syncDeployPages(context({}, {mode: 'offline'}));
    expectAddsUp(offline);
    expect(offline).toMatchObject({
      fromCache: 1,
      stale: 1,
      notGenerated: 0,
      incomplete: 1,
    });
    expect(lineCounts(logs.at(-1)!)).toEqual({designs: 3, sum: 3});
    expect(summaryOf(offline)).toEqual(
      await statusCounts(context({}, {mode: 'offline'})),
    );
  });

  it('on the dev server, the line after an answer arrives counts its request', async () => {
    await design('a');
    await design('b');
    await syncDeployPages(context());
    await write('a/3-data.md', '# 3. Данные\n\nНовые данные.\n');
    logs.length = 0;
    server.reset();
    const session = new DevSession(context(), 0);
    await session.run();
    // The run wrote the page as `generating`, and asks in the background.
    const first = logs.find((line) => /^\d+ designs?: /.test(line))!;
    expect(first).toMatch(/1 being generated; 0 requests/);
    expect(lineCounts(first)).toEqual({designs: 2, sum: 2});
    // The answer arrives; the session writes its page, and says what it did.
    await vi.waitFor(
      () => {
        const lines = logs.filter((line) => /^\d+ designs?: /.test(line));
        expect(lines).toHaveLength(2);
      },
      {timeout: 10_000, interval: 50},
    );
    const second = logs.filter((line) => /^\d+ designs?: /.test(line))[1]!;
    expect(second).toMatch(
      /^2 designs: 1 from cache, 0 pinned, 1 generated, 0 stale, 0 failed, 0 incomplete, 0 not generated; 1 request, /,
    );
    expect(server.requests).toHaveLength(1);
  });
});
