import {describe, expect, it} from 'vitest';
import {findDesigns, type DocFile} from '../../plugin/src/core/discover';
import {loadMarkdownTools} from '../../plugin/src/core/markdown';
import {discoverOptions} from '../support/designs';
import {analyzePageDesign} from '../../plugin/src/core/pageDesign';
import {
  DEFAULT_MATCHERS,
  resolveMatchers,
} from '../../plugin/src/core/matchers';
import {ROLES} from '../../plugin/src/core/roles';
import {extractPageSection} from '../../plugin/src/core/sections';

const tools = await loadMarkdownTools();

/** Headings taken per role when `text` is read as a single-page design. */
function rolesOf(
  text: string,
  format: 'md' | 'mdx' = 'md',
  matchers = DEFAULT_MATCHERS,
) {
  const read = analyzePageDesign(
    {file: 'doc.md'},
    text,
    format,
    tools,
    matchers,
  );
  return {
    headings: Object.fromEntries(
      ROLES.map((role) => [
        role,
        read.sections[role]?.ranges?.map((range) => range.heading) ?? [],
      ]),
    ),
    prompt: Object.fromEntries(
      read.prompt.map((section) => [section.role, section.markdown]),
    ),
  };
}

const body = (role: string) =>
  `Текст раздела ${role}, достаточно длинный, чтобы быть разделом.`;
const PROBLEM = body('problem');
const DATA = body('data');
const ARCH = body('architecture');

