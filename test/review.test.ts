import {createHash} from 'node:crypto';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ANSWER_EN, ANSWER_RU} from './support/answers';
import {checkDeployPages, pageMessages} from './support/deployPageChecks';
import {pageProps} from './support/pages';
import {
  deployAnswer,
  startFakeOpenAI,
  type FakeOpenAI,
} from './support/openaiServer';
import {
  addDesign,
  addLocales,
  buildSite,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
} from './support/site';

const API_KEY = 'review-test-secret-5c2e';
const BUILD_TIMEOUT = 300_000;

interface Status {
  id: string;
  state: string;
  key: string;
  reason: string;
  template: string;
  edited: boolean;
  review: {state: string; by?: string; note?: string} | null;
  coverage: {id: string; status: string; heading: string | null}[] | null;
}

/** An English design that asks for the English prompt in its front matter. */
async function addEnglishDesign(site: string): Promise<void> {
  const dir = join(site, 'docs', 'echo');
  await mkdir(dir, {recursive: true});
  await writeFile(
    join(dir, '1-problem.md'),
    '---\nmlsd_template: en\n---\n\n# 1. Problem statement\n\nCatch card fraud before authorization completes, within 60 ms.\n',
  );
  await writeFile(
    join(dir, '3-data.md'),
    '# 3. Data\n\n4.1 M card payments a day; chargeback labels 30–90 days late.\n',
  );
  await writeFile(
    join(dir, '4-architecture.md'),
    '# 4. Architecture and models\n\nLightGBM on 140 features; velocity features from an online store.\n',
  );
}

