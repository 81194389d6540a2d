import {describe, expect, it} from 'vitest';
import {
  escapeEsm,
  fenceAsText,
  mdxCompileError,
  sanitizeAnswer,
} from '../../plugin/src/core/answer';
import {loadMarkdownTools} from '../../plugin/src/core/markdown';
import {renderDeployPage, type DeployPage} from '../../plugin/src/core/page';

const tools = await loadMarkdownTools();

function pageWith(answerMdx: string | null, prompt = 'Prompt'): DeployPage {
  return {
    title: '6. Deploy',
    sidebarLabel: '6. Deploy',
    editUrl: null,
    description: 'd',
    answerMdx,
    // A source title with every character that could break MDX, linked from the prompt.
    sourceLinks: [
      {
        role: 'data',
        title: '3. {Данные} <b> [x](y) `z`',
        href: './3 (data).md',
      },
    ],
    props: {
      designId: 'x',
      designTitle: 'X',
      state: 'fresh',
      prompt,
      meta: null,
      sources: [],
      missing: [],
      message: null,
      notice: null,
      answerAsText: false,
      changed: [],
      parts: null,
      template: 'ru',
      answerMarkdown: null,
      edited: false,
      review: null,
      reviewCommand: null,
      coverage: null,
      figures: null,
    },
  };
}

/** Answers a model might give that break MDX or run script if written raw. */
const HAZARDS: Record<string, string> = {
  'an unclosed brace': 'Budget: a { b',
  'a lone angle bracket': 'latency a <b c',
  'an unclosed div': '<div>\n\ntext',
  'a script tag': '<script>alert(1)</script>',
  'an inline event handler': 'x <img src=x onerror="alert(1)"> y',
  'an ESM import': "import os from 'os'",
  'an ESM export in a list': '- export const a = 1',
  'a JSX expression': '{process.exit(1)}',
  'an mdx-code-block fence': '```mdx-code-block\n<Foo {...props} />\n```',
  'a live code block': '```jsx live\nrender(<b/>)\n```',
  'a heading id': '## Title {#custom-id}',
  'a directive': ':::danger\nboom\n:::\n\nand :abbr[x]{title="y"}',
  'a javascript link': '[x](javascript:alert(1))',
  'a relative link': '[x](../other-page)',
  'an HTML comment': '<!-- hidden -->',
  'a closing tag of the wrapper': '</MlsdDeploy>\n\n<MlsdDeploy>',
};

describe('sanitizeAnswer', () => {
  it.each(Object.entries(HAZARDS))(
    'makes %s safe: the page compiles and no JSX or ESM remains',
    async (_name, text) => {
      const mdx = sanitizeAnswer(text, tools);
      expect(
        await mdxCompileError(renderDeployPage(pageWith(mdx))),
      ).toBeUndefined();
      const tree = (await import('@mdx-js/mdx')).createProcessor().parse(mdx);
      const kinds = new Set<string>();
      const walk = (node: {type: string; children?: unknown[]}) => {
        kinds.add(node.type);
        for (const child of (node.children ?? []) as {type: string}[])
          walk(child);
      };
      walk(tree as never);
      for (const kind of [
        'mdxjsEsm',
        'mdxJsxFlowElement',
        'mdxJsxTextElement',
        'mdxFlowExpression',
        'mdxTextExpression',
        'html',
      ]) {
        expect(kinds.has(kind), `${kind} in ${JSON.stringify(mdx)}`).toBe(
          false,
        );
      }
    },
  );

  it('keeps Markdown structure: headings demoted under the page title, tables, lists, code', () => {
    const mdx = sanitizeAnswer(
      '# 6. Deploy\n\n# Infra\n\n## Sub\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- item\n\n```yaml\nk: v\n```',
      tools,
    );
    expect(mdx).toBe(
      '## Infra\n\n### Sub\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- item\n\n```yaml\nk: v\n```',
    );
  });

  it('keeps http(s) links and drops other targets, keeping their text', () => {
    expect(
      sanitizeAnswer(
        '[a](https://x.org) [b](./page) [c](javascript:void(0)) ![d](https://x.org/i.png)',
        tools,
      ),
    ).toBe('[a](https://x.org) b c [d](https://x.org/i.png)');
  });

  it('drops fence meta and renames mdx-code-block', () => {
    expect(
      sanitizeAnswer(
        '```jsx live title="x"\na\n```\n\n```mdx-code-block\nb\n```',
        tools,
      ),
    ).toBe('```jsx\na\n```\n\n```mdx\nb\n```');
  });
});

describe('escapeEsm', () => {
  it('escapes import/export at line starts outside code only', () => {
    expect(
      escapeEsm('import a\n```\nimport b\n```\n> export c\nimportant'),
    ).toBe('&#x69;mport a\n```\nimport b\n```\n> &#x65;xport c\nimportant');
  });
});

describe('fenceAsText', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(fenceAsText('a ```` b')).toBe('`````text\na ```` b\n`````');
  });
});

describe('renderDeployPage', () => {
  it('compiles whatever the prompt and the notice hold', async () => {
    const prompt =
      'braces { } } {{ and <pre></pre> </MlsdDeploy> `x` ${a} \u2028 "quotes" \\ backslash';
    const base = pageWith(null, prompt);
    // A server's error text in the page's notice is as hostile as a prompt can be.
    const notice = [{id: 'failed' as const, values: {error: prompt}}];
    const page = renderDeployPage({...base, props: {...base.props, notice}});
    expect(await mdxCompileError(page)).toBeUndefined();
    const json = /data=\{(.*)\}>/s.exec(page)![1]!;
    expect(JSON.parse(json).prompt).toBe(prompt);
    expect(JSON.parse(json).notice).toEqual(notice);
  });
});
