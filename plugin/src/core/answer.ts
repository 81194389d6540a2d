import type {Nodes, Root, RootContent} from 'mdast';
import {linesOutsideFences} from './fences';
import type {MarkdownTools} from './markdown';
import {nodeText, shiftHeadings} from './sections';

const SAFE_URL = /^(?:https?:|mailto:)/i;

/** Fence languages kept on code blocks; anything else is dropped (the code stays). */
const SAFE_LANG = /^[A-Za-z0-9_+#.-]{1,40}$/;

/** A heading that only restates the page's title ("6. Deploy", "Раздел 6: Deploy"). */
const PAGE_TITLE_ECHO =
  /^\s*(?:(?:раздел|section)\s*)?(?:6\s*[.):]?\s*)?["«]?deploy(?:ment)?["»]?\s*$/i;

/** Nodes whose children are blocks; every other parent holds phrasing content. */
const FLOW_PARENTS = new Set([
  'root',
  'blockquote',
  'listItem',
  'footnoteDefinition',
]);

const textNode = (value: string): Nodes => ({type: 'text', value});

/** A link to `url` when it is a safe target; its content alone when not. */
function linkOr(url: string, children: Nodes[]): Nodes[] {
  const target = url.trim();
  return SAFE_URL.test(target)
    ? [{type: 'link', url: target, children} as Nodes]
    : children;
}

/**
 * Rewrites an answer's tree so that nothing in it can run or break the page: HTML as text, links
 * to http(s)/mailto only, images as links, fences without meta, `mdx-code-block` as `mdx`.
 */
function neutralize(nodes: readonly Nodes[], flow = true): Nodes[] {
  return nodes.flatMap((node): Nodes[] => {
    switch (node.type) {
      case 'html': {
        // A block of HTML becomes a paragraph of text: a bare text node among blocks would
        // make the serializer join every block of its parent into one line.
        const text = textNode(node.value);
        return [flow ? ({type: 'paragraph', children: [text]} as Nodes) : text];
      }
      case 'definition':
        return [];
      case 'link':
        return linkOr(node.url, neutralize(node.children, false));
      case 'linkReference':
        return neutralize(node.children, false);
      case 'image':
        return linkOr(node.url, [textNode(node.alt || node.url)]);
      case 'imageReference':
        return [textNode(node.alt ?? '')];
      case 'code': {
        const lang = node.lang === 'mdx-code-block' ? 'mdx' : node.lang;
        const safe = lang && SAFE_LANG.test(lang) ? lang : null;
        return [{type: 'code', lang: safe, meta: null, value: node.value}];
      }
    }
    if (!('children' in node)) return [node];
    const children = neutralize(
      node.children as Nodes[],
      FLOW_PARENTS.has(node.type),
    );
    return [{...node, children} as Nodes];
  });
}

/**
 * Turns a model's answer into Markdown that MDX compiles as plain content: read as CommonMark +
 * GFM, neutralized, written back with `{`, `<`, directives and line-start `import` escaped.
 */
export function sanitizeAnswer(text: string, tools: MarkdownTools): string {
  const tree = tools.parseAnswer(text.replace(/\r\n?/g, '\n'));
  const root: Root = {
    type: 'root',
    children: neutralize(tree.children) as RootContent[],
  };
  // Models often restate the section title; the page already has it.
  const first = root.children[0];
  if (first?.type === 'heading' && PAGE_TITLE_ECHO.test(nodeText(first)))
    root.children.shift();
  // The page title is the only `#`.
  shiftHeadings(root, tools, 2, true);
  return escapeEsm(tools.stringifyAnswer(root)).trim();
}

/** A line's start that MDX reads as JavaScript, after list and quote marks: its `i` or `e`. */
const ESM_START =
  /^(\s*(?:[>*+-]\s+|\d+[.)]\s+)*)(?:(i)(?=mport\b)|e(?=xport\b))/;

/** Escapes line-start `import`/`export` outside fences (MDX reads those lines as JavaScript). */
export function escapeEsm(markdown: string): string {
  const lines = markdown.split('\n');
  const outside = linesOutsideFences(lines);
  for (const [n, line] of lines.entries()) {
    if (outside[n])
      lines[n] = line.replace(
        ESM_START,
        (_m, start: string, i?: string) => `${start}&#x${i ? '69' : '65'};`,
      );
  }
  return lines.join('\n');
}

/** Fences text as a code block whose fence no line of the text can close. */
export function fenceAsText(text: string, lang = 'text'): string {
  const longest = Math.max(
    2,
    ...[...text.matchAll(/`+/g)].map((match) => match[0].length),
  );
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/** MDX and the remark plugins Docusaurus reads a page with, loaded on first use. */
const loadMdx = () =>
  Promise.all([
    import('@mdx-js/mdx'),
    import('remark-gfm'),
    import('remark-directive'),
    import('remark-frontmatter'),
  ]);
let mdx: ReturnType<typeof loadMdx> | undefined;

/** Compiles a page as Docusaurus will: the error, if any. A cheap net under `sanitizeAnswer`. */
export async function mdxCompileError(
  page: string,
): Promise<string | undefined> {
  try {
    const [{compile}, gfm, directive, frontmatter] = await (mdx ??= loadMdx());
    await compile(page, {
      remarkPlugins: [frontmatter.default, gfm.default, directive.default],
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
