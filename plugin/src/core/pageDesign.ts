import type {PageSections, SectionSource} from './design';
import {mdxErrorOf, type MarkdownTools} from './markdown';
import {assignRanges, buildOutline, rangeBlocks} from './outline';
import type {PromptSection} from './prompt';
import {ROLES, noSections, type Role, type RoleMatcher} from './roles';
import {PROMPT_TITLE_DEPTH, sectionMarkdown} from './sections';

/** A single-page design read: where each role's text is, and the text itself. */
export interface PageDesignSections extends PageSections {
  prompt: PromptSection[];
  /** The page is not valid MDX (`line:column: reason`): read as CommonMark, and said. */
  mdxError?: string;
}

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
      reason: ranges
        .map(
          (range) =>
            `"${range.heading.text}" (line ${range.heading.line}) matched ${range.reason}`,
        )
        .join('; '),
      ranges: ranges.map((range) => ({
        heading: range.heading.text,
        line: range.heading.line,
        depth: range.heading.depth,
      })),
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
