import type {
  Heading,
  List,
  ListItem,
  Nodes,
  PhrasingContent,
  Root,
  RootContent,
} from 'mdast';
import {
  classifyTitle,
  type Role,
  type RoleMatcher,
  type TitleClass,
} from './roles';
import {headingTitle, nodeText} from './sections';

/** One heading of a page, with the range of blocks it owns. */
export interface OutlineHeading {
  /** Index of the heading in the page's flat block list. */
  index: number;
  depth: number;
  /** The heading as a reader sees it: Markdown marks and `{#id}` gone, numbering kept. */
  text: string;
  /** 1-based line of the heading in the source. */
  line: number;
  /** Numbering (`2.3.1` -> [2, 3, 1]; roman numerals as numbers), when the heading has one. */
  number?: number[];
  /** Index of the first block after the heading's range. */
  end: number;
  /** Its range is a table of contents: lists of links to anchors, nothing else. */
  toc: boolean;
  /** What the title says the heading is, and which matcher said so. */
  match?: TitleClass;
}

/** A page as a flat list of blocks and the outline of its headings. */
export interface Outline {
  blocks: RootContent[];
  headings: OutlineHeading[];
}

const ROMAN: Record<string, number> = {i: 1, v: 5, x: 10, l: 50, c: 100};

function romanValue(text: string): number | undefined {
  const value = [...text.toLowerCase()].reduce<number | undefined>(
    (sum, char, i, all) => {
      const current = ROMAN[char];
      const next = ROMAN[all[i + 1] ?? ''] ?? 0;
      if (sum === undefined || current === undefined) return undefined;
      return sum + (current < next ? -current : current);
    },
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
function numberedWithin(inner: number[], outer: number[]): boolean {
  return (
    inner.length > outer.length && outer.every((part, i) => inner[i] === part)
  );
}

/** True when a list holds a heading in one of its items, at any depth of nested lists. */
function listHoldsHeading(list: List): boolean {
  return list.children.some((item) =>
    item.children.some(
      (child) =>
        child.type === 'heading' ||
        (child.type === 'list' && listHoldsHeading(child)),
    ),
  );
}

/** A run of a list's items as a list of its own, placed where its items are. */
function listPart(list: List, items: ListItem[], start: number): List {
  const first = items[0]!.position?.start;
  const last = items.at(-1)!.position?.end;
  return {
    ...list,
    children: items,
    ...(list.ordered ? {start} : {}),
    position: first && last ? {start: first, end: last} : list.position,
  };
}

/**
 * Explodes lists that hold headings into the headings and their content. Real docs put
 * `1. ## Goals` in lists, and documents exported from Google Docs or Word nest a heading in a
 * list item after other list content (`3. ## **Data** {#data}` following indented paragraphs,
 * or a heading indented under an item). A heading that opens an item of an ordered list takes
 * the item's number; the items around it stay lists.
 */
function flatten(children: readonly RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const node of children) {
    if (node.type !== 'list' || !listHoldsHeading(node)) {
      out.push(node);
      continue;
    }
    let pending: ListItem[] = [];
    let pendingStart = node.start ?? 1;
    const flush = () => {
      if (pending.length > 0) out.push(listPart(node, pending, pendingStart));
      pending = [];
    };
    node.children.forEach((item, i) => {
      const number = (node.start ?? 1) + i;
      if (pending.length === 0) pendingStart = number;
      const at = item.children.findIndex(
        (child) =>
          child.type === 'heading' ||
          (child.type === 'list' && listHoldsHeading(child)),
      );
      if (at === -1) {
        pending.push(item);
        return;
      }
      if (at > 0) {
        const before = item.children.slice(0, at);
        pending.push({
          ...item,
          children: before,
          position:
            before[0]!.position && before.at(-1)!.position
              ? {
                  start: before[0]!.position.start,
                  end: before.at(-1)!.position!.end,
                }
              : item.position,
        });
      }
      flush();
      const rest = item.children.slice(at) as RootContent[];
      const [first] = rest;
      if (at === 0 && first?.type === 'heading' && node.ordered) {
        out.push(
          {
            ...first,
            children: [{type: 'text', value: `${number}. `}, ...first.children],
          } as Heading,
          ...flatten(rest.slice(1)),
        );
      } else {
        out.push(...flatten(rest));
      }
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
 * The title of a paragraph that is a heading in all but name, as documents exported from Google
 * Docs or Word write them: the paragraph is bold and nothing else (`**2.1 Title**`,
 * `***Этап 1 - Данные***`), on one line, and it is numbered or opens a block of text (the next
 * block is no heading). Bold words inside prose, a bold line followed by text on the next line
 * and bold links (a table of contents) are no headings.
 */
function boldHeadingTitle(
  node: RootContent,
  next: RootContent | undefined,
): string | undefined {
  if (node.type !== 'paragraph') return undefined;
  const parts = node.children.filter(
    (child) => !(child.type === 'text' && !child.value.trim()),
  );
  if (parts.length !== 1) return undefined;
  let [bold] = parts as [PhrasingContent];
  if (bold.type === 'emphasis' && bold.children.length === 1)
    bold = bold.children[0]!;
  if (bold.type !== 'strong' || !plainPhrasing(bold.children)) return undefined;
  const text = nodeText(bold)
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
  if (!text || text.length > 150 || /\n/.test(nodeText(bold).trim()))
    return undefined;
  const numbered = numberShape(text) !== undefined;
  if (!numbered && (!next || next.type === 'heading' || isBoldLine(next)))
    return undefined;
  return text;
}

/** A paragraph that is nothing but one bold run. */
function isBoldLine(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false;
  const parts = node.children.filter(
    (child) => !(child.type === 'text' && !child.value.trim()),
  );
  return parts.length === 1 && parts[0]!.type === 'strong';
}

/**
 * The shape of a title's numbering, to set a bold heading at the level of its numbered
 * siblings: `2.1` -> `1.2` (arabic, two parts), `IV.` -> `I`, `iii.` -> `i`, `Этап 2` -> `stage`.
 */
function numberShape(text: string): string | undefined {
  const arabic = headingNumber(text);
  if (arabic && /^\s*\d/.test(text)) return `1.${arabic.length}`;
  if (arabic) return 'I';
  if (/^\s*[ivxlc]+(?:\.[ivxlc]+)*\.?\s/.test(text)) return 'i';
  if (/^\s*(?:этап|stage|шаг|step)\s*\d+/i.test(text)) return 'stage';
  return undefined;
}

/**
 * Turns bold-paragraph headings into headings. The level is that of the last heading with the
 * same numbering shape (`**5. Baseline**` after `## 4. Data` is a `##`), else one below the
 * last heading: an unnumbered bold heading never ends a real heading's range.
 */
function promoteBoldHeadings(blocks: readonly RootContent[]): RootContent[] {
  const depthByShape = new Map<string, Heading['depth']>();
  let lastDepth = 0;
  return blocks.map((node, i) => {
    if (node.type === 'heading') {
      const shape = numberShape(headingTitle(node));
      if (shape) depthByShape.set(shape, node.depth);
      lastDepth = node.depth;
      return node;
    }
    const title = boldHeadingTitle(node, blocks[i + 1]);
    if (title === undefined || node.type !== 'paragraph') return node;
    const shape = numberShape(title);
    const depth =
      (shape === undefined ? undefined : depthByShape.get(shape)) ??
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

/** A list of links to anchors of the page, and nothing else: a table of contents. */
function isLinkList(node: Nodes): boolean {
  if (node.type !== 'list') return false;
  return node.children.every((item) =>
    item.children.every((child) => {
      if (child.type === 'list') return isLinkList(child);
      if (child.type !== 'paragraph') return false;
      return child.children.every(
        (part) =>
          (part.type === 'link' && part.url.startsWith('#')) ||
          (part.type === 'text' && !part.value.trim()) ||
          part.type === 'break',
      );
    }),
  );
}

/**
 * Reads a page's headings and the range each one owns. A range runs to the next heading of the
 * same or a higher level, except that numbering wins over levels where both headings are
 * numbered (real docs put `### 2.` under `## 1.`; `2.3.1` belongs to `2.3` whatever its level),
 * and that an unnumbered heading below the title ends where a top-level numbered one begins.
 */
export function buildOutline(
  tree: Root,
  matchers: readonly RoleMatcher[],
): Outline {
  const blocks = promoteBoldHeadings(
    flatten(
      tree.children.filter(
        (node) => node.type !== 'yaml' && node.type !== ('toml' as string),
      ),
    ),
  );
  const headings: OutlineHeading[] = [];
  blocks.forEach((node, index) => {
    if (node.type !== 'heading') return;
    const text = headingTitle(node);
    headings.push({
      index,
      depth: node.depth,
      text,
      line: node.position?.start.line ?? 0,
      number: headingNumber(text),
      end: blocks.length,
      toc: false,
      match: classifyTitle(text, matchers),
    });
  });
  // Headings whose own text is nothing but links to anchors: the copies a table of contents
  // makes. Their numbers are no section numbers.
  const linkOnly = headings.map((heading, i) => {
    const own = blocks
      .slice(heading.index + 1, headings[i + 1]?.index ?? blocks.length)
      .filter((node) => node.type !== 'html');
    return own.length > 0 && own.every(isLinkList);
  });
  headings.forEach((heading, i) => {
    // The highest top-level section number before this heading: a numbered heading below an
    // unnumbered one that starts again at or under it is a list of steps, not a new section.
    const topBefore = Math.max(
      0,
      ...headings
        .slice(0, i)
        .filter((other, j) => other.number?.length === 1 && !linkOnly[j])
        .map((other) => other.number![0]!),
    );
    for (const next of headings.slice(i + 1)) {
      const ends =
        heading.number && next.number
          ? !numberedWithin(next.number, heading.number) &&
            (next.depth <= heading.depth ||
              next.number.length <= heading.number.length)
          : // A top-level numbered section ("### 1. Goals") is nobody's child, whatever its level:
            // real docs put one under an unnumbered glossary or contents heading.
            next.depth <= heading.depth ||
            (!heading.number &&
              next.number?.length === 1 &&
              next.number[0]! > topBefore &&
              heading.depth > 1);
      if (ends) {
        heading.end = next.index;
        break;
      }
    }
  });
  // Tables of contents, innermost first: own blocks all link lists, sub-headings all tables of contents.
  for (const heading of [...headings].reverse()) {
    const own = ownBlocks(blocks, headings, heading);
    const children = headings.filter(
      (other) => other.index > heading.index && other.index < heading.end,
    );
    const ownIsToc =
      own.length > 0 ? own.every(isLinkList) : children.length > 0;
    heading.toc = ownIsToc && children.every((child) => child.toc);
  }
  return {blocks, headings};
}

/** The blocks of a heading's range before its first sub-heading. */
function ownBlocks(
  blocks: readonly RootContent[],
  headings: readonly OutlineHeading[],
  heading: OutlineHeading,
): RootContent[] {
  const firstChild = headings.find(
    (other) => other.index > heading.index && other.index < heading.end,
  );
  return blocks
    .slice(heading.index + 1, firstChild ? firstChild.index : heading.end)
    .filter((node) => node.type !== 'html');
}

/** Characters of source a heading's range spans. */
function rangeSize(outline: Outline, heading: OutlineHeading): number {
  const first = outline.blocks[heading.index]?.position?.start.offset ?? 0;
  const last = outline.blocks[heading.end - 1]?.position?.end.offset ?? first;
  return last - first;
}

/** One heading range taken for a role. */
export interface TakenRange {
  role: Role;
  heading: OutlineHeading;
  /** Why: the matcher's name. */
  reason: string;
}

/**
 * Assigns heading ranges to roles. A heading whose title a matcher recognizes is taken for its
 * role unless it lies in a table of contents, in a range already taken for the same role, or
 * in a section that is none of the inputs (Deploy, Metrics, Pilot, ...). A heading taken for
 * one role inside a range taken for another is cut out of the outer one (see `rangeBlocks`).
 * When the same title is taken twice for a role (a duplicated section), the longer range wins.
 */
export function assignRanges(outline: Outline): TakenRange[] {
  const taken: TakenRange[] = [];
  const within = (inner: OutlineHeading, outer: OutlineHeading) =>
    inner.index > outer.index && inner.index < outer.end;
  const excluded = outline.headings.filter(
    (heading) => heading.match?.kind === 'excluded',
  );
  for (const heading of outline.headings) {
    const match = heading.match;
    if (!match || match.kind !== 'role' || heading.toc) continue;
    if (excluded.some((outer) => within(heading, outer))) continue;
    // A generic title (Overview, Goals) inside a range already taken belongs to that range.
    if (match.weak && taken.some((range) => within(heading, range.heading)))
      continue;
    if (
      taken.some(
        (range) => range.role === match.role && within(heading, range.heading),
      )
    )
      continue;
    const twin = taken.findIndex(
      (range) =>
        range.role === match.role &&
        range.heading.text.toLowerCase() === heading.text.toLowerCase(),
    );
    if (twin !== -1) {
      if (
        rangeSize(outline, heading) > rangeSize(outline, taken[twin]!.heading)
      )
        taken[twin] = {role: match.role, heading, reason: match.name};
      continue;
    }
    taken.push({role: match.role, heading, reason: match.name});
  }
  return taken;
}

/**
 * The blocks of a taken range without its heading, and without the sub-ranges that belong
 * elsewhere: taken for another role, or none of the inputs.
 */
export function rangeBlocks(
  outline: Outline,
  range: TakenRange,
  all: readonly TakenRange[],
): RootContent[] {
  const {heading} = range;
  const cut = [
    ...all
      .filter((other) => other.role !== range.role)
      .map((other) => other.heading),
    ...outline.headings.filter((other) => other.match?.kind === 'excluded'),
  ].filter((other) => other.index > heading.index && other.index < heading.end);
  return outline.blocks
    .slice(heading.index + 1, heading.end)
    .filter((_, offset) => {
      const index = heading.index + 1 + offset;
      return !cut.some((other) => index >= other.index && index < other.end);
    });
}
