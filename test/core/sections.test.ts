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
