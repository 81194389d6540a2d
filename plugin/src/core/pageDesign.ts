import type {PageSections, SectionSource} from './design';
import {mdxErrorOf, type MarkdownTools} from './markdown';
import type {RoleMatcher, TakenBy} from './matchers';
import {buildOutline} from './outline';
import type {PromptSection} from './prompt';
import {
  assignRanges,
  cutHeadings,
  rangeBlocks,
  type TakenRange,
} from './ranges';
import {ROLES, noSections, type Role} from './roles';
import {PROMPT_TITLE_DEPTH, sectionMarkdown} from './sections';

/**
 * Version of the reading rules (titles, ranges, cuts): readings kept under another are read
 * again. Bump it when a rule changes what a page reads as.
 */
export const READING_RULES = 2;

/** A single-page design read: where each role's text is, and the text itself. */
export interface PageDesignSections extends PageSections {
  prompt: PromptSection[];
  /** The page is not valid MDX (`line:column: reason`): read as CommonMark, and said. */
  mdxError?: string;
}

/** How `mlsd status` says which rule took a heading. */
const RULE_TEXT: Record<TakenBy, string> = {
  title: 'its title',
  meaning: 'by meaning',
  requirements: 'a requirements chapter',
  override: 'named in front matter',
  option: 'option roleMatchers',
};

/** Why a range was taken, as `mlsd status` says it. */
const takenText = (range: TakenRange) =>
  `"${range.heading.text}" (line ${range.heading.line}): ${RULE_TEXT[range.rule]} — ${range.reason}`;

/**
 * Reads a single-page design: finds each role's heading ranges (see `assignRanges`) and turns
 * them into prompt Markdown. A role with several ranges is written under the first range's
 * heading, the others following as sub-headings. Pure.
 */
export function analyzePageDesign(
  design: {file: string},
  content: string,
  format: 'md' | 'mdx',
  tools: MarkdownTools,
  matchers: readonly RoleMatcher[],
): PageDesignSections {
  const tree = tools.parseDoc(content, format);
  const mdxError = mdxErrorOf(tree);
  const outline = buildOutline(tree, matchers);
  const taken = assignRanges(outline);
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
        heading: range.heading.text,
        line: range.heading.line,
        depth: range.heading.depth,
        rule: range.rule,
        reason: range.reason,
      })),
      cut: ranges.flatMap((range) => cutHeadings(outline, range, taken)),
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
  return {
    sections,
    missing: ROLES.filter((role) => !sections[role]),
    prompt,
    ...(mdxError ? {mdxError} : {}),
  };
}