describe('single-page designs tolerate the quirks of real docs', () => {
  it('list-number prefixes before the heading marks', () => {
    const {headings, prompt} = rolesOf(
      `1. ## Постановка задачи\n\n${PROBLEM}\n\n3. ## Данные\n\n${DATA}\n\n4. ## Модели\n\n${ARCH}\n`,
    );
    expect(headings).toEqual({
      problem: ['1. Постановка задачи'],
      data: ['3. Данные'],
      architecture: ['4. Модели'],
    });
    expect(prompt.data).toBe(DATA);
  });

  it('escaped numbers, bold and code inside headings, {#id} anchors, no space after the number', () => {
    const {headings} = rolesOf(
      `## 1\\. Постановка задачи {#problem}\n\n${PROBLEM}\n\n## **3.Данные**\n\n${DATA}\n\n## 4. \`Архитектура\` и модели\n\n${ARCH}\n`,
    );
    expect(headings).toEqual({
      problem: ['1. Постановка задачи'],
      data: ['3.Данные'],
      architecture: ['4. Архитектура и модели'],
    });
  });

  it('a table of contents that repeats the headings, as links or as real headings, is never a section', () => {
    const {headings, prompt} = rolesOf(
      [
        '## Содержание',
        '',
        '- [1. Постановка задачи](#1-постановка-задачи)',
        '',
        '### 3. Данные',
        '- [3.1 Источники](#31-источники)',
        '',
        '## 1. Постановка задачи',
        '',
        '[⬆ К содержанию](#содержание)',
        '',
        PROBLEM,
        '',
        '## 3. Данные',
        '',
        DATA,
        '',
        '## 4. Архитектура и модели',
        '',
        ARCH,
      ].join('\n'),
    );
    expect(headings).toEqual({
      problem: ['1. Постановка задачи'],
      data: ['3. Данные'],
      architecture: ['4. Архитектура и модели'],
    });
    expect(prompt.data).toBe(DATA);
    expect(prompt.problem).toBe(PROBLEM);
  });

  it('a duplicated section counts once, the longer copy', () => {
    const {prompt} = rolesOf(
      `## 1. Постановка задачи\n\nTBD\n\n## 1. Постановка задачи\n\n${PROBLEM}\n\n## 3. Данные\n\n${DATA}\n`,
    );
    expect(prompt.problem).toBe(PROBLEM);
  });

  it('heading-level jumps and uneven levels: numbering decides where a range ends', () => {
    const {prompt, headings} = rolesOf(
      `# Doc\n\n#### 1. Постановка задачи\n\n${PROBLEM}\n\n##### 1.1 Цель\n\nGoal.\n\n## 3. Данные\n\n${DATA}\n\n### 4. Архитектура и модели\n\n${ARCH}\n`,
    );
    expect(headings.problem).toEqual(['1. Постановка задачи']);
    expect(prompt.problem).toBe(`${PROBLEM}\n\n#### 1.1 Цель\n\nGoal.`);
    expect(prompt.data).toBe(DATA);
  });

  it('CRLF line endings read as LF', () => {
    const lf = `## 1. Постановка задачи\n\n${PROBLEM}\n\n## 3. Данные\n\n${DATA}\n`;
    expect(rolesOf(lf.replace(/\n/g, '\r\n'))).toEqual(rolesOf(lf));
  });

  it('HTML comments are dropped, and a heading inside one is no heading', () => {
    const {headings, prompt} = rolesOf(
      `<!--\n## 3. Данные\n-->\n\n## 1. Постановка задачи\n\n<!-- TODO: SLA -->\n\n${PROBLEM}\n\n## 3. Данные\n\n${DATA}\n`,
    );
    expect(headings.data).toEqual(['3. Данные']);
    expect(prompt.problem).toBe(PROBLEM);
  });

  it('base64 images become their alt text in the prompt', () => {
    const {prompt} = rolesOf(
      `## 4. Архитектура и модели\n\n${ARCH}\n\n![Схема сервиса](data:image/png;base64,${'A'.repeat(5000)})\n\n## 3. Данные\n\n${DATA}\n`,
    );
    expect(prompt.architecture).toBe(`${ARCH}\n\n(image: Схема сервиса)`);
  });

  it('.mdx pages: imports and JSX wrappers go, their content stays', () => {
    const mdx = `import Tabs from '@theme/Tabs';\n\n## 1. Постановка задачи\n\n<Tabs>\n\n${PROBLEM}\n\n</Tabs>\n\n## 3. Данные\n\n${DATA}\n`;
    const {prompt} = rolesOf(mdx, 'mdx');
    expect(prompt.problem).toBe(PROBLEM);
  });

  it('a role split by a template gathers its ranges, and an inner range of another role is cut out, not a stage of its own', () => {
    const {headings, prompt} = rolesOf(
      [
        '## 1. Цели и предпосылки',
        PROBLEM,
        '## 2. Методология',
        'Intro of the method.',
        '### 2.1 Постановка задачи',
        'Predict churn weekly.',
        '### 2.2 Этап 1 — подготовка данных',
        DATA,
        '### 2.3 Этап 2 — обучение моделей',
        ARCH,
        '### 2.4 Этап 3 — деплой',
        'Ship it.',
        '## 3. Подготовка пилота',
        'Pilot.',
      ].join('\n\n'),
    );
    expect(headings).toEqual({
      problem: ['1. Цели и предпосылки', '2.1 Постановка задачи'],
      data: ['2.2 Этап 1 — подготовка данных'],
      architecture: ['2. Методология'],
    });
    expect(prompt.problem).toBe(
      `${PROBLEM}\n\n#### 2.1 Постановка задачи\n\nPredict churn weekly.`,
    );
    // A deploy stage stands under the methodology and stays in it: only the doc's own
    // chapters that are no input are cut out (`3. Подготовка пилота` is outside anyway).
    expect(prompt.architecture).toBe(
      `Intro of the method.\n\n#### 2.3 Этап 2 — обучение моделей\n\n${ARCH}\n\n#### 2.4 Этап 3 — деплой\n\nShip it.`,
    );
    expect(prompt.architecture).not.toContain('Pilot.');
  });

  it('a heading in a list item after other list content (Google Docs export) is a heading', () => {
    const {headings, prompt} = rolesOf(
      [
        '1. Intro item',
        '',
        '   An indented paragraph of the item.',
        '',
        '2. ## **Постановка задачи** {#2.-постановка-задачи}',
        '',
        `   ${PROBLEM}`,
        '',
        '3. ## **Данные** {#3.-данные}',
        '',
        `   ${DATA}`,
        '',
        '4. Plain item.',
        '   ### **Модели** {#4.1-модели}',
        '',
        ARCH,
      ].join('\n'),
    );
    expect(headings).toEqual({
      problem: ['2. Постановка задачи'],
      data: ['3. Данные'],
      architecture: ['Модели'],
    });
    expect(prompt.problem).toBe(PROBLEM);
    expect(prompt.architecture).toBe(ARCH);
  });

  it('a bold paragraph is a heading when numbered or opening a block of text, never bold words in prose', () => {
    const {headings, prompt} = rolesOf(
      [
        '## 1. Постановка задачи',
        PROBLEM,
        '**Данные** и есть главное, сказал автор.',
        '**Модели**\nBold line followed by text on the next line, so prose.',
        '## 2. Метрики',
        'Precision.',
        '**3\\. Данные**',
        DATA,
        '**[4. Архитектура](#4)**',
        '',
        '**Архитектура и модели**',
        '',
        ARCH,
      ].join('\n\n'),
    );
    expect(headings).toEqual({
      problem: ['1. Постановка задачи'],
      data: ['3. Данные'],
      architecture: ['Архитектура и модели'],
    });
    expect(prompt.problem).toContain('**Данные** и есть главное');
    expect(prompt.problem).toContain('**Модели**');
    // A bold link (a line of a table of contents) is no heading.
    expect(prompt.data).toBe(`${DATA}\n\n**4. Архитектура**`);
    expect(prompt.architecture).toBe(ARCH);
  });

  it('escaped numbers, escaped ampersands, emoji and anchors with dots', () => {
    const {headings} = rolesOf(
      `## **2\\. Relevance\\&Reasons** {#2.-relevance&reasons}\n\n${PROBLEM}\n\n## 3\\. Dataset😎 {#3.1-data.set}\n\n${DATA}\n\n## **4\\. Baseline solution**\n\n${ARCH}\n`,
    );
    expect(headings).toEqual({
      problem: ['2. Relevance&Reasons'],
      data: ['3. Dataset😎'],
      architecture: ['4. Baseline solution'],
    });
  });

  it('a flat doc: requirements, constraints, goals and the model stage are gathered from siblings', () => {
    const {headings, prompt} = rolesOf(
      [
        '# Doc',
        '## Зачем идем в разработку продукта?',
        'Снизить отток.',
        '## Бизнес-требования и ограничения',
        'p99 ≤ 200 мс, только CPU.',
        '## Постановка задачи',
        PROBLEM,
        '## Этап 1. Подготовка данных',
        DATA,
        '## Этап 2. Подготовка прогнозных моделей',
        ARCH,
        '## Подготовка пилота',
        'Пилот.',
        '## Requirements & Constraints',
        'Cost below $1k a month.',
        '## Success metrics',
        'CTR +2%.',
        '## Model',
        'GBDT.',
      ].join('\n\n'),
    );
    expect(headings).toEqual({
      problem: [
        'Зачем идем в разработку продукта?',
        'Бизнес-требования и ограничения',
        'Постановка задачи',
        'Requirements & Constraints',
        'Success metrics',
      ],
      data: ['Этап 1. Подготовка данных'],
      architecture: ['Этап 2. Подготовка прогнозных моделей', 'Model'],
    });
    expect(prompt.problem).toContain('только CPU');
    expect(prompt.problem).not.toContain('Пилот');
  });

  it('generic titles (Overview, Goals, Constraints) are taken only outside ranges already taken', () => {
    const {headings, prompt} = rolesOf(
      [
        '## Overview',
        PROBLEM,
        '## Training Pipeline',
        ARCH,
        '### Overview',
        'Nightly retraining on Airflow.',
        '### Constraints',
        'One GPU.',
        '## Validation',
        '### Requirements',
        'Time-based split.',
        '## Dataset',
        DATA,
      ].join('\n\n'),
    );
    expect(headings).toEqual({
      problem: ['Overview'],
      data: ['Dataset'],
      architecture: ['Training Pipeline'],
    });
    expect(prompt.architecture).toContain('Nightly retraining');
    expect(prompt.architecture).toContain('One GPU.');
    expect(prompt.problem).not.toContain('Time-based split');
  });

  it('numbering that starts again under an unnumbered heading is its list of steps', () => {
    const {headings, prompt} = rolesOf(
      [
        '## 1. Постановка задачи',
        PROBLEM,
        '## 2. Данные',
        DATA,
        '## Этапы решения задачи',
        'Intro of the stages.',
        '### 1. Обучение',
        ARCH,
        '### 2. Деплой',
        'Ship it.',
      ].join('\n\n'),
    );
    expect(headings.architecture).toEqual(['Этапы решения задачи']);
    expect(prompt.architecture).toBe(
      `Intro of the stages.\n\n#### 1. Обучение\n\n${ARCH}\n\n#### 2. Деплой\n\nShip it.`,
    );
  });

  it('user matchers come first, and can replace the built-in ones', () => {
    const text = `## Зачем\n\n${PROBLEM}\n\n## Данные\n\n${DATA}\n`;
    expect(
      rolesOf(
        text,
        'md',
        resolveMatchers([{role: 'problem', pattern: '^зачем$'}]),
      ).headings.problem,
    ).toEqual(['Зачем']);
    expect(
      rolesOf(
        text,
        'md',
        resolveMatchers([{role: 'problem', pattern: /^зачем$/u}], true),
      ).headings,
    ).toEqual({
      problem: ['Зачем'],
      data: [],
      architecture: [],
    });
  });
});

