import {execFileSync} from 'node:child_process';
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import {tmpdir} from 'node:os';
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
import type {RunContext} from '../plugin/src/context';
import {MlsdError} from '../plugin/src/errors';
import {checkBaseUrl} from '../plugin/src/plan/guards';
import type {PluginOptions} from '../plugin/src/options';
import {testContext} from './support/designs';
import {planDesigns} from '../plugin/src/plan/plan';
import {syncDeployPages} from '../plugin/src/run';
import {addDesign, ROOT} from './support/site';
import {startFakeOpenAI, type FakeOpenAI} from './support/openaiServer';
import {pageProps} from './support/pages';

const KEY = 'sk-faults-test-7f3a9c';
const CV = join(ROOT, 'test', 'fixtures', 'cv-defects');

/**
 * Every fault a run can meet, at the level of one run against the local OpenAI-compatible
 * server: what the writer sees (the error, the page, the log), what is cached, and what is asked.
 */
describe('faults', () => {
  let server: FakeOpenAI;
  let site: string;
  let logs: string[];

  const docs = (...path: string[]) => join(site, 'docs', ...path);
  const cacheDir = () => join(site, 'mlsd-cache');
  const context = (
    options: Partial<PluginOptions> = {},
    extra: Partial<RunContext> = {},
  ): RunContext =>
    testContext(
      site,
      {apiKey: KEY, baseURL: server.baseURL, model: 'fixture-model', logs},
      {maxRetries: 1, ...options},
      extra,
    );
  const design = (id: string, text = id) => addDesign(site, id, text);
  const cached = async () =>
    (await readdir(cacheDir()).catch(() => [] as string[])).filter((name) =>
      /^[0-9a-f]{64}\.md$/.test(name),
    );
  const page = async (id: string) =>
    pageProps(await readFile(docs(id, '6-deploy.mdx'), 'utf8'));
  const failure = async (run: Promise<unknown>): Promise<MlsdError> => {
    const error = await run.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(MlsdError);
    return error as MlsdError;
  };
  /** Everything the run wrote or said, searched for the key after each test. */
  const everything = async (): Promise<string> => {
    const texts = [...logs];
    for (const entry of await readdir(site, {
      recursive: true,
      withFileTypes: true,
    })) {
      if (!entry.isFile()) continue;
      const parent = (entry as unknown as {parentPath: string}).parentPath;
      texts.push(
        await readFile(join(parent, entry.name), 'utf8').catch(() => ''),
      );
    }
    return texts.join('\n');
  };

  beforeAll(async () => {
    server = await startFakeOpenAI();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    site = await mkdtemp(join(tmpdir(), 'mlsd-faults-'));
    logs = [];
  });
  afterEach(async () => {
    // The key is in no log line, error, cache file, page or local state, whatever happened.
    expect(await everything()).not.toContain(KEY);
    server.reset();
    await rm(site, {recursive: true, force: true});
  });

  describe('configuration faults stop the run at the first one', () => {
    it.each([
      [401, /refused the key: check OPENAI_API_KEY/],
      [403, /may not use this model/],
      [404, /does not know this model or path/],
    ])(
      'HTTP %i: one request, no retry, nothing cached, and what to check',
      async (status, hint) => {
        await design('a');
        await design('b');
        await design('c');
        server.respond = () => ({
          status,
          body: {
            error: {
              message: `denied for ${KEY}`,
              type: 'invalid_request_error',
            },
          },
        });
        const error = await failure(
          syncDeployPages(context({concurrency: 1, maxRetries: 2})),
        );
        expect(server.requests).toHaveLength(1);
        expect(error.message).toMatch(hint);
        expect(error.message).toContain(
          `HTTP ${status}: denied for [redacted]`,
        );
        expect(error.message).toContain('model: fixture-model');
        expect(error.message).toContain(`base URL: ${server.baseURL}`);
        expect(error.message).toContain('OPENAI_API_KEY is set');
        logs.push(error.message);
        expect(await cached()).toEqual([]);
      },
    );

    it('keeps the answers received before it', async () => {
      await design('a');
      await design('b');
      server.respond = (_request, index) =>
        index === 0 ? {content: 'Deploy A.'} : {status: 401};
      await failure(syncDeployPages(context({concurrency: 1})));
      expect(server.requests).toHaveLength(2);
      expect(await cached()).toHaveLength(1);
    });
  });

  describe('transient faults are retried, then shown on the page; the build passes', () => {
    it('429 honours retry-after, then the answer is cached', async () => {
      await design('a');
      server.respond = (_request, index) =>
        index === 0
          ? {status: 429, headers: {'retry-after-ms': '50'}}
          : {content: 'Deploy A.'};
      const summary = await syncDeployPages(context());
      expect(server.requests).toHaveLength(2);
      expect(summary.generated).toBe(1);
      expect((await page('a')).state).toBe('fresh');
    });

    it.each([
      ['HTTP 500', {status: 500}, /HTTP 500/],
      [
        'a malformed body',
        {raw: '<html>proxy error</html>'},
        /not a chat completion/,
      ],
      [
        'a body without choices',
        {body: {object: 'chat.completion'}},
        /without a chat completion/,
      ],
    ])(
      '%s: retried, then failed on its page, the others cached; the rerun asks only for it',
      async (_name, reply, message) => {
        await design('a', 'alpha');
        await design('b', 'beta');
        server.respond = (request) =>
          JSON.stringify(request.body).includes('beta')
            ? reply
            : {content: 'Deploy A.'};
        const summary = await syncDeployPages(context({concurrency: 1}));
        expect(summary.failed).toBe(1);
        expect(summary.generated).toBe(1);
        // One try and one retry for b.
        expect(server.requests).toHaveLength(3);
        expect(await page('b')).toMatchObject({state: 'failed'});
        expect((await page('b')).message).toMatch(message);
        expect(await cached()).toHaveLength(1);
        server.reset();
        await syncDeployPages(context());
        expect(server.requests).toHaveLength(1);
        expect(JSON.stringify(server.requests[0]!.body)).toContain('beta');
      },
    );

    it("onGenerationError: 'throw' fails the run after every answer is cached and every page written", async () => {
      await design('a', 'alpha');
      await design('b', 'beta');
      server.respond = (request) =>
        JSON.stringify(request.body).includes('beta')
          ? {status: 503}
          : {content: 'Deploy A.'};
      const error = await failure(
        syncDeployPages(context({onGenerationError: 'throw', maxRetries: 0})),
      );
      expect(error.message).toMatch(
        /1 request\(s\) failed[\s\S]*- b: HTTP 503/,
      );
      expect(await cached()).toHaveLength(1);
      expect((await page('a')).state).toBe('fresh');
      expect((await page('b')).state).toBe('failed');
    });
  });

  describe('answers that are never cached say what to change', () => {
    it.each([
      [
        'cut off',
        {content: 'half', finishReason: 'length'},
        /cut off[\s\S]*raise the `maxTokens` option/,
      ],
      ['empty', {content: '  '}, /empty answer[\s\S]*try another model/],
      [
        'over the context',
        {
          status: 400,
          body: {
            error: {
              message: "This model's maximum context length is 8192 tokens.",
              code: 'context_length_exceeded',
            },
          },
        },
        /maximum context length[\s\S]*`maxPromptTokens`/,
      ],
    ])('%s', async (_name, reply, message) => {
      await design('a');
      server.respond = () => reply;
      await syncDeployPages(context());
      expect((await page('a')).state).toBe('failed');
      expect((await page('a')).message).toMatch(message);
      expect(await cached()).toEqual([]);
    });
  });

  describe('inputs that must not matter', () => {
    const cvDesign = async () => {
      await mkdir(docs('cv'), {recursive: true});
      await cp(CV, docs('cv'), {recursive: true});
    };
    const keyOf = async () => (await planDesigns(context())).plans[0]!.key;
    const edit = async (file: string, change: (text: string) => string) => {
      const path = docs('cv', file);
      await writeFile(path, change(await readFile(path, 'utf8')));
    };

    beforeEach(async () => {
      await cvDesign();
      await syncDeployPages(context());
      server.reset();
    });

    it.each([
      ['CRLF line endings', (text: string) => text.replace(/\n/g, '\r\n')],
      [
        'one trailing space on each line',
        (text: string) => text.replace(/\n/g, ' \n'),
      ],
      ['a tab after each line', (text: string) => text.replace(/\n/g, '\t\n')],
      ['a byte-order mark', (text: string) => `\ufeff${text}`],
      ['more blank lines', (text: string) => text.replace(/\n\n/g, '\n\n\n\n')],
      [
        'table cells padded otherwise',
        (text: string) =>
          text.replace(/^\|.*\|$/gm, (row) => row.replaceAll('|', '  |  ')),
      ],
      [
        'list items marked with * instead of -',
        (text: string) => text.replace(/^- /gm, '* '),
      ],
      [
        'another front matter description',
        (text: string) =>
          text.replace(/^description: .*$/m, 'description: Другое описание'),
      ],
    ])(
      '%s in a section with a code block and a table: same key, no request',
      async (_name, change) => {
        const before = await keyOf();
        const data = await readFile(docs('cv', '3-data.md'), 'utf8');
        expect(data).toContain('```');
        expect(data).toMatch(/^\|/m);
        await edit('3-data.md', change);
        expect(await keyOf()).toBe(before);
        const summary = await syncDeployPages(context());
        expect(summary.requests).toBe(0);
        expect(server.requests).toHaveLength(0);
        expect(summary.fromCache).toBe(1);
      },
    );

    it.each([
      [
        'a table cell',
        (text: string) =>
          text.replace(/^(\|[^|\n]*\|\s*)[^|\s][^|\n]*/m, '$1изменено '),
      ],
      [
        'a line inside the code block',
        (text: string) => text.replace(/(```[^\n]*\n)/, '$1# added\n'),
      ],
    ])('%s is a change a reader sees: a new key', async (_name, change) => {
      const before = await keyOf();
      await edit('3-data.md', change);
      expect(await keyOf()).not.toBe(before);
    });
  });

  describe('bad input gets one clear message naming the file', () => {
    it('malformed front matter stops the run, naming the page', async () => {
      await design('a');
      await writeFile(
        docs('a', '3-data.md'),
        '---\ntitle: [unclosed\n---\n# 3. Данные\n\nx\n',
      );
      const error = await failure(syncDeployPages(context()));
      expect(error.message).toContain(docs('a', '3-data.md'));
      expect(error.message).toMatch(/front matter is not valid YAML/);
      expect(server.requests).toHaveLength(0);
    });

    it('an MDX syntax error in a section is named with file, line and column; its text is still read', async () => {
      await design('a');
      await writeFile(
        docs('a', '3-data.md'),
        '# 3. Данные\n\nText.\n\nA <b broken tag\n',
      );
      const summary = await syncDeployPages(context());
      expect(summary.generated).toBe(1);
      expect(logs.join('\n')).toMatch(
        new RegExp(
          `warn ${docs('a', '3-data.md').replace(/[.]/g, '\\.')}:5:\\d+: not valid MDX \\(.+\\); its sections are read as CommonMark, but Docusaurus will stop on it`,
        ),
      );
      expect(server.requests[0]!.body.messages[0]!.content).toContain('Text.');
    });

    it('an empty section makes the design incomplete, saying which', async () => {
      await design('a');
      await writeFile(docs('a', '3-data.md'), '# 3. Данные\n');
      await syncDeployPages(context());
      expect(server.requests).toHaveLength(0);
      expect(await page('a')).toMatchObject({state: 'incomplete'});
      expect((await page('a')).message).toContain(
        '"3. Данные" of this design has a heading and no text',
      );
    });

    it('a binary file with a .md name is left out, and said', async () => {
      await design('a');
      await writeFile(
        docs('a', 'photo.md'),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]),
      );
      const summary = await syncDeployPages(context({}, {mode: 'offline'}));
      expect(summary.designs).toBe(1);
      expect(logs.join('\n')).toMatch(/photo\.md: it is not a text file/);
    });

    it('invalid UTF-8 is read as Docusaurus reads it, and said', async () => {
      await design('a');
      await writeFile(
        docs('a', '3-data.md'),
        Buffer.concat([
          Buffer.from('# 3. Данные\n\nbad: '),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('\n'),
        ]),
      );
      await syncDeployPages(context({}, {mode: 'offline'}));
      expect(logs.join('\n')).toMatch(/3-data\.md: it is not valid UTF-8/);
    });

    it('a 5 MB section is too large: nothing sent, nothing cut, and the run ends', async () => {
      await design('a');
      await writeFile(
        docs('a', '3-data.md'),
        `# 3. Данные\n\n${'Строка данных о дефектах плитки, с размерами и метками.\n'.repeat(50_000)}`,
      );
      const summary = await syncDeployPages(context());
      expect(server.requests).toHaveLength(0);
      expect(summary.tooLarge).toBe(1);
      expect((await page('a')).state).toBe('too-large');
    });

    it('a symlink loop in the docs tree does not hang the run', async () => {
      await design('a');
      await symlink(docs(), docs('a', 'loop'));
      const summary = await syncDeployPages(context({}, {mode: 'offline'}));
      expect(summary.designs).toBe(1);
    });

    it('two designs whose Deploy pages would collide stop the run, naming both', async () => {
      await mkdir(docs('x'), {recursive: true});
      const single =
        '---\nmlsd: true\n---\n# Churn\n\n## Постановка задачи\n\nP.\n\n## Данные\n\nD.\n\n## Архитектура\n\nA.\n';
      await writeFile(docs('x', 'churn.md'), single);
      await writeFile(docs('x', 'churn.mdx'), single);
      const error = await failure(
        syncDeployPages(context({}, {mode: 'offline'})),
      );
      expect(error.message).toMatch(/x\/churn and x\/churn|x\/churn.*x\/churn/);
      expect(error.message).toContain('x/churn.mlsd-deploy.mdx');
    });

    it('a cache file edited into invalid YAML is named, kept, and its design asked again', async () => {
      await design('a');
      await syncDeployPages(context());
      const [name] = await cached();
      await writeFile(
        join(cacheDir(), name!),
        '---\nkey: [oops\n---\nAnswer\n',
      );
      server.reset();
      await syncDeployPages(context());
      expect(logs.join('\n')).toContain(
        `Ignoring cache file ${join(cacheDir(), name!)}`,
      );
      expect(server.requests).toHaveLength(1);
    });

    it('a cache folder that cannot take a file stops the run before anything is asked', async () => {
      await design('a');
      await writeFile(cacheDir(), 'not a folder');
      const error = await failure(syncDeployPages(context()));
      expect(error.message).toContain(
        `Cannot read the cache folder ${cacheDir()}`,
      );
      expect(error.message).toContain(
        'a file stands where the folder should be',
      );
      expect(error.message).toContain('Nothing was asked');
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('on a small file system', () => {
    let mounted = false;
    const mount = (size: string, readOnly = false) => {
      try {
        execFileSync(
          'mount',
          [
            '-t',
            'tmpfs',
            '-o',
            `size=${size}${readOnly ? ',ro' : ''}`,
            'tmpfs',
            cacheDir(),
          ],
          {stdio: 'ignore'},
        );
        mounted = true;
      } catch {
        mounted = false;
      }
      return mounted;
    };
    afterEach(() => {
      if (mounted) execFileSync('umount', [cacheDir()], {stdio: 'ignore'});
      mounted = false;
    });

    it('a read-only cache folder stops the run before anything is asked', async (test) => {
      await mkdir(cacheDir());
      if (!mount('64k', true)) return test.skip('mounting a tmpfs needs root');
      await design('a');
      const error = await failure(syncDeployPages(context()));
      expect(error.message).toMatch(/read-only[\s\S]*Nothing was asked/);
      expect(server.requests).toHaveLength(0);
    });

    it('a disk that fills mid-run stops asking and keeps the answers written', async (test) => {
      await mkdir(cacheDir());
      if (!mount('32k')) return test.skip('mounting a tmpfs needs root');
      for (const id of ['a', 'b', 'c', 'd']) await design(id);
      // Each answer takes about 10 KB on disk: the folder holds two or three.
      server.respond = () => ({content: 'Деплой. '.repeat(1200)});
      const error = await failure(syncDeployPages(context({concurrency: 1})));
      expect(error.message).toMatch(
        /Cannot write the answer for design \w to .*: the disk is full/,
      );
      const kept = await cached();
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(4);
      expect(server.requests.length).toBe(kept.length + 1);
      await chmod(cacheDir(), 0o755);
    });
  });

  describe('secrets', () => {
    it('the key is never sent in clear text to another machine', () => {
      const ctx = (baseURL: string, allowInsecureBaseUrl = false) =>
        context({allowInsecureBaseUrl}, {baseURL});
      const asked = [{}] as never[];
      expect(() =>
        checkBaseUrl(ctx('http://models.example.com/v1'), asked),
      ).toThrow(
        /plain http:\/\/ to models\.example\.com[\s\S]*allowInsecureBaseUrl/,
      );
      expect(() =>
        checkBaseUrl(ctx('http://models.example.com/v1', true), asked),
      ).not.toThrow();
      expect(() =>
        checkBaseUrl(ctx('https://models.example.com/v1'), asked),
      ).not.toThrow();
      expect(() =>
        checkBaseUrl(ctx('http://127.0.0.1:8000/v1'), asked),
      ).not.toThrow();
      expect(() =>
        checkBaseUrl(ctx('http://localhost:11434/v1'), asked),
      ).not.toThrow();
      expect(() =>
        checkBaseUrl(ctx('http://[::1]:8000/v1'), asked),
      ).not.toThrow();
      expect(() =>
        checkBaseUrl(ctx('http://models.example.com/v1'), []),
      ).not.toThrow();
    });
  });
});
