import {describe, expect, it} from 'vitest';
import {loadMarkdownTools} from '../../plugin/src/core/markdown';
import {extractPageSection} from '../../plugin/src/core/sections';

const tools = await loadMarkdownTools();

describe('extractPageSection', () => {
  it('turns an MDX page into clean Markdown: no front matter, ESM or JSX, content kept', () => {
    const page = [
      '---',
      'description: secret front matter',
      'sidebar_position: 4',
      '---',
      '',
      "import Details from '@theme/Details';",
      'export const meta = {a: 1};',
      '',
      '# 4. Архитектура и модели',
      '',
      'Intro with **bold** and `code`.',
      '',
      '<!-- an editor note -->',
      '',
      '## Ranking',
      '',
      '| Model | p99 |',
      '| --- | --- |',
      '| DCN-v2 | 40 ms |',
      '',
      '<Details summary="Why not GBDT">',
      '',
      '- slower to retrain',
      '- worse on sparse features',
      '',
      '</Details>',
      '',
      ':::warning[Latency budget]',
      '',
      'Keep the ranker under 40 ms.',
      '',
      ':::',
      '',
      '```python',
      'score = ranker(x)',
      '```',
      '',
      '![diagram](data:image/png;base64,iVBORw0KGgo=)',
      '',
      'Retrain at 10:30 daily.',
    ].join('\n');
    const section = extractPageSection(page, 'mdx', tools, 'fallback');
    expect(section.title).toBe('4. Архитектура и модели');
    const md = section.markdown;
    expect(md).not.toMatch(
      /secret front matter|sidebar_position|import Details|export const|<Details|<!--|base64/,
    );
    expect(md).toContain('#### Ranking');
    expect(md).toContain('| DCN-v2 | 40 ms |');
    expect(md).toContain('**Why not GBDT**');
    expect(md).toContain('- slower to retrain');
    expect(md).toContain('> **Latency budget:**');
    expect(md).toContain('> Keep the ranker under 40 ms.');
    expect(md).toContain('```python\nscore = ranker(x)\n```');
    expect(md).toContain('(image: diagram)');
    expect(md).toContain('Retrain at 10:30 daily.');
  });

  it('gives the same Markdown whatever the line endings, trailing spaces and blank lines', () => {
    const a = extractPageSection(
      '# 3. Данные\n\nClicks: 2B a day.\n\n- one\n- two\n',
      'md',
      tools,
      'x',
    ).markdown;
    const b = extractPageSection(
      '# 3. Данные  \r\n\r\n\r\n\r\nClicks: 2B a day.   \r\n\r\n- one\r\n- two\r\n\r\n\r\n',
      'md',
      tools,
      'x',
    ).markdown;
    expect(b).toBe(a);
  });

  it('reads a .md page that is not valid MDX as CommonMark', () => {
    const section = extractPageSection(
      '# 3. Данные\n\nLatency < 5 s and {unbalanced\n',
      'md',
      tools,
      'x',
    );
    expect(section.markdown).toContain('{unbalanced');
  });

  it('uses the given title when the page has no heading', () => {
    const section = extractPageSection(
      '---\ntitle: 1. Постановка задачи\n---\nBody.',
      'md',
      tools,
      '1. Постановка задачи',
    );
    expect(section).toEqual({title: '1. Постановка задачи', markdown: 'Body.'});
  });
});

describe('the writer’s text, as written', () => {
  const section = (lines: string[], format: 'md' | 'mdx' = 'md') =>
    extractPageSection(lines.join('\n'), format, tools, 'Данные').markdown;
  const PAGE = [
    '# 3. Данные',
    '',
    'Около ~24 млн строк, *x*y и dim_place; 5% — шум, <200 мс, Q&A, lift@5%, [черновик].',
    'Вторая строка абзаца: a*b*c, 2 * 3.',
    '',
    '- Пункт с продолжением ~1',
    '  на следующей строке ~2',
    '  > цитата ~3',
    '  > вторая строка ~4',
    '',
    '| Поле | Тип |',
    '| --- | --- |',
    '| user_id | ~int64 \\| null |',
    '',
    '```sql',
    "SELECT * FROM t WHERE a ~ 'x_\\*';",
    '```',
    '',
    'Свои экранирования автора: 1\\. не список, \\*не курсив\\*, \\[скобки\\], Q\\&A, &amp;.',
  ];

  it('adds no escape the writer did not type, in prose, lists, quotes, tables and code', () => {
    const text = section(PAGE);
    expect(text).toContain(
      'Около ~24 млн строк, *x*y и dim_place; 5% — шум, <200 мс, Q&A, lift@5%, [черновик].\nВторая строка абзаца: a*b*c, 2 * 3.',
    );
    expect(text).toContain(
      '- Пункт с продолжением ~1\n  на следующей строке ~2\n  > цитата ~3\n  > вторая строка ~4',
    );
    expect(text).toMatch(/^\| user_id \| ~int64 \\\| null \|$/m);
    expect(text).toContain("```sql\nSELECT * FROM t WHERE a ~ 'x_\\*';\n```");
    // Before the code block (whose backslash is the writer’s), none but the table’s own.
    expect(
      text.slice(0, text.indexOf('```')).replace('\\|', '|'),
    ).not.toContain('\\');
  });

  it('keeps the writer’s own escapes and character references', () => {
    expect(section(PAGE)).toContain(
      'Свои экранирования автора: 1\\. не список, \\*не курсив\\*, \\[скобки\\], Q\\&A, &amp;.',
    );
  });

  it('reads the same, however the writer indented continuation lines or ended them', () => {
    const other = PAGE.map((line) =>
      line.startsWith('  ') ? `    ${line.trimStart()}` : line,
    );
    expect(section(other)).toBe(section(PAGE));
    expect(section(PAGE.map((line) => `${line}\r`))).toBe(section(PAGE));
  });

  it('reads .mdx pages the same way', () => {
    const mdx = section(
      ['# 3. Данные', '', 'Около ~24 млн, dim_place, 5%, [черновик].'],
      'mdx',
    );
    expect(mdx).toBe('Около ~24 млн, dim_place, 5%, [черновик].');
  });
});