describe('folder designs tolerate the same quirks in page titles', () => {
  const doc = (path: string, content: string): DocFile => ({path, content});
  const designs = (files: DocFile[]) => findDesigns(files, discoverOptions());

  it('escaped numbers, bold, anchors, CRLF and .mdx pages', () => {
    const [design] = designs([
      doc(
        'x/1.md',
        '---\r\ndescription: x\r\n---\r\n\r\n# 1\\. Постановка задачи {#problem}\r\n\r\nText.\r\n',
      ),
      doc('x/3.md', '# **3. Данные**\n'),
      doc('x/4.mdx', "import X from 'y';\n\n# 4.Архитектура и модели\n"),
    ]);
    expect(design?.missing).toEqual([]);
    expect(
      extractPageSection(
        '# 1\\. Постановка задачи {#problem}\r\n\r\nText.\r\n',
        'md',
        tools,
        'x',
      ),
    ).toEqual({
      title: '1. Постановка задачи',
      markdown: 'Text.',
    });
  });
});

describe('ordinary pages never yield a design', () => {
  const doc = (path: string, content: string): DocFile => ({path, content});
  it.each([
    [
      'a glossary with section-like headings',
      [
        doc(
          'glossary.md',
          '# Глоссарий\n\n## Данные\n\nx\n\n## Архитектура\n\ny\n\n## Постановка задачи\n\nz\n',
        ),
      ],
    ],
    [
      'a guide that lists the sections as headings',
      [
        doc(
          'guide.md',
          '# Guide\n\n## 1. Постановка задачи\n\n## 3. Данные\n\n## 4. Архитектура и модели\n',
        ),
      ],
    ],
    [
      'a folder with one matching page',
      [doc('d/data.md', '# 3. Данные\n'), doc('d/other.md', '# Other\n')],
    ],
    [
      'a folder of pages titled Data and Architecture',
      [
        doc('platform/data.md', '# Data\n'),
        doc('platform/architecture.md', '# Architecture\n'),
      ],
    ],
    [
      'a folder of pages titled with generic words: Overview, Goals, Model, Training',
      [
        doc('ml/overview.md', '# Overview\n'),
        doc('ml/goals.md', '# Goals\n'),
        doc('ml/model.md', '# Model\n'),
        doc('ml/training.md', '# Training\n'),
      ],
    ],
    [
      'a folder whose section titles sit in code',
      [
        doc('c/a.md', '```\n# 1. Постановка задачи\n```\n'),
        doc('c/b.md', '```\n# 3. Данные\n```\n'),
      ],
    ],
    [
      'a design page opted out',
      [
        doc('z/1.md', '---\nmlsd: false\n---\n# 1. Постановка задачи\n'),
        doc('z/3.md', '---\nmlsd: false\n---\n# 3. Данные\n'),
      ],
    ],
  ])('%s', (_name, files) => {
    expect(findDesigns(files, discoverOptions())).toEqual([]);
  });
});
