/** A page's outline: its headings and the range of blocks each owns. Pure. */
import type {Nodes, Root, RootContent} from 'mdast';
import type {RoleMatcher} from './matchers';
import {headingTitle, isAnchorLink, pageBlocks} from './sections';
import {
  flatten,
  headingNumber,
  numberedWithin,
  promoteBoldHeadings,
} from './structure';
import {classifyTitle, type TitleClass} from './titles';

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

/** A list of links to anchors of the page, and nothing else: a table of contents. */
function isLinkList(node: Nodes): boolean {
  return (
    node.type === 'list' &&
    node.children.every((item) =>
      item.children.every((child) =>
        child.type === 'list'
          ? isLinkList(child)
          : child.type === 'paragraph' &&
            child.children.every(
              (part) => isAnchorLink(part) || part.type === 'break',
            ),
      ),
    )
  );
}

/** True when `inner` lies in the range of `outer`. */
export const within = (inner: OutlineHeading, outer: OutlineHeading) =>
  inner.index > outer.index && inner.index < outer.end;

/**
 * Reads a page's headings and the range each owns: to the next heading of the same or a higher
 * level, but numbering wins where both are numbered (docs put `### 2.` under `## 1.`).
 */
export function buildOutline(
  tree: Root,
  matchers: readonly RoleMatcher[],
): Outline {
  const blocks = promoteBoldHeadings(flatten(pageBlocks(tree)));
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
  // Each heading's own blocks: those before the next heading, its first sub-heading if any.
  const own = headings.map((heading, i) =>
    blocks
      .slice(heading.index + 1, headings[i + 1]?.index ?? blocks.length)
      .filter((node) => node.type !== 'html'),
  );
  // Headings owning only links to anchors are a table of contents' copies: no section numbers.
  const linkOnly = own.map(
    (nodes) => nodes.length > 0 && nodes.every(isLinkList),
  );
  // `1)` numbers points (criteria, steps), `1.` sections: numbers of one kind are compared.
  const points = (heading: OutlineHeading) => /^\s*\d+\)/.test(heading.text);
  // The highest top-level section number before a heading: a numbered heading below an
  // unnumbered one that starts again at or under it is a list of steps, not a new section.
  let topBefore = 0;
  headings.forEach((heading, i) => {
    for (const next of headings.slice(i + 1)) {
      const ends =
        heading.number && next.number && points(heading) === points(next)
          ? !numberedWithin(next.number, heading.number) &&
            (next.depth <= heading.depth ||
              next.number.length <= heading.number.length)
          : // A top-level numbered section ("### 1. Goals") is nobody's child, whatever its level:
            // real docs put one under an unnumbered glossary or contents heading.
            next.depth <= heading.depth ||
            (!heading.number &&
              !points(next) &&
              next.number?.length === 1 &&
              next.number[0]! > topBefore &&
              heading.depth > 1);
      if (ends) {
        heading.end = next.index;
        break;
      }
    }
    if (heading.number?.length === 1 && !linkOnly[i])
      topBefore = Math.max(topBefore, heading.number[0]!);
  });
  // Tables of contents, innermost first: own blocks all link lists, sub-headings all tables too.
  for (let i = headings.length - 1; i >= 0; i--) {
    const heading = headings[i]!;
    const children = headings.filter((other) => within(other, heading));
    heading.toc =
      (linkOnly[i] || (own[i]!.length === 0 && children.length > 0)) &&
      children.every((child) => child.toc);
  }
  return {blocks, headings};
}
