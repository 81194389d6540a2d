/** Which heading ranges of a page feed which role, and what is cut out of each. Pure. */
import type {RootContent} from 'mdast';
import type {TakenBy} from './matchers';
import {within, type Outline, type OutlineHeading} from './outline';
import {foldHeading, type HeadingRef, type RoleOverrides} from './overrides';
import type {Role} from './roles';

/** One heading range taken for a role. */
export interface TakenRange {
  role: Role;
  heading: OutlineHeading;
  /** Why: the matcher's name, or the front matter field that named the heading. */
  reason: string;
  rule: TakenBy;
}

/** A heading inside a taken range that is kept out of it, and why. */
export interface CutHeading extends HeadingRef {
  why: 'another role' | 'no input';
}

/** A title of the doc: unnumbered, naming nothing, and its first heading or running to its end. */
const isTitle = (outline: Outline, heading: OutlineHeading) =>
  !heading.number &&
  !heading.match &&
  (heading === outline.headings[0] || heading.end === outline.blocks.length);

/**
 * True when a heading is a chapter of the doc: inside no heading but the doc's titles, or numbered
 * as one by its own parts (`6.` holding `8.1`-`8.4` is the doc's chapter 8).
 */
export function isChapter(outline: Outline, heading: OutlineHeading): boolean {
  const above = outline.headings.filter((other) => within(heading, other));
  if (above.every((other) => isTitle(outline, other))) return true;
  const [own] = heading.number ?? [];
  if (heading.number?.length !== 1) return false;
  const parts = outline.headings.filter(
    (other) => within(other, heading) && other.number,
  );
  return (
    parts.length > 0 &&
    parts.every((part) => part.number!.length > 1 && part.number![0] !== own)
  );
}

function rangeSize(outline: Outline, heading: OutlineHeading): number {
  const first = outline.blocks[heading.index]?.position?.start.offset ?? 0;
  const last = outline.blocks[heading.end - 1]?.position?.end.offset ?? first;
  return last - first;
}

/**
 * Assigns heading ranges to roles: those the front matter names, else matched headings outside
 * tables of contents, their role's ranges and sections that are no input (unless `anywhere`).
 * Of two equal titles for a role, the longer range wins.
 */
export function assignRanges(
  outline: Outline,
  overrides: RoleOverrides = {},
): TakenRange[] {
  const taken: TakenRange[] = [];
  const named = new Map<string, Role>();
  for (const [role, headings] of Object.entries(overrides))
    for (const text of headings ?? [])
      named.set(foldHeading(text), role as Role);
  /** True when a range taken (for `role`, or any) holds the heading. */
  const held = (heading: OutlineHeading, role?: Role) =>
    taken.some(
      (range) =>
        (!role || range.role === role) && within(heading, range.heading),
    );
  for (const heading of outline.headings) {
    const own = named.get(foldHeading(heading.text));
    if (own) {
      if (!held(heading, own))
        taken.push({
          role: own,
          heading,
          reason: `front matter mlsd_sections.${own}`,
          rule: 'override',
        });
      continue;
    }
    const match = heading.match;
    if (match?.kind !== 'role' || heading.toc) continue;
    if (overrides[match.role]?.length) continue;
    const outer = outline.headings.filter((other) => within(heading, other));
    if (
      match.chapter
        ? !isChapter(outline, heading) &&
          !(match.anywhere && outer.at(-1)?.match?.kind === 'excluded')
        : !match.anywhere &&
          outer.some((other) => other.match?.kind === 'excluded')
    )
      continue;
    // A generic title (Overview, Goals) inside a range already taken belongs to that range.
    if ((match.weak && held(heading)) || held(heading, match.role)) continue;
    const range: TakenRange = {
      role: match.role,
      heading,
      reason: match.name,
      rule: match.rule,
    };
    const twin = taken.findIndex(
      (other) =>
        other.role === match.role &&
        other.heading.text.toLowerCase() === heading.text.toLowerCase(),
    );
    if (twin === -1) taken.push(range);
    else if (
      rangeSize(outline, heading) > rangeSize(outline, taken[twin]!.heading)
    )
      taken[twin] = range;
  }
  return taken;
}

/**
 * What is cut out of a taken range, outermost first: other roles' ranges and the doc's chapters
 * that are no input; parts and stages under the range stay in it, whatever their title.
 */
export function cutHeadings(
  outline: Outline,
  range: TakenRange,
  all: readonly TakenRange[],
): {heading: OutlineHeading; why: CutHeading['why']}[] {
  const inside = (heading: OutlineHeading) => within(heading, range.heading);
  const cut = [
    ...all
      .filter((other) => other.role !== range.role && inside(other.heading))
      .map((other) => ({heading: other.heading, why: 'another role' as const})),
    ...outline.headings
      .filter(
        (heading) =>
          heading.match?.kind === 'excluded' &&
          inside(heading) &&
          isChapter(outline, heading),
      )
      .map((heading) => ({heading, why: 'no input' as const})),
  ];
  return cut
    .filter((item) => !cut.some((outer) => within(item.heading, outer.heading)))
    .sort((a, b) => a.heading.index - b.heading.index);
}

/** A taken range's blocks, less its heading and what is cut out of it (`cutHeadings`). */
export function rangeBlocks(
  outline: Outline,
  range: TakenRange,
  all: readonly TakenRange[],
): RootContent[] {
  const cut = cutHeadings(outline, range, all);
  return outline.blocks.filter(
    (_, i) =>
      i > range.heading.index &&
      i < range.heading.end &&
      !cut.some(({heading}) => i >= heading.index && i < heading.end),
  );
}
