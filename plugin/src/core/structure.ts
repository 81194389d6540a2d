/** A page's structure as a reader sees it: headings in list items, bold lines, numbering. Pure. */
import type {
  Heading,
  ListItem,
  Nodes,
  PhrasingContent,
  RootContent,
} from 'mdast';
import type {Position} from 'unist';
import {headingTitle, isBlank, nodeText} from './sections';

const ROMAN: Record<string, number> = {i: 1, v: 5, x: 10, l: 50, c: 100};

/** The value of a roman numeral (of `ROMAN`'s letters alone), when it is below 40. */
function romanValue(text: string): number | undefined {
  const digits = [...text.toLowerCase()].map((char) => ROMAN[char]!);
  const value = digits.reduce(
    (sum, digit, i) => sum + (digit < (digits[i + 1] ?? 0) ? -digit : digit),
    0,
  );
  return value && value < 40 ? value : undefined;
}

/** The numbering a title starts with: `2.3.1`, `4.`, `III.`, or none. */
export function headingNumber(text: string): number[] | undefined {
  const arabic = /^\s*(\d+(?:\.\d+)*)\.?(?=\s|[^\d.]|$)/.exec(text);
  if (arabic) return arabic[1]!.split('.').map(Number);
  const roman = /^\s*([IVXLC]+)\.\s/.exec(text);
  const value = roman ? romanValue(roman[1]!) : undefined;
  return value ? [value] : undefined;
}

/** True when `inner` numbering continues `outer` (2.3.1 within 2.3; II within nothing). */
export function numberedWithin(inner: number[], outer: number[]): boolean {
  return (
    inner.length > outer.length && outer.every((part, i) => inner[i] === part)
  );
}

/** True when a node is a heading, or a list holding one in an item, at any depth. */
function holdsHeading(node: Nodes): boolean {
  return (
    node.type === 'heading' ||
    (node.type === 'list' &&
      node.children.some((item) => item.children.some(holdsHeading)))
  );
}

/** Where a run of nodes stands, else `at`. */
function span(nodes: readonly Nodes[], at?: Position): Position | undefined {
  const start = nodes[0]?.position?.start;
  const end = nodes.at(-1)?.position?.end;
  return start && end ? {start, end} : at;
}

/**
 * Explodes lists that hold headings (`1. ## Goals`, or exports nesting one after other content)
 * into the headings and their content; a heading opening an ordered item takes its number.
 */
export function flatten(children: readonly RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const node of children) {
    if (node.type !== 'list' || !holdsHeading(node)) {
      out.push(node);
      continue;
    }
    let pending: ListItem[] = [];
    let start = node.start ?? 1;
    // A run of the list's items, as a list of its own placed where its items are.
    const flush = () => {
      if (pending.length > 0)
        out.push({
          ...node,
          children: pending,
          ...(node.ordered ? {start} : {}),
          position: span(pending, node.position),
        });
      pending = [];
    };
    node.children.forEach((item, i) => {
      const number = (node.start ?? 1) + i;
      if (pending.length === 0) start = number;
      const at = item.children.findIndex(holdsHeading);
      if (at === -1) {
        pending.push(item);
        return;
      }
      const before = item.children.slice(0, at);
      if (at > 0)
        pending.push({
          ...item,
          children: before,
          position: span(before, item.position),
        });
      flush();
      const rest = item.children.slice(at) as RootContent[];
      const [first] = rest;
      if (at === 0 && first?.type === 'heading' && node.ordered) {
        const numbered = {type: 'text', value: `${number}. `} as const;
        rest[0] = {...first, children: [numbered, ...first.children]};
      }
      out.push(...flatten(rest));
    });
    flush();
  }
  return out;
}

/** Phrasing that may make up a bold-paragraph heading: text and marks, no links or images. */
function plainPhrasing(nodes: readonly PhrasingContent[]): boolean {
  return nodes.every(
    (node) =>
      node.type === 'text' ||
      node.type === 'inlineCode' ||
      ((node.type === 'emphasis' || node.type === 'strong') &&
        plainPhrasing(node.children)),
  );
}

/**
 * The title of a paragraph that is a heading in all but name (Google Docs, Word): one bold line,
 * numbered or opening a block of text (`**2.1 Title**`), or an italic stage (`*Этап 1. EDA*`).
 */
function boldHeadingTitle(
  node: RootContent,
  next: RootContent | undefined,
): string | undefined {
  let bold = soleChild(node);
  if (
    bold?.type === 'emphasis' &&
    bold.children.length === 1 &&
    bold.children[0]!.type === 'strong'
  )
    bold = bold.children[0]!;
  if (
    (bold?.type !== 'strong' && bold?.type !== 'emphasis') ||
    !plainPhrasing(bold.children)
  )
    return undefined;
  const raw = nodeText(bold).trim();
  const text = raw.replace(/[\s\u00a0]+/g, ' ');
  if (!text || text.length > 150 || /\n/.test(raw)) return undefined;
  const shape = numberShape(text);
  const opens = next !== undefined && next.type !== 'heading';
  if (bold.type === 'emphasis')
    return shape === 'stage' && opens ? text : undefined;
  return shape || (opens && !isBoldLine(next)) ? text : undefined;
}

/** The one node of a paragraph but blank text, if it is a paragraph of one. */
function soleChild(node: RootContent): PhrasingContent | undefined {
  if (node.type !== 'paragraph') return undefined;
  const parts = node.children.filter((child) => !isBlank(child));
  return parts.length === 1 ? parts[0] : undefined;
}

const isBoldLine = (node: RootContent) => soleChild(node)?.type === 'strong';

/** A title's numbering shape: `2.1` -> `1.2`, `1)`, `IV.` -> `I`, `iii.` -> `i`, `stage`. */
function numberShape(text: string): string | undefined {
  const arabic = headingNumber(text);
  // `1)` numbers a list of points (criteria, steps), not the doc's sections `1.`.
  if (/^\s*\d+\)/.test(text)) return '1)';
  if (arabic && /^\s*\d/.test(text)) return `1.${arabic.length}`;
  if (arabic) return 'I';
  if (/^\s*[ivxlc]+(?:\.[ivxlc]+)*\.?\s/.test(text)) return 'i';
  if (/^\s*(?:этап|stage|шаг|step)\s*\d+/i.test(text)) return 'stage';
  return undefined;
}

/**
 * Turns bold-paragraph headings into headings, at the level of the last heading of the same
 * numbering shape, else one below the last: an unnumbered one never ends a real heading's range.
 */
export function promoteBoldHeadings(
  blocks: readonly RootContent[],
): RootContent[] {
  const depthByShape = new Map<string | undefined, Heading['depth']>();
  let lastDepth = 0;
  return blocks.map((node, i) => {
    if (node.type === 'heading') {
      const shape = numberShape(headingTitle(node));
      if (shape) depthByShape.set(shape, node.depth);
      lastDepth = node.depth;
      return node;
    }
    const title = boldHeadingTitle(node, blocks[i + 1]);
    if (title === undefined) return node;
    const shape = numberShape(title);
    const depth =
      depthByShape.get(shape) ??
      (Math.min(6, lastDepth + 1) as Heading['depth']);
    if (shape) depthByShape.set(shape, depth);
    return {
      type: 'heading',
      depth,
      children: [{type: 'text', value: title}],
      position: node.position,
    } satisfies Heading;
  });
}
