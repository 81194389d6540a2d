import {mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFakeOpenAI, type FakeOpenAI} from './support/openaiServer';
import {
  copyPackagedSite,
  installSiteDeps,
  packPlugin,
  siteDocusaurus,
  type Packed,
} from './support/packaged';
import {ROOT, cleanEnv, read, run} from './support/site';

const INSTALL_TIMEOUT = 600_000;
const BUILD_TIMEOUT = 480_000;

const API_KEY = 'packaged-secret-5c2e';

/**
 * The plugin as a team gets it: packed with `npm pack`, installed with `npm install` into fresh
 * sites in a temp folder outside the repository (which resolve nothing of the workspace), built
 * with `docusaurus build` against the local OpenAI-compatible server.
 */
describe.sequential('the packed plugin, installed into fresh sites', () => {
  let tmp: string;
  let packed: Packed;
  let server: FakeOpenAI;
  const react19 = () => join(tmp, 'react-19');
  const react18 = () => join(tmp, 'react-18');
  const withKey = () =>
    cleanEnv({OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL});
  const timings: string[] = [];
  const timed = async <T>(label: string, work: () => Promise<T>) => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'mlsd-packaged-'));
    server = await startFakeOpenAI();
    packed = await timed('npm pack', () => packPlugin(tmp));
    // One install per React major, both at once: npm mostly waits on its cache and the disk.
    await timed('npm install (React 19 and 18)', () =>
      Promise.all([
        installSiteDeps(react19(), packed.file, '19'),
        installSiteDeps(react18(), packed.file, '18'),
      ]),
    );
  }, INSTALL_TIMEOUT);

  afterAll(async () => {
    console.log(`packaged sites: ${timings.join(', ')}`);
    await server?.close();
    if (tmp) await rm(tmp, {recursive: true, force: true});
  });

  it('packs lib, the public types, the theme, the template and the docs, and no tests or fixtures', () => {
    const {files} = packed;
    for (const file of [
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'package.json',
      'lib/index.js',
      'lib/theme/MlsdDeploy/index.js',
      'lib/theme/MlsdDeploy/styles.module.css',
      'src/plugin-mlsd-deploy.d.ts',
      'src/theme/MlsdDeploy/index.tsx',
      'templates/deploy-prompt.ru.txt',
    ])
      expect(files).toContain(file);
    expect(
      files.filter((file) =>
        /(^|\/)(test|tests|__tests__|fixtures)\//.test(file),
      ),
    ).toEqual([]);
    expect(files.filter((file) => /\.test\.|tsbuildinfo/.test(file))).toEqual(
      [],
    );
  });

  it('installs a package whose exports, types and theme path resolve', async () => {
    const installed = join(
      react19(),
      'node_modules',
      'docusaurus-plugin-mlsd-deploy',
    );
    const manifest = JSON.parse(
      await read(join(installed, 'package.json')),
    ) as {exports: Record<string, unknown>; types: string};
    expect(manifest.types).toBe('src/plugin-mlsd-deploy.d.ts');
    const resolved = await run(
      process.execPath,
      [
        '-e',
        "const p = require('docusaurus-plugin-mlsd-deploy'); console.log(typeof p.default, typeof p.validateOptions, require.resolve('docusaurus-plugin-mlsd-deploy/package.json'))",
      ],
      {cwd: react19()},
    );
    expect(resolved.code, resolved.output).toBe(0);
    expect(resolved.stdout).toMatch(/^function function .*package\.json/);

    // A site's TypeScript sees the options type and the swizzlable component's module.
    await writeFile(
      join(react19(), 'check.ts'),
      [
        "import type {Options, PluginOptions} from 'docusaurus-plugin-mlsd-deploy';",
        "import type {Props} from '@theme/MlsdDeploy';",
        "const options: Options = {docsPluginId: 'archive', editUrl: ({docPath}) => `https://e/${docPath}`};",
        "const mode: PluginOptions['mode'] = 'frozen';",
        "const state: Props['data']['state'] = 'fresh';",
        'export {options, mode, state};',
        '',
      ].join('\n'),
    );
    const tsc = await run(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--types',
        'node',
        '--typeRoots',
        join(ROOT, 'node_modules', '@types'),
        'check.ts',
      ],
      {cwd: react19()},
    );
    expect(tsc.code, tsc.output).toBe(0);
  });

  it.each([
    ['React 19', react19, 'classic-19'],
    ['React 18', react18, 'classic-18'],
  ])(
    'builds a Deploy page in a classic-preset site with a JS config (%s)',
    async (label, deps, name) => {
      const site = await copyPackagedSite('classic', join(deps(), name));
      server.reset();
      const result = await timed(`build (classic, ${label})`, () =>
        siteDocusaurus(deps(), site, ['build'], withKey()),
      );
      expect(result.code, result.output).toBe(0);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.body.model).toBe('packaged-model');
      expect(result.output).toMatch(/1 designs?: 0 from cache.*1 generated/);

      const page = await read(
        join(site, 'build', 'docs', 'churn', 'deploy', 'index.html'),
      );
      expect(page).toContain('data-mlsd-state="fresh"');
      expect(page).toContain('Answer for Постановка задачи');
      expect(page).toContain('Предсказать отток клиентов');
      expect(page).toContain(
        'https://git.example.com/handbook/edit/main/docs/churn/1-problem.md',
      );
      expect(page).not.toContain(API_KEY);
      const react = JSON.parse(
        await read(join(deps(), 'node_modules', 'react', 'package.json')),
      ) as {version: string};
      expect(react.version.split('.')[0]).toBe(label.split(' ')[1]);
      expect(await readdir(join(site, 'mlsd-cache'))).toHaveLength(1);
    },
    BUILD_TIMEOUT,
  );

  it(
    'serves a second docs instance chosen by docsPluginId, with two plugin instances and two locales',
    async () => {
      const site = await copyPackagedSite(
        'instances',
        join(react19(), 'instances'),
      );
      server.reset();
      const result = await timed('build (two instances, two locales)', () =>
        siteDocusaurus(react19(), site, ['build'], withKey()),
      );
      expect(result.code, result.output).toBe(0);
      // One request per design: the second locale's run finds every answer cached.
      expect(server.requests).toHaveLength(3);

      // Each instance has its own cache folder.
      expect(await readdir(join(site, 'mlsd-cache'))).toHaveLength(1);
      expect(
        (await readdir(join(site, 'mlsd-cache-archive'))).filter((name) =>
          name.endsWith('.md'),
        ),
      ).toHaveLength(2);
      // ...and its own local state folder.
      expect(
        (
          await readdir(
            join(site, '.docusaurus', 'docusaurus-plugin-mlsd-deploy'),
          )
        ).sort(),
      ).toEqual(['archive', 'default']);

      for (const locale of ['', 'ru']) {
        const at = (...path: string[]) =>
          read(join(site, 'build', locale, ...path, 'index.html'));
        const legacy = await at('archive', 'legacy', 'deploy');
        expect(legacy).toContain('data-mlsd-state="fresh"');
        expect(legacy).toContain('Старый скоринг заявок');
        // The archive instance's editUrl function, called as the docs plugin calls it.
        expect(legacy).toContain(
          `https://git.example.com/archive/${locale || 'en'}/legacy/1-problem.md`,
        );
        // A single-page design marked through the site's own front matter parser.
        const recsys = await at('archive', 'recsys-deploy');
        expect(recsys).toContain('data-mlsd-state="fresh"');
        expect(recsys).toContain('Item-to-item collaborative filtering');
        // The default instance serves the default docs.
        const search = await at('docs', 'search', 'deploy');
        expect(search).toContain('data-mlsd-state="fresh"');
        expect(search).toContain('Поиск по каталогу');
      }
      expect(
        await read(
          join(
            site,
            'build',
            'ru',
            'archive',
            'legacy',
            'deploy',
            'index.html',
          ),
        ),
      ).toContain('lang="ru"');
      // The archive instance's `exclude` keeps its drafts out: no design, no page.
      await expect(
        readFile(join(site, 'archive', 'drafts', 'unfinished', '6-deploy.mdx')),
      ).rejects.toThrow();

      // Each instance has its own command: `mlsd` and `mlsd:archive`.
      const status = await timed('mlsd:archive status', () =>
        siteDocusaurus(
          react19(),
          site,
          ['mlsd:archive', 'status', '--json'],
          cleanEnv(),
        ),
      );
      expect(status.code, status.output).toBe(0);
      const archive = JSON.parse(status.stdout) as {
        docsDir: string;
        designs: {id: string; state: string}[];
      };
      expect(archive.docsDir).toBe('archive');
      expect(
        archive.designs.map((design) => [design.id, design.state]),
      ).toEqual([
        ['legacy', 'fresh'],
        ['recsys', 'fresh'],
      ]);
      const main = await siteDocusaurus(
        react19(),
        site,
        ['mlsd', 'status', '--json'],
        cleanEnv(),
      );
      expect(main.code, main.output).toBe(0);
      expect(
        (JSON.parse(main.stdout) as {designs: {id: string}[]}).designs.map(
          (design) => design.id,
        ),
      ).toEqual(['search']);
    },
    BUILD_TIMEOUT,
  );
});
