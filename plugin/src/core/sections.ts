import type {
  Heading,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Text,
} from 'mdast';
import {mdxErrorOf, type MarkdownTools} from './markdown';

/** The clean Markdown of one section, ready for the prompt. */
export interface SectionText {
  /** The section's own title, as its author wrote it (Markdown marks removed). */
  title: string;
  /** The body in plain Markdown: no front matter, no MDX, headings below the title's level. */
  markdown: string;
  /** The page is not valid MDX (`line:column: reason`): read as CommonMark, and said. */
  mdxError?: string;
}

/** Heading depth the section titles take in the prompt; their own headings go below it. */
export const PROMPT_TITLE_DEPTH = 3;

/** Plain text of a node, as a reader sees it. */
export function nodeText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string')
    return node.type === 'html' || node.type === 'yaml' ? '' : node.value;
  if (node.type === 'image') return node.alt ?? '';
  if ('children' in node)
    return (node.children as Nodes[]).map(nodeText).join('');
  return '';
}

/** A page's blocks, less its front matter. */
export const pageBlocks = (tree: Root): RootContent[] =>
  tree.children.filter(
    (node) => node.type !== 'yaml' && node.type !== ('toml' as string),
  );

export const isBlank = (node: PhrasingContent): boolean =>
  node.type === 'text' && !node.value.trim();

/** A link to an anchor of the page, or blank text beside one. */
export const isAnchorLink = (node: PhrasingContent): boolean =>
  (node.type === 'link' && node.url.startsWith('#')) || isBlank(node);

/** A heading's title: its text without a trailing `{#id}` anchor. */
export function headingTitle(heading: Heading): string {
  return nodeText(heading)
    .replace(/\s*\{#[^}]*\}\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Admonition labels as Docusaurus shows them. */
const LABELS: Record<string, string> = {
  note: 'Note',
  tip: 'Tip',
  info: 'Info',
  warning: 'Warning',
  caution: 'Caution',
  danger: 'Danger',
  important: 'Important',
  success: 'Success',
  secondary: 'Note',
};

function isComment(node: RootContent): boolean {
  return node.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(node.value);
}

/** The text of a node as it stands in the source, if it has a place there. */
function sourceText(node: Nodes, source: string): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined
    ? undefined
    : source.slice(start, end);
}

/** Character references a writer types in prose, and what they stand for. */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  laquo: '«',
  raquo: '»',
  hellip: '…',
  copy: '©',
  times: '×',
};

/** What source text reads as: backslash escapes and character references resolved. */
function readBack(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(
      /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(\w+));/g,
      (all, dec: string, hex: string, name: string) => {
        if (name) return NAMED[name] ?? all;
        const code = dec ? Number(dec) : Number.parseInt(hex, 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      },
    );
}

/**
 * A text node with its source as typed (`data.written`, less container marks), so the prompt shows
 * no escape the writer did not type (`~24`, not `\~24`); kept only if it reads back as the text.
 */
function withWrittenText(node: Text, source: string): Text {
  const written = sourceText(node, source)
    ?.split(/\r\n?|\n/)
    .map((line, i) => (i === 0 ? line : line.replace(/^[ \t>]*/, '')))
    .join('\n');
  return written !== undefined &&
    readBack(written) === node.value.replace(/\r\n?/g, '\n')
    ? {...node, data: {...node.data, written} as Text['data']}
    : node;
}

const boldLine = (value: string): Paragraph => ({
  type: 'paragraph',
  children: [{type: 'strong', children: [{type: 'text', value}]}],
});

/**
 * Rewrites a page's blocks into plain Markdown for the prompt: no MDX code or comments, JSX as its
 * content, admonitions as quotes, stray directives (`10:30`) as text, anchor links as their text.
 */
function clean(nodes: readonly Nodes[], source: string): Nodes[] {
  return nodes.flatMap((node): Nodes[] => {
    switch (node.type) {
      case 'mdxjsEsm':
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        return [];
      case 'html':
        if (isComment(node as RootContent)) return [];
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const label = node.attributes.find(
          (attribute) =>
            attribute.type === 'mdxJsxAttribute' &&
            ['summary', 'title', 'label'].includes(attribute.name) &&
            typeof attribute.value === 'string',
        )?.value as string | undefined;
        const body = clean(node.children as Nodes[], source);
        return label && node.type === 'mdxJsxFlowElement'
          ? [boldLine(label), ...body]
          : body;
      }
      case 'containerDirective': {
        const [first, ...rest] = node.children;
        const own = first?.type === 'paragraph' && first.data?.directiveLabel;
        const label = own ? nodeText(first) : (LABELS[node.name] ?? node.name);
        const body = clean(own ? rest : node.children, source) as never[];
        const children = [boldLine(`${label}:`), ...body];
        return [{type: 'blockquote', children}];
      }
      case 'leafDirective':
      case 'textDirective': {
        const value = sourceText(node, source) ?? nodeText(node);
        const text = {type: 'text', value} as const;
        if (node.type === 'textDirective') return [text];
        return [{type: 'paragraph', children: [text]}];
      }
      case 'paragraph':
        // "Back to contents" lines: nothing but a link to an anchor of the page.
        if (node.children.length > 0 && node.children.every(isAnchorLink))
          return [];
        break;
      case 'link':
        if (node.url.startsWith('#')) return clean(node.children, source);
        break;
      case 'text':
        return [withWrittenText(node, source)];
      case 'image':
        if (/^data:/i.test(node.url))
          return [
            {type: 'text', value: node.alt ? `(image: ${node.alt})` : ''},
          ];
    }
    if (!('children' in node)) return [node];
    const children = clean(node.children as Nodes[], source);
    return [{...node, children} as Nodes];
  });
}

