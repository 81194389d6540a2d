import type {
  Heading,
  Nodes,
  PhrasingContent,
  Root,
  RootContent,
  Text,
} from 'mdast';
import {mdxErrorOf, type MarkdownTools} from './markdown';
import {writtenText} from './written';

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
  if ('value' in node && typeof node.value === 'string') {
    return node.type === 'html' || node.type === 'yaml' ? '' : node.value;
  }
  if (node.type === 'image') return node.alt ?? '';
  if ('children' in node)
    return (node.children as Nodes[]).map(nodeText).join('');
  return '';
}

/** A heading's title: its text without a trailing `{#id}` anchor. */
export function headingTitle(heading: Heading): string {
  return nodeText(heading)
    .replace(/\s*\{#[^}]*\}\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ADMONITION_LABELS: Record<string, string> = {
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

/** The text of a node as it stands in the source. */
function sourceOf(node: Nodes, source: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined
    ? nodeText(node)
    : source.slice(start, end);
}

/**
 * Rewrites nodes into plain Markdown for the prompt: MDX ESM, expressions and comments dropped,
 * JSX wrappers replaced by their content (a `summary`/`title` kept as a bold line), admonitions
 * as labelled block quotes, stray directives (`10:30` read as `:30`) back to text, base64 images
 * as their alt text, links to the page's anchors as their text ("back to contents" dropped).
 */
function clean(nodes: readonly Nodes[], source: string): Nodes[] {
  const out: Nodes[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'yaml':
      case 'toml' as string:
      case 'mdxjsEsm':
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        continue;
      case 'html':
        if (!isComment(node as RootContent)) out.push(node);
        continue;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const label = node.attributes.find(
          (attribute) =>
            attribute.type === 'mdxJsxAttribute' &&
            ['summary', 'title', 'label'].includes(attribute.name) &&
            typeof attribute.value === 'string',
        )?.value as string | undefined;
        const children = clean(node.children as Nodes[], source);
        if (label && node.type === 'mdxJsxFlowElement') {
          out.push({
            type: 'paragraph',
            children: [
              {type: 'strong', children: [{type: 'text', value: label}]},
            ],
          });
        }
        out.push(...children);
        continue;
      }
      case 'containerDirective': {
        const [first, ...rest] = node.children;
        const hasLabel =
          first?.type === 'paragraph' && first.data?.directiveLabel;
        const labelText = hasLabel
          ? nodeText(first)
          : (ADMONITION_LABELS[node.name] ?? node.name);
        const body = clean(hasLabel ? rest : node.children, source);
        out.push({
          type: 'blockquote',
          children: [
            {
              type: 'paragraph',
              children: [
                {
                  type: 'strong',
                  children: [{type: 'text', value: `${labelText}:`}],
                },
              ],
            },
            ...(body as RootContent[] as never[]),
          ],
        });
        continue;
      }
      case 'leafDirective':
      case 'textDirective': {
        const text = {type: 'text', value: sourceOf(node, source)} as const;
        out.push(
          node.type === 'leafDirective'
            ? {type: 'paragraph', children: [text]}
            : text,
        );
        continue;
      }
      case 'paragraph':
        // "Back to contents" lines: nothing but a link to an anchor of the page.
        if (
          node.children.length > 0 &&
          node.children.every(
            (child) =>
              (child.type === 'link' && child.url.startsWith('#')) ||
              (child.type === 'text' && !child.value.trim()),
          )
        ) {
          continue;
        }
        out.push({...node, children: clean(node.children, source)} as Nodes);
        continue;
      case 'link':
        if (node.url.startsWith('#')) {
          out.push(...clean(node.children, source));
          continue;
        }
        out.push({...node, children: clean(node.children, source)} as Nodes);
        continue;
      case 'text': {
        // The writer's own characters go to the prompt (see `writtenText`).
        const written = writtenText(node, source);
        out.push(
          written === undefined
            ? node
            : {...node, data: {...node.data, written} as Text['data']},
        );
        continue;
      }
      case 'image':
        if (/^data:/i.test(node.url)) {
          out.push({
            type: 'text',
            value: node.alt ? `(image: ${node.alt})` : '',
          });
          continue;
        }
        out.push(node);
        continue;
      default:
        if ('children' in node) {
          out.push({
            ...node,
            children: clean(node.children as Nodes[], source),
          } as Nodes);
        } else {
          out.push(node);
        }
    }
  }
  return out;
}

/** Moves every heading so that the shallowest sits at `top` (capped at 6). */
function shiftHeadings(root: Root, top: number, tools: MarkdownTools): void {
  const headings: Heading[] = [];
  tools.visit(root, 'heading', (heading) => {
    headings.push(heading);
  });
  if (headings.length === 0) return;
  const min = Math.min(...headings.map((heading) => heading.depth));
  for (const heading of headings)
    heading.depth = Math.min(6, heading.depth - min + top) as Heading['depth'];
}

/** Drops paragraphs that cleaning left empty (a wrapper around an expression, say). */
function dropEmpty(nodes: Nodes[]): Nodes[] {
  return nodes.filter(
    (node) =>
      !(
        node.type === 'paragraph' &&
        (node.children as PhrasingContent[]).every(
          (child) => child.type === 'text' && !child.value.trim(),
        )
      ),
  );
}

/** Cleaned nodes as prompt Markdown under a `PROMPT_TITLE_DEPTH` title; own headings from `top`. */
export function sectionMarkdown(
  nodes: readonly Nodes[],
  source: string,
  tools: MarkdownTools,
  top = PROMPT_TITLE_DEPTH + 1,
): string {
  const root: Root = {
    type: 'root',
    children: dropEmpty(clean(nodes, source)) as RootContent[],
  };
  shiftHeadings(root, top, tools);
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
  const children = tree.children.filter(
    (node) => node.type !== 'yaml' && node.type !== ('toml' as string),
  );
  let title = fallbackTitle;
  const first = children.find(
    (node) => node.type !== 'mdxjsEsm' && !isComment(node),
  );
  let body: RootContent[] = children;
  if (first?.type === 'heading' && first.depth === 1) {
    title = headingTitle(first);
    body = children.filter((node) => node !== first);
  }
  const mdxError = mdxErrorOf(tree);
  return {
    title,
    markdown: sectionMarkdown(body, content, tools),
    ...(mdxError ? {mdxError} : {}),
  };
}
