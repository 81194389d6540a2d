import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {GlobExcludeDefault, Globby} from '@docusaurus/utils';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {listDocsTree, readDocsTree} from '../plugin/src/docs/tree';

const FIXTURES = join(__dirname, 'fixtures');

/** What the docs plugin's own Globby lists, sorted as `listDocsTree` sorts. */
async function globbyLists(
  docsDir: string,
  include: string[],
  exclude: string[],
): Promise<{pages: string[]; categories: string[]}> {
  const options = {cwd: docsDir, ignore: exclude, followSymbolicLinks: false};
  const byPath = (a: string, b: string) => a.localeCompare(b);
  const [pages, categories] = await Promise.all([
    Globby(include, options),
    Globby(['**/_category_.{json,yml,yaml}'], options),
  ]);
  return {pages: pages.sort(byPath), categories: categories.sort(byPath)};
}

describe('listDocsTree', () => {
  let tree: string;

  beforeAll(async () => {
    tree = await mkdtemp(join(tmpdir(), 'mlsd-list-'));
    const files = [
      'a/1-problem.md',
      'a/3-data.mdx',
      'a/_category_.json',
      'a/sub/deep/4-arch.md',
      'a/notes.txt',
      '_partials/shared.md',
      'b/_draft.md',
      'b/_category_.json',
      'b/thing.test.tsx',
      'b/__tests__/x.md',
      '.hidden/secret.md',
      'c/.dotfile.md',
      'c/_category_.yml',
      'c/Заголовок с пробелом.md',
      'c/UPPER.MD',
      'index.md',
    ];
    for (const file of files) {
      await mkdir(dirname(join(tree, file)), {recursive: true});
      await writeFile(
        join(tree, file),
        /_category_\.(json|ya?ml)$/.test(file) ? '{}' : '# x\n',
      );
    }
    // Links are neither followed nor listed: a loop, a link to a page, a broken link.
    await symlink('..', join(tree, 'a', 'loop'));
    await symlink('../index.md', join(tree, 'c', 'linked.md'));
    await symlink('nowhere.md', join(tree, 'c', 'broken.md'));
  });
  afterAll(async () => {
    await rm(tree, {recursive: true, force: true});
  });

  it.each([
    ['the default globs', ['**/*.{md,mdx}'], GlobExcludeDefault],
    ['a narrower include', ['a/**/*.md', 'c/*.md'], GlobExcludeDefault],
    ['its own exclude', ['**/*.{md,mdx}'], ['**/sub/**', 'index.md']],
    ['no exclude', ['**/*.md'], []],
  ])('lists what Globby lists, with %s', async (_name, include, exclude) => {
    const listed = await listDocsTree({
      docsDir: tree,
      docsGlobs: {include, exclude},
    });
    expect(listed).toEqual(await globbyLists(tree, include, exclude));
    expect(listed.pages.length).toBeGreaterThan(0);
  });

  it('lists what Globby lists in docs it did not write (the real design docs)', async () => {
    const listed = await listDocsTree({docsDir: FIXTURES});
    const expected = await globbyLists(
      FIXTURES,
      ['**/*.{md,mdx}'],
      GlobExcludeDefault,
    );
    expect(listed).toEqual(expected);
    expect(listed.pages.length).toBeGreaterThan(20);
  });

  it('goes through Globby for a negated include, with the same result', async () => {
    const include = ['**/*.md', '!a/**'];
    const listed = await listDocsTree({
      docsDir: tree,
      docsGlobs: {include, exclude: GlobExcludeDefault},
    });
    expect(listed.pages).not.toContain('a/1-problem.md');
    expect(listed).toEqual(
      await globbyLists(tree, include, GlobExcludeDefault),
    );
  });
});

describe('readDocsTree', () => {
  let tree: string;
  beforeAll(async () => {
    tree = await mkdtemp(join(tmpdir(), 'mlsd-read-'));
  });
  afterAll(async () => {
    await rm(tree, {recursive: true, force: true});
  });

  it('reads a page once for all its readings, and as the bytes it hashed', async () => {
    const page = join(tree, 'design', '3-data.md');
    await mkdir(dirname(page), {recursive: true});
    const source = [
      '---',
      'title: Данные',
      'sidebar_position: 3',
      '---',
      '',
      '# 3. Данные',
      '',
      '| источник | объём |',
      '| --- | --- |',
      '| клики | 2 ТБ |',
      '',
      '```sql',
      'select * from clicks',
      '```',
      '',
    ].join('\r\n');
    await writeFile(page, source);
    const [file] = (await readDocsTree({docsDir: tree})).files;
    const first = file!.content;
    expect(first).toBe(source.replaceAll('\r\n', '\n'));
    // Saved again after the run listed the tree: the run goes on with the text it hashed.
    await writeFile(page, '# Другой текст\n');
    expect(file!.content).toBe(first);
    // Another page read in between: the first is read from disk again, and found changed.
    await writeFile(join(tree, 'design', '1-problem.md'), '# 1. Задача\n');
    const [problem, data] = (await readDocsTree({docsDir: tree})).files;
    expect(data!.content).toBe('# Другой текст\n');
    expect(problem!.content).toBe('# 1. Задача\n');
    await writeFile(page, '# Ещё один\n');
    expect(() => data!.content).toThrow(/changed while the run was reading/);
  });
});
