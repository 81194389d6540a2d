import type {PageSections, SectionSource} from './design';
import {splitFrontMatter} from './frontMatter';
import {mdxErrorOf, type MarkdownTools} from './markdown';
import type {RoleMatcher, TakenBy} from './matchers';
import {buildOutline, type Outline, type OutlineHeading} from './outline';
import {
  headingRef,
  readOverrides,
  unknownOverrides,
  type HeadingRef,
} from './overrides';
import type {PromptSection} from './prompt';
import {
  assignRanges,
  cutHeadings,
  rangeBlocks,
  type TakenRange,
} from './ranges';
import {ROLES, noSections, type Role} from './roles';
import {PROMPT_TITLE_DEPTH, sectionMarkdown} from './sections';
import {closeness, normalizeTitle} from './titles';

/** Version of the reading rules: bump it when a rule changes what a page reads as. */
export const READING_RULES = 3;

/** A single-page design read: where each role's text is, and the text itself. */
export interface PageDesignSections extends PageSections {
  prompt: PromptSection[];
  /** The page is not valid MDX (`line:column: reason`): read as CommonMark, and said. */
  mdxError?: string;
}

/** How `mlsd status` says which rule took a heading. */
export const RULE_TEXT: Record<TakenBy, string> = {
  title: 'its title',
  meaning: 'by meaning',
  requirements: 'a requirements chapter',
  override: 'named in front matter',
  option: 'option roleMatchers',
};

/** Why a range was taken, as `mlsd status` says it. */
const takenText = (range: TakenRange) =>
  `"${range.heading.text}" (line ${range.heading.line}): ${RULE_TEXT[range.rule]} — ${range.reason}`;

/** A solution stage's title: `Этап 2 —`, `Stage 1.`, `Step 3`. */
const STAGE = /^\s*(?:этап|stage|шаг|step)\s*\d/iu;

/**
 * The three free headings closest to a role the page lacks, by their titles' words; else the
 * stages no role took (where a missing part usually hides), else the numbered headings.
 */
function closestHeadings(
  outline: Outline,
  taken: readonly TakenRange[],
  role: Role,
): HeadingRef[] {
  const free = outline.headings.filter(
    (heading) =>
      !heading.toc &&
      heading.text &&
      heading.match?.kind !== 'excluded' &&
      !(heading.match?.kind === 'role' && heading.match.role !== role) &&
      !taken.some((range) => range.heading === heading),
  );
  const score = (heading: OutlineHeading) =>
    closeness(normalizeTitle(heading.text), role);
  const scored = free
    .filter((heading) => score(heading) > 0)
    .sort((a, b) => score(b) - score(a) || a.index - b.index);
  const stages = free.filter((heading) => STAGE.test(heading.text));
  const chosen = scored.length
    ? scored
    : stages.length
      ? stages
      : free.filter((heading) => heading.number);
  return chosen.slice(0, 3).map(headingRef);
}

/**
 * Reads a single-page design: each role's heading ranges (`assignRanges`) as prompt Markdown, the
 * first range's heading as the title, the others as sub-headings. Pure.
 */
export function analyzePageDesign(
  design: {file: string},
  content: string,
  format: 'md' | 'mdx',
  tools: MarkdownTools,
  matchers: readonly RoleMatcher[],
  frontMatter?: Readonly<Record<string, unknown>>,
): PageDesignSections {
  const tree = tools.parseDoc(content, format);
  const mdxError = mdxErrorOf(tree);
  const outline = buildOutline(tree, matchers);
  const overrides = readOverrides(
    frontMatter ?? splitFrontMatter(content).data,
  );
  const overrideProblems = unknownOverrides(outline, overrides);
  const taken = assignRanges(outline, overrides);
  const sections: Record<Role, SectionSource | null> = noSections();
  const prompt: PromptSection[] = [];
  for (const role of ROLES) {
    const ranges = taken.filter((range) => range.role === role);
    if (ranges.length === 0) continue;
    sections[role] = {
      role,
      file: design.file,
      heading: ranges[0]!.heading.text,
      reason: ranges.map(takenText).join('; '),
      ranges: ranges.map((range) => ({
        ...headingRef(range.heading),
        depth: range.heading.depth,
        rule: range.rule,
        reason: range.reason,
      })),
      cut: ranges.flatMap((range) =>
        cutHeadings(outline, range, taken).map(({heading, why}) => ({
          ...headingRef(heading),
          why,
        })),
      ),
    };
    const parts = ranges.map((range, i) => {
      const body = sectionMarkdown(
        rangeBlocks(outline, range, taken),
        content,
        tools,
        PROMPT_TITLE_DEPTH + (i === 0 ? 1 : 2),
      );
      return i === 0
        ? body
        : `${'#'.repeat(PROMPT_TITLE_DEPTH + 1)} ${range.heading.text}\n\n${body}`.trimEnd();
    });
    prompt.push({
      role,
      title: ranges[0]!.heading.text,
      markdown: parts.filter(Boolean).join('\n\n'),
    });
  }
  const missing = ROLES.filter((role) => !sections[role]);
  const closest = Object.fromEntries(
    missing.map((role) => [role, closestHeadings(outline, taken, role)]),
  );
  return {
    sections,
    missing,
    ...(missing.length ? {closest} : {}),
    ...(overrideProblems.length ? {overrideProblems} : {}),
    prompt,
    ...(mdxError ? {mdxError} : {}),
  };
}