/** Shifts headings so the shallowest sits at `top` (capped at 6); with `down`, only deeper. */
export function shiftHeadings(
  root: Root,
  tools: MarkdownTools,
  top: number,
  down = false,
): void {
  const headings: Heading[] = [];
  tools.visit(root, 'heading', (heading) => {
    headings.push(heading);
  });
  const min = Math.min(...headings.map((heading) => heading.depth));
  if (down && min >= top) return;
  for (const heading of headings)
    heading.depth = Math.min(6, heading.depth - min + top) as Heading['depth'];
}

/** Cleaned nodes as prompt Markdown under a `PROMPT_TITLE_DEPTH` title; own headings from `top`. */
export function sectionMarkdown(
  nodes: readonly Nodes[],
  source: string,
  tools: MarkdownTools,
  top = PROMPT_TITLE_DEPTH + 1,
): string {
  // Paragraphs that cleaning left empty (a wrapper around an expression, say) are dropped.
  const children = clean(nodes, source).filter(
    (node) => node.type !== 'paragraph' || !node.children.every(isBlank),
  );
  const root: Root = {type: 'root', children: children as RootContent[]};
  shiftHeadings(root, tools, top);
  return tools.stringifyPrompt(root).trim();
}

/** A whole page as one section: its title (`title` or first `#` heading) and the rest, cleaned. */
export function extractPageSection(
  content: string,
  format: 'md' | 'mdx',
  tools: MarkdownTools,
  fallbackTitle: string,
): SectionText {
  const tree = tools.parseDoc(content, format);
  const children = pageBlocks(tree);
  const first = children.find(
    (node) => node.type !== 'mdxjsEsm' && !isComment(node),
  );
  const title =
    first?.type === 'heading' && first.depth === 1 ? first : undefined;
  const body = children.filter((node) => node !== title);
  const mdxError = mdxErrorOf(tree);
  return {
    title: title ? headingTitle(title) : fallbackTitle,
    markdown: sectionMarkdown(body, content, tools),
    ...(mdxError ? {mdxError} : {}),
  };
}