describe.sequential(
  'review, hand edits and requireReview, through the commands and real builds',
  () => {
    let site: string;
    let server: FakeOpenAI;
    let alphaAsked = 0;
    const withKey = () =>
      cleanEnv({OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL});
    const mlsd = (args: string[], env = withKey()) =>
      docusaurus(['mlsd', ...args], {cwd: site, env});
    const status = async (): Promise<Record<string, Status>> => {
      const result = await mlsd(['status', '--json'], cleanEnv());
      expect(result.code, result.output).toBe(0);
      const designs = (JSON.parse(result.stdout) as {designs: Status[]})
        .designs;
      return Object.fromEntries(designs.map((design) => [design.id, design]));
    };
    const entryFile = (key: string) => join(site, 'mlsd-cache', `${key}.md`);
    const frozenBuild = (extra: Record<string, string> = {}) =>
      buildSite(site, cleanEnv({MLSD_MODE: 'frozen', ...extra}));

    beforeAll(async () => {
      site = await copyFixtureSite('site');
      await addEnglishDesign(site);
      await addLocales(site);
      server = await startFakeOpenAI((request) => {
        const prompt = request.body.messages[0]!.content;
        if (prompt.includes('Рекомендовать товары')) {
          alphaAsked++;
          return {
            content:
              alphaAsked === 1
                ? ANSWER_RU
                : `${ANSWER_RU}\nОбновлено после изменения данных.\n`,
          };
        }
        if (prompt.includes('Catch card fraud')) return {content: ANSWER_EN};
        return {content: deployAnswer(request)};
      });
    });

    afterAll(async () => {
      await server?.close();
      if (site) await rm(site, {recursive: true, force: true});
    });

    it('generate records the digest of each answer; every answer starts as a draft', async () => {
      const result = await mlsd(['generate']);
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(3);
      const english = server.requests.find((request) =>
        request.body.messages[0]!.content.includes('Catch card fraud'),
      )!;
      expect(english.body.messages[0]!.content).toMatch(
        /^# Prompt for the "Deploy" section/,
      );

      const designs = await status();
      const alpha = designs.alpha!;
      const file = await readFile(entryFile(alpha.key), 'utf8');
      const digest = createHash('sha256')
        .update(ANSWER_RU.trimEnd())
        .digest('hex');
      expect(file).toContain(`answer_sha256: ${digest}`);
      expect(file).not.toContain(API_KEY);
      expect(alpha).toMatchObject({
        state: 'fresh',
        edited: false,
        template: 'ru',
        review: {state: 'draft'},
      });
      expect(alpha.coverage!.every((item) => item.status === 'found')).toBe(
        true,
      );
      expect(designs.echo).toMatchObject({template: 'en'});
      expect(
        designs.echo!.coverage!.find((item) => item.id === 'kubernetes'),
      ).toEqual({
        id: 'kubernetes',
        label: 'Kubernetes',
        status: 'rejected',
        heading: '2. Delivery',
      });
      expect(designs.gamma!.review).toBeNull();
      // The draft's page carries the command that records a review.
      const page = pageProps(
        await readFile(join(site, 'docs', 'alpha', '6-deploy.mdx'), 'utf8'),
      );
      expect(page.review).toEqual({state: 'draft'});
      expect(page.reviewCommand).toBe(
        'docusaurus mlsd review --design alpha --by <name>',
      );
    }, 120_000);

    it(
      'a frozen build with MLSD_REQUIRE_REVIEW=1 fails, listing every answer not reviewed',
      async () => {
        const result = await frozenBuild({MLSD_REQUIRE_REVIEW: '1'});
        expect(result.code).not.toBe(0);
        expect(result.output).toContain(
          'requireReview: 3 design(s) show an answer no person has reviewed',
        );
        for (const id of ['alpha', 'beta', 'echo'])
          expect(result.output).toContain(`- ${id} (draft, not reviewed)`);
        expect(result.output).not.toMatch(/- gamma /);
        expect(result.output).toContain('npm run mlsd -- review --design');
      },
      BUILD_TIMEOUT,
    );

    it(
      'review records who, when and the digest read; a hand edit lapses it, and the frozen build names it',
      async () => {
        for (const id of ['alpha', 'beta', 'echo']) {
          const args = ['review', '--design', id, '--by', 'Anna Petrova'];
          const result = await mlsd(
            id === 'alpha'
              ? [...args, '--note', 'Checked against the SLA']
              : args,
            cleanEnv(),
          );
          expect(result.code, result.output).toBe(0);
          expect(result.stdout).toContain(`Reviewed ${id} by Anna Petrova`);
        }
        let designs = await status();
        expect(designs.alpha!.review).toMatchObject({
          state: 'reviewed',
          by: 'Anna Petrova',
          note: 'Checked against the SLA',
        });
        const file = entryFile(designs.alpha!.key);
        expect(await readFile(file, 'utf8')).toMatch(
          /review:\n {2}by: Anna Petrova\n {2}at: \d{4}-\d\d-\d\dT[^\n]+\n {2}answer_sha256: [0-9a-f]{64}/,
        );

        // A person edits the answer in the committed cache file.
        await writeFile(
          file,
          (await readFile(file, 'utf8')).replace(
            'Разворачиваем сервис',
            'Разворачиваем сервис (проверено нагрузочным тестом)',
          ),
        );
        designs = await status();
        expect(designs.alpha).toMatchObject({
          state: 'fresh',
          edited: true,
          review: {state: 'lapsed', by: 'Anna Petrova'},
          reason: 'the cached answer was edited by hand; generation keeps it',
        });
        const text = await mlsd(['status'], cleanEnv());
        expect(text.stdout).toMatch(
          /alpha {2}fresh[^\n]*\n[^\n]*\n {2}edited by hand: generation keeps this answer\n {2}review: lapsed: the answer changed since Anna Petrova on \d{4}-\d\d-\d\d reviewed it/,
        );

        const result = await frozenBuild({MLSD_REQUIRE_REVIEW: '1'});
        expect(result.code).not.toBe(0);
        expect(result.output).toMatch(
          /requireReview: 1 design\(s\)[^\n]*\n\s*- alpha \(the answer changed since Anna Petrova reviewed it on \d{4}-\d\d-\d\d\)/,
        );
      },
      BUILD_TIMEOUT,
    );

    it('generation keeps a hand-edited answer: not on a miss, not on --force, only when named with --force', async () => {
      const before = await status();
      const file = entryFile(before.alpha!.key);
      const edited = await readFile(file, 'utf8');

      let result = await mlsd(['generate', '--force', '--dry-run', '--json']);
      expect(result.code, result.output).toBe(0);
      const ids = (out: string) =>
        (JSON.parse(out) as {requests: {id: string}[]}).requests.map(
          (request) => request.id,
        );
      expect(ids(result.stdout)).toEqual(['beta', 'echo']);
      result = await mlsd([
        'generate',
        '--design',
        'alpha',
        '--force',
        '--dry-run',
        '--json',
      ]);
      expect(ids(result.stdout)).toEqual(['alpha']);

      // Its sections change: the page shows it stale, with what changed; generation still keeps it.
      const data = join(site, 'docs', 'alpha', '3-data.md');
      await writeFile(
        data,
        `${await readFile(data, 'utf8')}\nЕщё 3 млн событий в день.\n`,
      );
      server.reset();
      result = await mlsd(['generate']);
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(0);
      expect(await readFile(file, 'utf8')).toBe(edited);
      const stale = (await status()).alpha!;
      expect(stale).toMatchObject({state: 'stale', edited: true});
      expect(stale.reason).toBe('edited by hand; "3. Данные" changed since');
      const page = await readFile(
        join(site, 'docs', 'alpha', '6-deploy.mdx'),
        'utf8',
      );
      expect(page).toContain(
        'This answer was edited by hand, and \\"3. Данные\\" changed since',
      );

      // Asked for by name, it is replaced; the review of the old answer lapses on the new one.
      result = await mlsd(['generate', '--design', 'alpha', '--force']);
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(1);
      const fresh = (await status()).alpha!;
      expect(fresh).toMatchObject({
        state: 'fresh',
        edited: false,
        review: {state: 'lapsed', by: 'Anna Petrova'},
      });
    }, 120_000);

    it(
      'with every answer reviewed the frozen build passes, in both locales, and the pages read well in a browser',
      async () => {
        // Echo is edited by hand and then reviewed: its page shows both.
        const designs = await status();
        const echo = entryFile(designs.echo!.key);
        await writeFile(
          echo,
          `${(await readFile(echo, 'utf8')).trimEnd()}\n\nReviewed with the security team.\n`,
        );
        for (const id of ['alpha', 'echo']) {
          const result = await mlsd(
            ['review', '--design', id, '--by', 'Anna Petrova'],
            cleanEnv(),
          );
          expect(result.code, result.output).toBe(0);
        }
        const result = await frozenBuild({MLSD_REQUIRE_REVIEW: '1'});
        expect(result.code, result.output).toBe(0);
        expect(result.output).not.toContain(API_KEY);

        const alphaPrompt = server.requests.at(-1)!.body.messages[0]!.content;
        const alphaAnswer = (
          await readFile(entryFile((await status()).alpha!.key), 'utf8')
        ).replace(/^---\n[\s\S]*?\n---\n/, '');
        await checkDeployPages(join(site, 'build'), {
          alphaPrompt,
          alphaAnswer: alphaAnswer.trimEnd(),
        });
      },
      BUILD_TIMEOUT * 2,
    );

    it(
      "each locale's pages say what is wrong and what to do in its language, with values as they came",
      async () => {
        // Alpha goes stale, delta is never generated, gamma lacks a section, and zeta's last
        // request failed with a server message as hostile as it gets; offline, nothing is asked.
        const data = join(site, 'docs', 'alpha', '3-data.md');
        await writeFile(
          data,
          `${await readFile(data, 'utf8')}\nЕщё 1 млн показов в день.\n`,
        );
        await addDesign(site, 'delta', 'Дельта');
        await addDesign(site, 'zeta', 'Зета');
        const hostile =
          'HTTP 500: <script>window.__mlsdPwned = true</script> {error} {budget} `x` $&';
        const state = join(
          site,
          '.docusaurus',
          'docusaurus-plugin-mlsd-deploy',
          'default',
        );
        await mkdir(state, {recursive: true});
        await writeFile(
          join(state, 'failures.json'),
          JSON.stringify({
            zeta: {
              key: (await status()).zeta!.key,
              kind: 'server',
              message: hostile,
              at: new Date().toISOString(),
            },
          }),
        );
        // Beta's answer is pinned without a note: the page says who chose it in its language.
        await writeFile(
          join(site, 'beta-answer.md'),
          '### 1. Инфраструктура\n\nНаписано руками.\n',
        );
        const pinned = await mlsd(
          ['pin', '--design', 'beta', '--from', join(site, 'beta-answer.md')],
          cleanEnv(),
        );
        expect(pinned.code, pinned.output).toBe(0);
        server.reset();
        const result = await buildSite(site, cleanEnv({MLSD_MODE: 'offline'}));
        expect(result.code, result.output).toBe(0);
        expect(server.requests).toHaveLength(0);
        const pinNote = async (...path: string[]) =>
          /data-mlsd="pinned-note"[^>]*>([^<]*)</.exec(
            await readFile(
              join(site, 'build', ...path, 'deploy', 'index.html'),
              'utf8',
            ),
          )?.[1];
        expect(await pinNote('beta')).toBe('Закреплён человеком');
        expect(await pinNote('en', 'beta')).toBe('Pinned by a person');

        const pages = ['alpha', 'delta', 'gamma', 'zeta'].flatMap((id) => [
          `/${id}/deploy`,
          `/en/${id}/deploy`,
        ]);
        const said = await pageMessages(join(site, 'build'), pages);
        const offline = {
          ru: 'Сборка идёт с MLSD_MODE=offline, а в этом режиме модель не вызывается: соберите сайт без него или выполните docusaurus mlsd generate.',
          en: 'The build runs with MLSD_MODE=offline, which never asks the model: build without it, or run docusaurus mlsd generate.',
        };
        expect(said['/alpha/deploy']!.text).toBe(
          `С тех пор как этот ответ был сгенерирован, изменились входные данные: «3. Данные». ${offline.ru}`,
        );
        expect(said['/en/alpha/deploy']!.text).toBe(
          `“3. Данные” changed since this answer was generated. ${offline.en}`,
        );
        expect(said['/delta/deploy']!.text).toBe(
          `Ответ ещё не сгенерирован. ${offline.ru}`,
        );
        expect(said['/en/delta/deploy']!.text).toBe(
          `Not generated yet. ${offline.en}`,
        );
        expect(said['/gamma/deploy']!.text).toMatch(
          /^В этом дизайне нет раздела «4\. Архитектура и модели», поэтому ответ не генерируется\./,
        );
        expect(said['/en/gamma/deploy']!.text).toMatch(
          /^This design has no section “4\. Architecture and models”, so no answer is generated\./,
        );
        expect(said['/zeta/deploy']!.text).toBe(
          `Последний запрос для этих входных данных не удался: ${hostile} ${offline.ru}`,
        );
        expect(said['/en/zeta/deploy']!.text).toBe(
          `The last request for these inputs failed: ${hostile} ${offline.en}`,
        );
        for (const page of pages) {
          expect(said[page]!.ran, page).toBe(false);
          if (!page.includes('gamma'))
            expect(said[page]!.code, page).toEqual([
              'docusaurus mlsd generate',
            ]);
        }
      },
      BUILD_TIMEOUT,
    );
  },
);
