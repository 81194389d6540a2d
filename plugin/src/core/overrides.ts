/**
 * A writer's own reading of a single page: the `mlsd_sections` front matter field names the
 * heading of a role (`mlsd_sections: {data: "Этап 0 — подготовка и проверка данных"}`), as a
 * reader sees it. Pure.
 */
import type {Outline} from './outline';
import {foldHeading, type RoleOverrides} from './ranges';
import {ROLES, type Role} from './roles';

/** The front matter field. */
export const OVERRIDE_FIELD = 'mlsd_sections';

/** A heading of the page, by its text as a reader sees it and its line. */
export interface HeadingRef {
  heading: string;
  line: number;
}

/** A role the front matter names a heading for that the page does not have. */
export interface OverrideProblem {
  role: Role;
  /** The heading named, as written. */
  named: string;
  /** The headings the page has. */
  headings: HeadingRef[];
}

const ROLE_NAMES = new Set<string>(ROLES);

/** The page's `mlsd_sections` cannot be read: the message names the value and what is allowed. */
export class OverrideFieldError extends Error {
  override name = 'OverrideFieldError';
}

/**
 * The overrides a page's front matter holds, or why the field cannot be read: it maps roles to
 * a heading's text, or to a list of them.
 */
export function readOverrides(
  data: Readonly<Record<string, unknown>>,
): {overrides: RoleOverrides} | {error: string} {
  const value = data[OVERRIDE_FIELD];
  if (value === undefined || value === null) return {overrides: {}};
  const expected = `expected a mapping of ${ROLES.join(', ')} to a heading of the page (or a list of them), as in \`${OVERRIDE_FIELD}: {data: "3. Данные"}\``;
  if (typeof value !== 'object' || Array.isArray(value))
    return {
      error: `Cannot use \`${JSON.stringify(value)}\` for \`${OVERRIDE_FIELD}\`: ${expected}`,
    };
  const overrides: Partial<Record<Role, string[]>> = {};
  for (const [role, named] of Object.entries(value)) {
    const list: unknown[] = Array.isArray(named) ? named : [named];
    if (
      !ROLE_NAMES.has(role) ||
      list.length === 0 ||
      !list.every((text) => typeof text === 'string' && text.trim())
    )
      return {
        error: `Cannot use \`${role}: ${JSON.stringify(named)}\` in \`${OVERRIDE_FIELD}\`: ${expected}`,
      };
    overrides[role as Role] = list as string[];
  }
  return {overrides};
}

/** The page's headings, as a reader sees them, outside tables of contents. */
function pageHeadings(outline: Outline): HeadingRef[] {
  return outline.headings
    .filter((heading) => !heading.toc && heading.text)
    .map((heading) => ({heading: heading.text, line: heading.line}));
}

/** Overrides that name no heading of the page. */
export function unknownOverrides(
  outline: Outline,
  overrides: RoleOverrides,
): OverrideProblem[] {
  const headings = pageHeadings(outline);
  const known = new Set(headings.map((ref) => foldHeading(ref.heading)));
  return ROLES.flatMap((role) =>
    (overrides[role] ?? [])
      .filter((named) => !known.has(foldHeading(named)))
      .map((named) => ({role, named, headings})),
  );
}

/** The front matter line that makes `heading` the section of `role`. */
export function overrideLine(role: Role, heading: string): string {
  return `${OVERRIDE_FIELD}: {${role}: ${JSON.stringify(heading)}}`;
}
