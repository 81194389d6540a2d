import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {normalizePluginOptions} from '@docusaurus/utils-validation';
import type {LoadContext} from '@docusaurus/types';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {commandName, docsInstanceOf, runContext} from '../plugin/src/context';
import {GENERATED_MARKER} from '../plugin/src/core/page';
import pluginMlsdDeploy from '../plugin/src/index';
import {readDocsTree} from '../plugin/src/docs/tree';
import {validateOptions, type Options} from '../plugin/src/options';

const validate = (options: Options) =>
  validateOptions({validate: normalizePluginOptions as never, options});

type SiteConfig = LoadContext['siteConfig'];
const config = (extra: Partial<SiteConfig>) => extra as SiteConfig;
const silent = {info() {}, warn() {}, error() {}};

const loadContext = (siteConfig: Partial<SiteConfig>): LoadContext =>
  ({
    siteDir: '/site',
    generatedFilesDir: '/site/.docusaurus',
    baseUrl: '/ru/',
    i18n: {currentLocale: 'ru'},
    siteConfig: {markdown: {format: 'mdx'}, ...siteConfig},
  }) as unknown as LoadContext;

describe('the docs instance a plugin instance serves', () => {
  const site = config({
    presets: [['classic', {docs: {path: 'handbook', editUrl: 'https://e/'}}]],
    plugins: [
      [
        '@docusaurus/plugin-content-docs',
        {
          id: 'archive',
          path: 'archive',
          routeBasePath: 'old',
          include: ['**/*.md'],
          exclude: ['drafts/**'],
          numberPrefixParser: false,
          editUrl: () => 'https://edit/',
        },
      ],
    ],
  });

  it('is the classic preset docs for the default id, with the docs plugin defaults', () => {
    const docs = docsInstanceOf(site, 'default');
    expect(docs).toMatchObject({
      path: 'handbook',
      routeBasePath: 'docs',
      include: ['**/*.{md,mdx}'],
      editUrl: 'https://e/',
    });
    expect(docs.exclude).toContain('**/_*/**');
    expect(docs.exclude).toContain('**/__tests__/**');
    expect(docs.numberPrefixParser('1-problem')).toEqual({
      filename: 'problem',
      numberPrefix: 1,
    });
  });

  it('is the plugin entry with that id for another one, with its globs, parser and editUrl function', () => {
    const docs = docsInstanceOf(site, 'archive');
    expect(docs).toMatchObject({
      path: 'archive',
      routeBasePath: 'old',
      include: ['**/*.md'],
      exclude: ['drafts/**'],
    });
    expect(typeof docs.editUrl).toBe('function');
    expect(docs.numberPrefixParser('1-problem')).toEqual({
      filename: '1-problem',
    });
  });

  it('names the ids there are when docsPluginId names none', () => {
    expect(() => docsInstanceOf(site, 'handbook')).toThrow(
      /Cannot use `handbook` for `docsPluginId`.*\(it has `default`, `archive`\)/,
    );
  });

  it('falls back to docs/ for the default id in a site without a docs plugin', () => {
    expect(docsInstanceOf(config({}), 'default').path).toBe('docs');
  });
});

