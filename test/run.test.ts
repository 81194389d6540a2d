import {
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  writeFile,
} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {deserialize} from 'node:v8';
import {join} from 'node:path';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import type {PluginOptions} from '../plugin/src/options';
import {testContext} from './support/designs';
import type {RunContext} from '../plugin/src/context';
import {MlsdError} from '../plugin/src/errors';
import {planDesigns, type DesignPlan} from '../plugin/src/plan/plan';
import {syncDeployPages} from '../plugin/src/run';
import {ROOT} from './support/site';
import {pageProps} from './support/pages';
import {startFakeOpenAI, type FakeOpenAI} from './support/openaiServer';

const KEY = 'run-test-secret-31b7';

describe('syncDeployPages', () => {
  let server: FakeOpenAI;
  let site: string;
  let logs: string[];

  const context = (
    options: Partial<PluginOptions> = {},
    extra: Partial<RunContext> = {},
  ): RunContext =>
    testContext(
      site,
      {apiKey: KEY, baseURL: server.baseURL, logs},
      options,
      extra,
    );
  const write = async (path: string, text: string) => {
    await mkdir(join(site, 'docs', path, '..'), {recursive: true});
    await writeFile(join(site, 'docs', path), text);
  };
  const design = async (id: string, extra = '') => {
    await write(
      `${id}/1-problem.md`,
      `# 1. Постановка задачи\n\n${id} problem.${extra}\n`,
    );
    await write(`${id}/3-data.md`, `# 3. Данные\n\n${id} data.\n`);
    await write(
      `${id}/4-architecture.md`,
      `# 4. Архитектура и модели\n\n${id} models.\n`,
    );
  };

  beforeAll(async () => {
    server = await startFakeOpenAI();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    site = await mkdtemp(join(tmpdir(), 'mlsd-run-'));
    logs = [];
    server.reset();
  });
  afterEach(async () => {
    await rm(site, {recursive: true, force: true});
  });

  it('refuses a prompt over maxPromptTokens: an error on the page and in the log, nothing sent or cut', async () => {
    await design('big', ` ${'Очень длинный раздел. '.repeat(400)}`);
    await design('small');
    const summary = await syncDeployPages(context({maxPromptTokens: 2000}));
    expect(server.requests).toHaveLength(1);
    expect(summary.tooLarge).toBe(1);
    const page = await readFile(
      join(site, 'docs', 'big', '6-deploy.mdx'),
      'utf8',
    );
    expect(pageProps(page).state).toBe('too-large');
    expect(pageProps(page).message).toMatch(
      /over the limit of 2000 \(option `maxPromptTokens`\): nothing was sent, and nothing is cut/,
    );
    expect(logs.join('\n')).toMatch(
      /big: The prompt is about \d+ tokens, over the limit of 2000/,
    );
    const {plans} = await planDesigns(context({maxPromptTokens: 2000}));
    expect(plans.find((plan) => plan.design.id === 'big')?.state).toBe(
      'too-large',
    );
  });

  it('keeps out a folder whose category file says `mlsd: false`, in JSON or in YAML', async () => {
    for (const id of ['json', 'yml', 'yaml', 'asked']) await design(id);
    await write(
      'json/_category_.json',
      '{\n\t"label": "JSON",\n\t"customProps": {"mlsd": false}\n}\n',
    );
    await write(
      'yml/_category_.yml',
      'label: YML\ncustomProps:\n  mlsd: false\n',
    );
    await write('yaml/_category_.yaml', 'customProps: {mlsd: false}\n');
    await write('asked/_category_.yml', 'label: Спрошенный\nposition: 2\n');
    // Two category files: the JSON one is read, and the run says to keep one.
    await write('asked/_category_.json', '{"customProps": {"mlsd": true}}');
    const summary = await syncDeployPages(context());
    expect(summary.generated).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(server.requests[0]!.body)).toContain('asked data.');
    for (const id of ['json', 'yml', 'yaml']) {
      expect(existsSync(join(site, 'docs', id, '6-deploy.mdx'))).toBe(false);
      expect(JSON.stringify(server.requests)).not.toContain(`${id} data.`);
    }
    expect(logs.join('\n')).toMatch(
      /asked: it has more than one category file \(_category_\.json, _category_\.yml\)[^\n]*Keep one\./,
    );
  });

  it("describes a Deploy page in the docs folder's locale, whatever locale is built", async () => {
    await design('ленты', '');
    await write('ленты/_category_.json', '{"label": "Рекомендации в ленте"}');
    const description = async () =>
      /^description: (.+)$/m.exec(
        await readFile(join(site, 'docs', 'ленты', '6-deploy.mdx'), 'utf8'),
      )?.[1];
    await syncDeployPages(
      context({mode: 'offline'}, {docsLocale: 'ru', locale: 'en'}),
    );
    expect(await description()).toMatch(
      /^"?Раздел Deploy проекта «Рекомендации в ленте», составленный по его разделам «1\. Постановка задачи», «3\. Данные», «4\. Архитектура и модели»\."?$/,
    );
    await syncDeployPages(
      context({mode: 'offline'}, {docsLocale: 'pt-BR', locale: 'ru'}),
    );
    expect(await description()).toMatch(
      /^"?Deploy section of Рекомендации в ленте, drafted from its sections \\?"1\. Постановка задачи\\?", \\?"3\. Данные\\?", \\?"4\. Архитектура и модели\\?"\."?$/,
    );
  });

  it("shows the first 20 000 characters of a prompt too large to send, and says so in the page's language", async () => {
    // A section of 30 000 characters: a code block and a table, as a design's data section has.
    const rows = Array.from(
      {length: 600},
      (_, i) => `| поле_${i} | строка | ${'описание '.repeat(3)}|`,
    );
    await write('huge/1-problem.md', '# 1. Постановка задачи\n\nЛента.\n');
    await write(
      'huge/3-data.md',
      `# 3. Данные\n\n| поле | тип | описание |\n| --- | --- | --- |\n${rows.join('\n')}\n\n\`\`\`sql\nselect * from events\n\`\`\`\n`,
    );
    await write(
      'huge/4-architecture.md',
      '# 4. Архитектура и модели\n\nBERT.\n',
    );
    const shown = async (docsLocale: string) => {
      await syncDeployPages(
        context({maxPromptTokens: 2000}, {docsLocale, locale: 'en'}),
      );
      return pageProps(
        await readFile(join(site, 'docs', 'huge', '6-deploy.mdx'), 'utf8'),
      );
    };
    const ru = await shown('ru');
    expect(ru.state).toBe('too-large');
    expect(server.requests).toHaveLength(0);
    const [head, tail] = ru.prompt!.split('\n\n[… ');
    expect(head).toHaveLength(20_000);
    expect(tail).toMatch(
      /^ещё \d+ символов не показаны: этот промпт слишком велик, чтобы его отправить\]$/,
    );
    const en = await shown('en-GB');
    expect(en.prompt!.slice(0, 20_000)).toBe(head);
    expect(en.prompt!.slice(20_000)).toMatch(
      /^\n\n\[… \d+ more characters, not shown: this prompt is too large to send\]$/,
    );
  });

  it('does not ask for an incomplete design unless allowIncomplete is set', async () => {
    await write('half/1-problem.md', '# 1. Постановка задачи\n\nx\n');
    await write('half/3-data.md', '# 3. Данные\n\ny\n');
    await syncDeployPages(context());
    expect(server.requests).toHaveLength(0);
    const page = await readFile(
      join(site, 'docs', 'half', '6-deploy.mdx'),
      'utf8',
    );
    const props = pageProps(page);
    expect(props.state).toBe('incomplete');
    expect(props.missing).toEqual(['architecture']);
    expect(props.message).toContain('no section "4. Architecture and models"');
    expect(props.message).toContain('mlsd_section');
    await syncDeployPages(context({allowIncomplete: true}));
    expect(server.requests).toHaveLength(1);
  });

  it('never overwrites a file of the user where its page would go, and writes nothing then', async () => {
    await design('mine');
    await write('mine/6-deploy.mdx', '# My own deploy notes\n');
    await expect(syncDeployPages(context())).rejects.toThrow(MlsdError);
    await expect(syncDeployPages(context())).rejects.toThrow(
      /mine\/6-deploy\.mdx[\s\S]*outputFileName/,
    );
    expect(
      await readFile(join(site, 'docs', 'mine', '6-deploy.mdx'), 'utf8'),
    ).toBe('# My own deploy notes\n');
    expect(server.requests).toHaveLength(0);
  });

  it('removes a generated page whose design is gone, and rewrites a page only when its bytes change', async () => {
    await design('a');
    await design('b');
    let summary = await syncDeployPages(
      context({mode: 'offline'}, {mode: 'offline'}),
    );
    expect(summary.written.sort()).toEqual([
      'a/6-deploy.mdx',
      'b/6-deploy.mdx',
    ]);
    summary = await syncDeployPages(context({}, {mode: 'offline'}));
    expect(summary.written).toEqual([]);
    await rm(join(site, 'docs', 'b', '1-problem.md'));
    await rm(join(site, 'docs', 'b', '3-data.md'));
    summary = await syncDeployPages(context({}, {mode: 'offline'}));
    expect(summary.removed).toEqual(['b/6-deploy.mdx']);
    expect(await readdir(join(site, 'docs', 'b'))).toEqual([
      '4-architecture.md',
    ]);
  });

  it('writes on the first build the page every rebuild writes, whatever the answer ends with', async () => {
    await design('a');
    await design('b');
    // Models end answers with spaces, blank lines, CRLF: the entry file stores them trimmed.
    server.respond = (_request, index) => ({
      content: `## Deploy ${index}\r\n\r\nKubernetes; Prometheus.  \r\n\n \t`,
    });
    let summary = await syncDeployPages(context());
    expect(summary.generated).toBe(2);
    const first = await readFile(
      join(site, 'docs', 'a', '6-deploy.mdx'),
      'utf8',
    );
    summary = await syncDeployPages(context({}, {mode: 'offline'}));
    expect(summary.written).toEqual([]);
    expect(
      await readFile(join(site, 'docs', 'a', '6-deploy.mdx'), 'utf8'),
    ).toBe(first);
  });

  it('a rebuild that leaves every page alone keeps what a page is made from, for the run that renders it again', async () => {
    await design('a');
    await syncDeployPages(context());
    const memoFile = join(context().stateDir, 'memo.v8');
    const kept = async () => {
      const {tables} = deserialize(await readFile(memoFile)) as {
        tables: Record<string, Map<string, unknown>>;
      };
      return Object.entries(tables)
        .filter(([, entries]) => entries.size > 0)
        .map(([name]) => name);
    };
    const made = ['compiled', 'rendered'];
    expect(await kept()).toEqual(expect.arrayContaining(made));
    // Two rebuilds with nothing changed: neither sanitizes, compiles nor checks the answer, and
    // the memo is not written.
    const before = await readFile(memoFile);
    for (let i = 0; i < 2; i++) {
      const summary = await syncDeployPages(context({}, {mode: 'offline'}));
      expect(summary.written).toEqual([]);
    }
    expect((await readFile(memoFile)).equals(before)).toBe(true);
    // A section edited: the page is rendered again with the answer's checks kept.
    await write(
      'a/1-problem.md',
      '# 1. Постановка задачи\n\na problem, edited.\n',
    );
    const edited = await syncDeployPages(context({}, {mode: 'offline'}));
    expect(edited.written).toEqual([join('a', '6-deploy.mdx')]);
    expect(await kept()).toEqual(expect.arrayContaining(made));
  });

  it("keeps a page's figures while it is left as it is and other designs change, for status", async () => {
    await design('a');
    await design('b');
    await syncDeployPages(context());
    const memoFile = join(context().stateDir, 'memo.v8');
    const figureKeys = async () => {
      const {tables} = deserialize(await readFile(memoFile)) as {
        tables: Record<string, Map<string, unknown>>;
      };
      return [...tables.figures!.keys()];
    };
    const {plans} = await planDesigns(context({}, {mode: 'offline'}));
    const a = plans.find((plan) => plan.design.id === 'a')!;
    expect(await figureKeys()).toContainEqual(
      expect.stringMatching(`^${a.key}:`),
    );
    // Four runs that each render b again, and write the memo: a's page is left as it is.
    for (let i = 0; i < 4; i++) {
      await design('b', ` Edit ${i}.`);
      const summary = await syncDeployPages(context({}, {mode: 'offline'}));
      expect(summary.written).toEqual([join('b', '6-deploy.mdx')]);
    }
    expect(await figureKeys()).toContainEqual(
      expect.stringMatching(`^${a.key}:`),
    );
  });

  it('a rebuild reads no section text; the other sections of a changed design are read again from their pages', async () => {
    // Sections as writers keep them: a table, a fenced code block.
    await write(
      't/1-problem.md',
      '# 1. Постановка задачи\n\nЗадержка выдачи.\n\n| метрика | цель |\n| --- | --- |\n| p95 | 200 мс |\n',
    );
    await write(
      't/3-data.md',
      '# 3. Данные\n\n```sql\nselect user_id, count(*) from events group by 1;\n```\n',
    );
    await write('t/4-architecture.md', '# 4. Архитектура и модели\n\nGBDT.\n');
    await syncDeployPages(context());
    const {plans} = await planDesigns(context({}, {mode: 'offline'}));
    const prompt = plans[0]!.prompt;
    expect(prompt).toMatch(/\| p95 +\| 200 мс +\|/);
    expect(prompt).toContain(
      'select user_id, count(*) from events group by 1;',
    );
    // The memo keeps no section text: only what the run needs when a page is left as it is.
    const memo = await readFile(join(context().stateDir, 'memo.v8'));
    expect(memo.includes(Buffer.from('select user_id'))).toBe(false);
    // Nothing changed: nothing is written.
    let summary = await syncDeployPages(context({}, {mode: 'offline'}));
    expect(summary.written).toEqual([]);
    // Section 4 changed: the page is made again, sections 1 and 3 read again from their pages.
    await write(
      't/4-architecture.md',
      '# 4. Архитектура и модели\n\nGBDT и ранжирование.\n',
    );
    summary = await syncDeployPages(context({}, {mode: 'offline'}));
    expect(summary.written).toEqual([join('t', '6-deploy.mdx')]);
    const page = pageProps(
      await readFile(join(site, 'docs', 't', '6-deploy.mdx'), 'utf8'),
    );
    expect(page.prompt).toBe(prompt.replace('GBDT.', 'GBDT и ранжирование.'));
    expect(page.state).toBe('stale');
    // No page changed, but the Deploy page is gone: made again, every text read from its page
    // (the Markdown tools are loaded for it, though no page changed).
    await rm(join(site, 'docs', 't', '6-deploy.mdx'));
    summary = await syncDeployPages(context({}, {mode: 'offline'}));
    expect(summary.written).toEqual([join('t', '6-deploy.mdx')]);
    expect(
      pageProps(await readFile(join(site, 'docs', 't', '6-deploy.mdx'), 'utf8'))
        .prompt,
    ).toBe(page.prompt);
  });

  it('hands a dev session the plans it asks later, their prompts read from their pages', async () => {
    await design('a');
    await design('b');
    await syncDeployPages(context({}, {mode: 'offline'}));
    const {plans: fresh} = await planDesigns(context({}, {mode: 'offline'}));
    // Nothing changed since: this run loads no Markdown tools, and hands both designs on.
    let handed: readonly DesignPlan[] = [];
    await syncDeployPages(
      context(),
      {},
      {
        inFlight: new Set(),
        asked: new Set(),
        ask: (plans) => (handed = plans),
        overLimit: () => {},
        takeSpent: () => ({
          requests: 0,
          tokensIn: 0,
          tokensOut: 0,
          answered: new Set(),
        }),
      },
    );
    expect(handed.map((plan) => plan.design.id).sort()).toEqual(['a', 'b']);
    for (const plan of handed)
      expect(plan.prompt).toBe(
        fresh.find((other) => other.design.id === plan.design.id)!.prompt,
      );
  });

  it('offline and frozen never ask; refresh asks again for every complete design', async () => {
    await design('a');
    await syncDeployPages(context({}, {mode: 'offline'}));
    expect(server.requests).toHaveLength(0);
    await syncDeployPages(context());
    expect(server.requests).toHaveLength(1);
    await syncDeployPages(context({}, {mode: 'frozen'}));
    expect(server.requests).toHaveLength(1);
    await syncDeployPages(context({}, {mode: 'refresh'}));
    expect(server.requests).toHaveLength(2);
  });

  it('keeps the last answer when a regeneration fails, and says so on the page', async () => {
    await design('a');
    await syncDeployPages(context());
    await design('a', ' Changed.');
    server.respond = () => ({status: 500});
    const summary = await syncDeployPages(context({maxRetries: 0}));
    expect(summary.failed).toBe(1);
    const page = await readFile(
      join(site, 'docs', 'a', '6-deploy.mdx'),
      'utf8',
    );
    expect(pageProps(page).state).toBe('failed');
    expect(pageProps(page).message).toMatch(
      /^Generation failed: HTTP 500: .*rebuild later.*The last answer is shown\.$/,
    );
    expect(page).toContain('Answer for Постановка задачи');
    expect(page).not.toContain(KEY);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('shows a stale answer under a banner, or a placeholder with onStale: placeholder', async () => {
    await design('a');
    await syncDeployPages(context());
    await design('a', ' Changed.');
    await syncDeployPages(context({}, {mode: 'offline'}));
    let page = await readFile(join(site, 'docs', 'a', '6-deploy.mdx'), 'utf8');
    expect(pageProps(page)).toMatchObject({
      state: 'stale',
      changed: ['"1. Постановка задачи"'],
    });
    expect(pageProps(page).message).toContain(
      '"1. Постановка задачи" changed since this answer was generated',
    );
    expect(page).toContain('Answer for Постановка задачи');
    await syncDeployPages(context({onStale: 'placeholder'}, {mode: 'offline'}));
    page = await readFile(join(site, 'docs', 'a', '6-deploy.mdx'), 'utf8');
    expect(pageProps(page).state).toBe('stale');
    expect(pageProps(page).meta).toBeNull();
    expect(page).not.toContain('Answer for Постановка задачи');
  });

  it('a dev-server session leaves after each run what a build would', async () => {
    // Designs the tests did not write: real design docs, a page each (marked as designs, as a
    // handbook marks a page whose headings are not numbered); and a folder design.
    const fixtures = join(ROOT, 'test', 'fixtures', 'real-mlsd');
    const docs = (await readdir(fixtures))
      .filter((name) => name.endsWith('.md'))
      .slice(0, 4);
    for (const doc of docs)
      await write(
        doc,
        `---\nmlsd: true\n---\n${await readFile(join(fixtures, doc), 'utf8')}`,
      );
    await design('alpha');
    const session = () => context({}, {maxGenerations: 100});
    /** A build after the session's run: it finds nothing to write or ask. */
    const buildAfter = async () => {
      const build = await syncDeployPages(context({}, {maxGenerations: 100}));
      expect(build.written).toEqual([]);
      expect(build.requests).toBe(0);
    };

    const first = await syncDeployPages(session());
    // One of the real docs has no section 3: its page says so, and nothing is asked for it.
    expect(first.designs).toBe(5);
    expect(first.requests).toBe(4);
    expect(first.written).toHaveLength(5);
    await buildAfter();

    // The writer adds a table and a code block to a section.
    server.reset();
    await writeFile(
      join(site, 'docs', 'alpha', '3-data.md'),
      `# 3. Данные\n\nalpha data.\n\n| признак | источник |\n| --- | --- |\n| клики | Kafka |\n\n\`\`\`sql\nSELECT user_id FROM events;\n\`\`\`\n`,
    );
    const edited = await syncDeployPages(session());
    expect(edited.requests).toBe(1);
    expect(edited.written).toEqual(['alpha/6-deploy.mdx']);
    expect(server.requests[0]!.body.messages.at(-1)!.content).toContain(
      'SELECT user_id FROM events;',
    );
    await buildAfter();

    const unchanged = await syncDeployPages(session());
    expect(unchanged.written).toEqual([]);
    expect(unchanged.requests).toBe(0);

    // `docusaurus clear` while the session runs: the pages are read again, nothing is asked.
    await rm(join(site, '.docusaurus'), {recursive: true, force: true});
    const cleared = await syncDeployPages(session());
    expect(cleared.written).toEqual([]);
    expect(cleared.requests).toBe(0);
    await buildAfter();
    expect(server.requests).toHaveLength(1);
  });
});
