import {readdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
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
  read,
} from './support/site';

const API_KEY = 'cache-test-secret-9a41';

interface Status {
  id: string;
  state: string;
  reason: string;
  key: string;
  changed: string[];
}

describe.sequential('the cache a team can trust', () => {
  let site: string;
  let server: FakeOpenAI;
  const env = (extra: Record<string, string> = {}) =>
    cleanEnv({
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: server.baseURL,
      ...extra,
    });
  const mlsd = (args: string[], extra: Record<string, string> = {}) =>
    docusaurus(['mlsd', ...args], {cwd: site, env: env(extra)});
  const statuses = async (): Promise<Record<string, Status>> => {
    const result = await mlsd(['status', '--json']);
    expect(result.code, result.output).toBe(0);
    return Object.fromEntries(
      (JSON.parse(result.stdout) as {designs: Status[]}).designs.map(
        (design) => [design.id, design],
      ),
    );
  };
  const cacheDir = () => join(site, 'mlsd-cache');
  const entryFiles = async () =>
    (await readdir(cacheDir()).catch(() => [] as string[]))
      .filter((name) => /^[0-9a-f]{64}\.md$/.test(name))
      .sort();
  const requested = () =>
    server.requests
      .map(
        (request) =>
          /### 1\. [^\n]+\n\n([^:]+):/.exec(
            request.body.messages[0]!.content,
          )?.[1],
      )
      .sort();

  beforeAll(async () => {
    site = await copyFixtureSite('site');
    await rm(join(site, 'docs', 'alpha'), {recursive: true});
    await rm(join(site, 'docs', 'beta'), {recursive: true});
    for (const id of ['alpha', 'beta', 'delta', 'epsilon', 'eta'])
      await addDesign(site, id, id);
    server = await startFakeOpenAI();
  });

  afterAll(async () => {
    await server?.close();
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('asks no model and writes no page for swizzle, write-translations and other commands that build nothing', async () => {
    for (const args of [
      [
        'swizzle',
        'docusaurus-plugin-mlsd-deploy',
        'MlsdDeploy',
        '--wrap',
        '--typescript',
      ],
      ['write-translations'],
      ['write-heading-ids', '.', 'docs/intro.md'],
      ['clear'],
    ]) {
      const result = await docusaurus(args, {cwd: site, env: env()});
      expect(result.code, result.output).toBe(0);
    }
    expect(server.requests).toHaveLength(0);
    await expect(readdir(join(site, 'docs', 'alpha'))).resolves.not.toContain(
      '6-deploy.mdx',
    );
    // The swizzle went through without --danger: the component is declared safe to wrap.
    expect(
      await read(join(site, 'src', 'theme', 'MlsdDeploy', 'index.tsx')),
    ).toContain("from '@theme-original/MlsdDeploy'");
    await rm(join(site, 'src'), {recursive: true});
  }, 60_000);

  it('status --json explains every state: fresh, stale (and what changed), missing, pinned, incomplete, failed', async () => {
    let result = await mlsd([
      'generate',
      '--design',
      'alpha',
      '--design',
      'delta',
    ]);
    expect(result.code, result.output).toBe(0);
    expect(requested()).toEqual(['alpha', 'delta']);
    expect(result.output).toMatch(
      /\[1\/2\] \d in flight, [\d.]+ s (alpha|delta): generated/,
    );
    expect(result.output).toMatch(/\[2\/2\] 0 in flight/);

    const delta = join(site, 'docs', 'delta', '3-data.md');
    await writeFile(delta, `${await read(delta)}\nЕщё 2 ТБ логов.\n`);

    await writeFile(
      join(site, 'beta-answer.md'),
      '### 1. Инфраструктура\n\nНаписано руками.\n',
    );
    result = await mlsd([
      'pin',
      '--design',
      'beta',
      '--from',
      join(site, 'beta-answer.md'),
      '--note',
      'Written by hand by the platform team',
    ]);
    expect(result.code, result.output).toBe(0);

    server.reset();
    server.respond = () => ({status: 500});
    result = await mlsd(['generate', '--design', 'epsilon']);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/epsilon: failed: HTTP 500/);
    server.respond = (request) => ({content: deployAnswer(request)});

    const status = await statuses();
    expect(
      Object.fromEntries(
        Object.values(status).map((design) => [design.id, design.state]),
      ),
    ).toEqual({
      alpha: 'fresh',
      beta: 'pinned',
      delta: 'stale',
      epsilon: 'failed',
      eta: 'missing',
      gamma: 'incomplete',
    });
    expect(status.delta!.changed).toEqual(['"3. Данные"']);
    expect(status.delta!.reason).toBe(
      '"3. Данные" changed since the last answer',
    );
    expect(status.epsilon!.reason).toMatch(/the last request failed: HTTP 500/);
    expect(status.gamma!.reason).toBe(
      'no section "4. Architecture and models"',
    );
    expect(status.beta!.reason).toMatch(/pinned/);
  }, 60_000);

  it('frozen mode lists exactly the designs that miss, and asks nothing', async () => {
    server.reset();
    const result = await buildSite(site, env({MLSD_MODE: 'frozen'}));
    expect(result.code).not.toBe(0);
    const listed = [...result.output.matchAll(/^\s+- (\w+) \((\w+)/gm)].map(
      (match) => `${match[1]} ${match[2]}`,
    );
    expect(listed).toEqual(['delta stale', 'epsilon failed', 'eta missing']);
    expect(server.requests).toHaveLength(0);
  }, 60_000);

  it('the cost guard stops a run that would ask more than allowed, before asking', async () => {
    server.reset();
    const result = await mlsd(['generate'], {MLSD_MAX_GENERATIONS: '2'});
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /would ask the model 3 times, over the limit of 2/,
    );
    expect(result.output).toMatch(/- delta \(stale/);
    expect(result.output).toMatch(/- eta \(missing/);
    expect(server.requests).toHaveLength(0);
  }, 30_000);

  it('a dry run lists what would be asked with estimated prompt tokens, and asks nothing', async () => {
    const result = await mlsd(['generate', '--dry-run', '--json']);
    expect(result.code, result.output).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      requests: {id: string; promptTokens: number}[];
      promptTokens: number;
    };
    expect(plan.requests.map((request) => request.id)).toEqual([
      'delta',
      'epsilon',
      'eta',
    ]);
    expect(plan.requests.every((request) => request.promptTokens > 500)).toBe(
      true,
    );
    expect(server.requests).toHaveLength(0);
  }, 30_000);

  it('prompt --design prints the exact prompt a design would send, and --json where its sections came from', async () => {
    server.reset();
    const text = await mlsd(['prompt', '--design', 'delta']);
    expect(text.code, text.output).toBe(0);
    const json = await mlsd(['prompt', '--design', 'delta', '--json']);
    expect(json.code, json.output).toBe(0);
    const shown = JSON.parse(json.stdout) as {
      key: string;
      prompt: string;
      sections: Record<string, {file: string} | null>;
    };
    expect(text.stdout).toBe(`${shown.prompt}\n`);
    expect(shown.prompt).toContain('### 1. Постановка задачи');
    expect(shown.sections.data?.file).toBe('delta/3-data.md');
    expect(shown.key).toBe((await statuses()).delta!.key);
    const unknown = await mlsd(['prompt', '--design', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/No design `nope`/);
    expect(server.requests).toHaveLength(0);
  }, 60_000);

  it('a pinned answer survives generate --force, and is marked when the prompt changes after pinning', async () => {
    const pinFile = join(cacheDir(), 'pinned', 'beta.md');
    const pinned = await read(pinFile);
    server.reset();
    const result = await mlsd(['generate', '--force']);
    expect(result.code, result.output).toBe(0);
    expect(requested()).toEqual(['alpha', 'delta', 'epsilon', 'eta']);
    expect(await read(pinFile)).toBe(pinned);

    const beta = join(site, 'docs', 'beta', '1-problem.md');
    await writeFile(beta, `${await read(beta)}\nНовое требование: 99.9%.\n`);
    const status = await statuses();
    expect(status.beta).toMatchObject({
      state: 'pinned',
      changed: ['"1. Постановка задачи"'],
    });
    expect(status.beta!.reason).toMatch(/pinned against an older prompt/);

    // The page still shows the hand-written answer, labelled, with what changed.
    expect((await mlsd(['generate'])).code).toBe(0);
    const page = await read(join(site, 'docs', 'beta', '6-deploy.mdx'));
    expect(page).toContain('Написано руками.');
    expect(page).toContain('"state":"pinned"');
    expect(page).toContain('Written by hand by the platform team');
    expect(page).toMatch(
      /pinned by a person against an older prompt: \\"1\. Постановка задачи\\" changed/,
    );
  }, 60_000);

  it('formatting-only edits leave every key unchanged and cost no request', async () => {
    const before = await statuses();
    const file = join(site, 'docs', 'alpha', '3-data.md');
    const text = await read(file);
    await writeFile(
      file,
      `---\ndescription: a key that never reaches the prompt\nsidebar_position: 3\n---\n\n${text.replace(/\n/g, '  \r\n')}\r\n\r\n\r\n`,
    );
    server.reset();
    const result = await mlsd(['generate']);
    expect(result.code, result.output).toBe(0);
    expect(server.requests).toHaveLength(0);
    const after = await statuses();
    expect(after.alpha).toMatchObject({state: 'fresh', key: before.alpha!.key});
  }, 30_000);

  it('prune removes exactly the orphans: old answers, answers of removed designs, leftovers of killed runs', async () => {
    const status = await statuses();
    await rm(join(site, 'docs', 'eta'), {recursive: true});
    const keep = ['alpha', 'delta', 'epsilon']
      .map((id) => `${status[id]!.key}.md`)
      .sort();
    const leftover = `${'f'.repeat(64)}.md.4242.abcd.tmp`;
    await writeFile(join(cacheDir(), leftover), 'half an entry');
    const orphans = (await entryFiles()).filter((name) => !keep.includes(name));
    // delta's answer from before its edit, and eta's, whose design is gone.
    expect(orphans).toHaveLength(2);
    expect(orphans).toContain(`${status.eta!.key}.md`);

    const dry = await mlsd(['prune', '--dry-run']);
    expect(dry.code, dry.output).toBe(0);
    const listed = [...dry.stdout.matchAll(/would remove (\S+)/g)].map(
      (match) => match[1]!.split('/').pop(),
    );
    expect(listed.sort()).toEqual([...orphans, leftover].sort());
    expect(await entryFiles()).toHaveLength(keep.length + orphans.length);

    const result = await mlsd(['prune']);
    expect(result.code, result.output).toBe(0);
    expect(await entryFiles()).toEqual(keep);
    expect(
      (await readdir(cacheDir())).filter((name) => name.endsWith('.tmp')),
    ).toEqual([]);
    expect(await readdir(join(cacheDir(), 'pinned'))).toEqual(['beta.md']);
    const after = await statuses();
    expect([
      after.alpha!.state,
      after.delta!.state,
      after.epsilon!.state,
      after.beta!.state,
    ]).toEqual(['fresh', 'fresh', 'fresh', 'pinned']);
  }, 60_000);

  it('one run asks once for a key two designs share', async () => {
    await addDesign(site, 'twin1', 'twin');
    await addDesign(site, 'twin2', 'twin');
    server.reset();
    const result = await mlsd(['generate']);
    expect(result.code, result.output).toBe(0);
    expect(requested()).toEqual(['twin']);
    const status = await statuses();
    expect([status.twin1!.state, status.twin2!.state]).toEqual([
      'fresh',
      'fresh',
    ]);
  }, 30_000);
});