describe('what a plugin instance owns', () => {
  it('a cache folder, a state folder and a command of its own, scoped by its id', () => {
    const site = {
      plugins: [
        ['content-docs', {id: 'archive', path: 'archive'}],
      ] as SiteConfig['plugins'],
    };
    const main = runContext(loadContext(site), validate({}), {}, silent);
    const archive = runContext(
      loadContext(site),
      validate({id: 'archive', docsPluginId: 'archive'}),
      {},
      silent,
    );
    expect(main.options.cacheDir).toBe('mlsd-cache');
    expect(archive.options.cacheDir).toBe('mlsd-cache-archive');
    expect(validate({id: 'archive', cacheDir: 'answers'}).cacheDir).toBe(
      'answers',
    );
    expect(main.stateDir).toBe(
      '/site/.docusaurus/docusaurus-plugin-mlsd-deploy/default',
    );
    expect(archive.stateDir).toBe(
      '/site/.docusaurus/docusaurus-plugin-mlsd-deploy/archive',
    );
    expect(main.docsDir).toBe('/site/docs');
    expect(archive.docsDir).toBe('/site/archive');
    expect(archive.permalinkBase).toBe('/ru/docs');
    expect(commandName(main.options.id)).toBe('mlsd');
    expect(commandName(archive.options.id)).toBe('mlsd:archive');
  });

  it('a cache folder no other instance of the site uses', async () => {
    const site = loadContext({});
    // Docusaurus hands every plugin of a load one context; a dev-server reload, a new one.
    await pluginMlsdDeploy(site, validate({}));
    await pluginMlsdDeploy(site, validate({id: 'archive'}));
    await expect(
      pluginMlsdDeploy(site, validate({id: 'shared', cacheDir: 'mlsd-cache'})),
    ).rejects.toThrow(
      /instances `default` and `shared` both use the cache folder \/site\/mlsd-cache: each would prune the other's answers[\s\S]*Give each its own `cacheDir`/,
    );
    await expect(
      pluginMlsdDeploy(
        site,
        validate({id: 'dotted', cacheDir: './archive/../mlsd-cache-archive'}),
      ),
    ).rejects.toThrow(/`archive` and `dotted`/);
    // The same instance again (a reload) and another load of the site are no conflict.
    await pluginMlsdDeploy(site, validate({id: 'archive'}));
    await pluginMlsdDeploy(
      loadContext({}),
      validate({id: 'shared', cacheDir: 'mlsd-cache'}),
    );
  });
});

describe('readDocsTree', () => {
  let dir: string;
  const write = async (path: string, text = '# x\n') => {
    await mkdir(join(dir, path, '..'), {recursive: true});
    await writeFile(join(dir, path), text);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsd-docs-'));
    await write('a/1-problem.md');
    await write('a/_partial.mdx');
    await write('_drafts/x.md');
    await write('a/__tests__/y.md');
    await write('b/page.mdx', '---\nmlsd: yes\n---\n# b\n');
    await write('drafts/z.md');
    await write('a/_category_.json', '{"label": "Alpha"}');
  });
  afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it("lists what the docs plugin reads, with its default excludes, or the instance's globs", async () => {
    const all = await readDocsTree({docsDir: dir});
    expect(all.files.map((file) => file.path)).toEqual([
      'a/1-problem.md',
      'b/page.mdx',
      'drafts/z.md',
    ]);
    expect(all.categories).toEqual({a: {label: 'Alpha'}});
    const own = await readDocsTree({
      docsDir: dir,
      docsGlobs: {include: ['**/*.md'], exclude: ['drafts/**']},
    });
    expect(own.files.map((file) => file.path).sort()).toEqual([
      '_drafts/x.md',
      'a/1-problem.md',
      'a/__tests__/y.md',
    ]);
  });

  it("reads front matter with the site's parseFrontMatter when it has one", async () => {
    // A Deploy page the plugin wrote: its front matter is the plugin's own, never parsed again.
    await writeFile(
      join(dir, 'b', '6-deploy.mdx'),
      `---\n# ${GENERATED_MARKER}: edits here are overwritten.\ntitle: Deploy\n---\n`,
    );
    const parsed: string[] = [];
    const tree = await readDocsTree({
      docsDir: dir,
      parseFrontMatter: async ({
        filePath,
        fileContent,
        defaultParseFrontMatter,
      }) => {
        parsed.push(filePath);
        const result = await defaultParseFrontMatter({
          filePath: '',
          fileContent: fileContent.replace('mlsd: yes', 'mlsd: true'),
        });
        return result;
      },
    });
    expect(
      tree.files.find((file) => file.path === 'b/page.mdx')?.frontMatter,
    ).toEqual({mlsd: true});
    expect(parsed.some((file) => file.endsWith('page.mdx'))).toBe(true);
    expect(parsed.some((file) => file.endsWith('6-deploy.mdx'))).toBe(false);
    await rm(join(dir, 'b', '6-deploy.mdx'));
  });

  it('says which option to set when the folder is missing', async () => {
    await expect(readDocsTree({docsDir: join(dir, 'nope')})).rejects.toThrow(
      /Cannot read the docs folder .*docsPluginId/,
    );
  });
});
