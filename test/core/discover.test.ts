import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {findDesigns} from '../../plugin/src/core/discover';
import {GENERATED_MARKER} from '../../plugin/src/core/page';
import {readDocsTree} from '../../plugin/src/docs/tree';
import {discoverOptions, doc} from '../support/designs';
import {ROOT} from '../support/site';

const options = discoverOptions();

describe('findDesigns', () => {
  it('builds a single-page design whole: its roles are read from its headings', () => {
    const [design] = findDesigns(
      [
        doc(
          'one/churn.md',
          '---\nmlsd: true\n---\n# Churn\n\n## 1. Постановка задачи\n\nP.\n\n## 3. Данные\n\nD.\n',
        ),
      ],
      options,
    );
    expect(design?.kind).toBe('page');
    expect(design?.sections.problem).toMatchObject({
      file: 'one/churn.md',
      heading: '1. Постановка задачи',
    });
    expect(design?.sections.data?.file).toBe('one/churn.md');
    expect(design?.missing).toEqual(['architecture']);
  });

  it('takes a folder whose pages are the numbered sections as a design, with each role on its page', () => {
    const designs = findDesigns(
      [
        doc(
          'shop/recs/1-problem.md',
          '---\ndescription: x\n---\n\n# 1. Постановка задачи\n\ntext',
        ),
        doc('shop/recs/2-metrics.md', '# 2. Метрики\n'),
        doc('shop/recs/3-data.md', '---\ntitle: 3. Данные\n---\ntext'),
        doc(
          'shop/recs/4-architecture.mdx',
          "import X from 'y';\n\n# 4. Архитектура и модели\n",
        ),
        doc('shop/recs/5-pilot.md', '# 5. Пилот\n'),
      ],
      {...options, categories: {'shop/recs': {label: 'Recommendations'}}},
    );
    expect(designs).toHaveLength(1);
    expect(designs[0]).toMatchObject({
      id: 'shop/recs',
      title: 'Recommendations',
      missing: [],
      outputFile: 'shop/recs/6-deploy.mdx',
      sidebarPosition: 5.5,
      sections: {
        problem: {
          file: 'shop/recs/1-problem.md',
          heading: '1. Постановка задачи',
        },
        data: {file: 'shop/recs/3-data.md', heading: '3. Данные'},
        architecture: {
          file: 'shop/recs/4-architecture.mdx',
          heading: '4. Архитектура и модели',
        },
      },
    });
  });

  it('reads English titles and titles without numbers in a folder marked as a design', () => {
    const files = [
      doc('a/problem.md', '# Problem statement\n'),
      doc('a/data.md', '# Data\n'),
      doc('a/arch.md', '# Architecture and models\n'),
    ];
    const [design] = findDesigns(files, {
      ...options,
      categories: {a: {mlsd: true}},
    });
    expect(design?.missing).toEqual([]);
    expect(design?.sidebarPosition).toBeUndefined();
    // Without the mark, pages named "Data" and "Architecture" are ordinary pages.
    expect(findDesigns(files, options)).toEqual([]);
    expect(
      findDesigns(
        [
          doc('b/1-problem.md', '# 1. Problem statement\n'),
          doc('b/3-data.md', '# 3. Data\n'),
        ],
        options,
      ),
    ).toHaveLength(1);
  });

  it('takes a page role from `mlsd_section` front matter', () => {
    const [design] = findDesigns(
      [
        doc('m/goals.md', '---\nmlsd_section: problem\n---\n# Goals\n'),
        doc('m/inputs.md', '---\nmlsd_section: data\n---\n# Inputs\n'),
      ],
      options,
    );
    expect(design?.sections.problem).toMatchObject({
      file: 'm/goals.md',
      reason: 'front matter mlsd_section: problem',
    });
    expect(design?.missing).toEqual(['architecture']);
  });

  it('takes single pages opted in by `mlsd: true` or an `include` glob, with their output right after them', () => {
    const designs = findDesigns(
      [
        doc(
          'single/3-churn.md',
          '---\nmlsd: true\nsidebar_position: 3\n---\n# Churn\n',
        ),
        doc('imported/recs.mdx', '# Recs\n'),
        doc('imported/notes.md', '# Notes\n'),
      ],
      {...options, include: ['imported/recs.mdx']},
    );
    expect(
      designs.map((design) => [
        design.id,
        design.kind,
        design.outputFile,
        design.kind === 'page' ? design.outputId : undefined,
        design.sidebarPosition,
      ]),
    ).toEqual([
      [
        'imported/recs',
        'page',
        'imported/recs.mlsd-deploy.mdx',
        'recs-deploy',
        undefined,
      ],
      [
        'single/3-churn',
        'page',
        'single/3-churn.mlsd-deploy.mdx',
        'churn-deploy',
        3.5,
      ],
    ]);
  });

  it('puts the Deploy page after an explicit sidebar_position of section 5', () => {
    const [design] = findDesigns(
      [
        doc(
          'a/p.md',
          '---\nsidebar_position: 10\n---\n# 1. Постановка задачи\n',
        ),
        doc('a/d.md', '---\nsidebar_position: 30\n---\n# 3. Данные\n'),
        doc(
          'a/m.md',
          '---\nsidebar_position: 40\n---\n# 4. Архитектура и модели\n',
        ),
        doc('a/e.md', '---\nsidebar_position: 50\n---\n# 5. Эксперименты\n'),
        doc('a/z.md', '---\nsidebar_position: 70\n---\n# 7. Риски\n'),
      ],
      options,
    );
    expect(design?.sidebarPosition).toBe(50.5);
  });

  it('marks a design with two of three roles incomplete and names what is missing', () => {
    const [design] = findDesigns(
      [
        doc('c/1-p.md', '# 1. Постановка задачи\n'),
        doc('c/3-d.md', '# 3. Данные\n'),
      ],
      options,
    );
    expect(design?.missing).toEqual(['architecture']);
  });

  it('never takes ordinary pages for designs', () => {
    const designs = findDesigns(
      [
        doc(
          'intro.md',
          '# Handbook\n\n## 1. Постановка задачи\n\n## 3. Данные\n\n## 4. Архитектура и модели\n',
        ),
        doc('glossary.md', '# Глоссарий\n\n## Данные\n\n## Архитектура\n'),
        doc('guides/data.md', '# Данные\n\nHow we store data.'),
        doc('guides/other.md', '# Other\n'),
        doc('code/a.md', '```md\n# 1. Постановка задачи\n```\n\n# Notes\n'),
        doc('code/b.md', '# 3. Данные\n'),
      ],
      options,
    );
    expect(designs).toEqual([]);
  });

  it('skips pages with `mlsd: false` and pages it generated itself', () => {
    const designs = findDesigns(
      [
        doc('x/1.md', '---\nmlsd: false\n---\n# 1. Постановка задачи\n'),
        doc('x/3.md', '# 3. Данные\n'),
        doc(
          'y/1.md',
          `---\n# ${GENERATED_MARKER}\n---\n# 1. Постановка задачи\n`,
        ),
        doc('y/3.md', '# 3. Данные\n'),
      ],
      options,
    );
    expect(designs).toEqual([]);
  });

  it('keeps the first page of a role and reports the others as ignored', () => {
    const [design] = findDesigns(
      [
        doc('d/1.md', '# 1. Постановка задачи\n'),
        doc('d/2.md', '# Постановка задачи\n'),
        doc('d/3.md', '# 3. Данные\n'),
      ],
      options,
    );
    expect(design?.kind).toBe('folder');
    expect(design?.sections.problem?.file).toBe('d/1.md');
    expect(
      design?.kind === 'folder' && design.ignored.map((source) => source.file),
    ).toEqual(['d/2.md']);
  });
});

describe('the handbook in content/', () => {
  it('has five designs (one in English), all complete, and no other page is taken for one', async () => {
    const tree = await readDocsTree({docsDir: join(ROOT, 'content')});
    const designs = findDesigns(tree.files, {
      ...options,
      categories: tree.categories,
    });
    expect(designs.map((design) => [design.id, design.missing])).toEqual([
      ['churn-batch', []],
      ['cv-defects', []],
      ['fraud-scoring', []],
      ['llm-support-assistant', []],
      ['recsys-realtime', []],
    ]);
    expect(readFileSync(join(ROOT, 'content', 'glossary.md'), 'utf8')).toMatch(
      /^## Данные/m,
    );
  });
});
