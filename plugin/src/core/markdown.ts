import type {Root} from 'mdast';
import type {Options as StringifyOptions} from 'remark-stringify' with {
  'resolution-mode': 'import',
};
import type {visit} from 'unist-util-visit' with {'resolution-mode': 'import'};

/** The Markdown parsers and serializers, ESM-only: loaded once and handed to the pure core. */
export interface MarkdownTools {
  /** Parses a page as Docusaurus does: GFM, directives, MDX for `mdx` (failing that, CommonMark). */
  parseDoc(text: string, format: 'md' | 'mdx'): Root;
  /** Serializes a cleaned section for the prompt: GFM, no MDX escaping. */
  stringifyPrompt(tree: Root): string;
  /** Parses a model answer as CommonMark + GFM: never as MDX, so nothing in it is code. */
  parseAnswer(text: string): Root;
  /** Serializes a sanitized answer as MDX-safe Markdown (`{`, `<`, directive markers escaped). */
  stringifyAnswer(tree: Root): string;
  /** Walks a tree with `unist-util-visit`: depth first, each node before its children. */
  visit: typeof visit;
}

const stringifyOptions = {
  bullet: '-',
  emphasis: '_',
  strong: '*',
  fence: '`',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  incrementListMarker: true,
} as const;

/** Where a parser stopped (`line:column`, when it says) and why, from the error it threw. */
export function parseFailure(error: unknown): {at?: string; why: string} {
  const {line, column, reason, message} = error as {
    line?: number;
    column?: number;
    reason?: string;
    message?: string;
  };
  const why = reason ?? String(message);
  return line ? {at: `${line}:${column ?? 1}`, why} : {why};
}

/** The MDX syntax error of a page that was read as CommonMark instead, if any. */
export function mdxErrorOf(tree: Root): string | undefined {
  return (tree.data as {mdxError?: string} | undefined)?.mdxError;
}

/** The text handler of a serializer (`mdast-util-to-markdown`), as remark-stringify takes it. */
type TextHandler = NonNullable<
  NonNullable<StringifyOptions['handlers']>['text']
>;

/** Serializes a prompt's text as its writer typed it (`data.written`), else escaped as usual. */
const writtenText: TextHandler = (node, parent, state, info) => {
  const written = (node.data as {written?: string} | undefined)?.written;
  if (written !== undefined) return written;
  const siblings = parent ? parent.children : [];
  const index = state.indexStack[state.indexStack.length - 1]!;
  return state.safe(node.value, {
    ...info,
    beforeNode: siblings[index - 1],
    afterNode: siblings[index + 1],
  });
};

let loading: Promise<MarkdownTools> | undefined;
let loaded: MarkdownTools | undefined;

/** Thrown when a page needs parsing before the tools are loaded: load them and read again. */
export class MarkdownToolsNeeded extends Error {
  constructor() {
    super('the Markdown tools are needed to read a changed page');
  }
}

/** The tools, once `loadMarkdownTools` has loaded them; `MarkdownToolsNeeded` before. */
export function markdownTools(): MarkdownTools {
  if (!loaded) throw new MarkdownToolsNeeded();
  return loaded;
}

/** Loads the unified processors once per process. */
export const loadMarkdownTools = (): Promise<MarkdownTools> =>
  (loading ??= createMarkdownTools().then((tools) => (loaded = tools)));

async function createMarkdownTools(): Promise<MarkdownTools> {
  const [
    {unified},
    {default: remarkParse},
    {default: remarkStringify},
    {default: remarkGfm},
    {default: remarkFrontmatter},
    {default: remarkDirective},
    {default: remarkMdx},
    {default: remarkComment},
    {visit},
  ] = await Promise.all([
    import('unified'),
    import('remark-parse'),
    import('remark-stringify'),
    import('remark-gfm'),
    import('remark-frontmatter'),
    import('remark-directive'),
    import('remark-mdx'),
    // Docusaurus reads `<!-- comments -->` in MDX with this plugin; so do we.
    import('@slorber/remark-comment'),
    import('unist-util-visit'),
  ]);

  const docMd = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml', 'toml'])
    .use(remarkGfm)
    .use(remarkDirective);
  const docMdx = docMd().use(remarkMdx).use(remarkComment);
  const promptOut = unified()
    .use(remarkStringify, {
      ...stringifyOptions,
      // `*` emphasis may stand inside a word, as writers put it (`*x*yz`); `_` would need escapes.
      emphasis: '*',
      handlers: {text: writtenText},
    })
    .use(remarkGfm);
  const answerIn = unified().use(remarkParse).use(remarkGfm);
  const answerOut = unified()
    .use(remarkStringify, stringifyOptions)
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkMdx);

  return {
    parseDoc(text, format) {
      if (format === 'md') return docMd.parse(text);
      // A page that is not valid MDX (say `a < b` in prose, or a `{#id}` anchor) still has
      // sections worth reading, so fall back to CommonMark.
      try {
        return docMdx.parse(text);
      } catch (error) {
        // Where and why the page is not valid MDX: `line:column: reason`.
        const {at, why} = parseFailure(error);
        const mdxError = at ? `${at}: ${why}` : why;
        const tree = docMd.parse(text);
        tree.data = {...tree.data, mdxError} as Root['data'];
        return tree;
      }
    },
    stringifyPrompt: (tree) => promptOut.stringify(tree),
    parseAnswer: (text) => answerIn.parse(text),
    stringifyAnswer: (tree) => answerOut.stringify(tree),
    visit,
  };
}
