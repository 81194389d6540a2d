/** A writer's own reading of a page: `mlsd_sections: {data: "3. Данные"}` names a heading. */
import type {Outline, OutlineHeading} from './outline';
import {ROLES, isRole, type Role} from './roles';

/** The headings a page's front matter names for roles (`mlsd_sections`), as a reader sees them. */
export type RoleOverrides = Partial<Record<Role, readonly string[]>>;

/** A heading's text as an override is matched against it: spaces folded, case ignored. */
export const foldHeading = (text: string): string =>
  text
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .toLowerCase();

export const OVERRIDE_FIELD = 'mlsd_sections';

/** A heading of the page, by its text as a reader sees it and its line. */
export interface HeadingRef {
  heading: string;
  line: number;
}

export const headingRef = ({text, line}: OutlineHeading): HeadingRef => ({
  heading: text,
  line,
});

/** A role the front matter names a heading for that the page does not have. */
export interface OverrideProblem {
  role: Role;
  /** The heading named, as written. */
  named: string;
  /** The headings the page has. */
  headings: HeadingRef[];
}

/** The page's `mlsd_sections` cannot be read: the message names the value and what is allowed. */
export class OverrideFieldError extends Error {
  override name = 'OverrideFieldError';
}

/** The heading(s) `mlsd_sections` names for each role; throws `OverrideFieldError` if unusable. */
export function readOverrides(
  data: Readonly<Record<string, unknown>>,
): RoleOverrides {
  const value = data[OVERRIDE_FIELD];
  if (value === undefined || value === null) return {};
  const error = (what: string) =>
    new OverrideFieldError(
      `Cannot use ${what}: expected a mapping of ${ROLES.join(', ')} to a heading of the page (or a list of them), as in \`${OVERRIDE_FIELD}: {data: "3. Данные"}\``,
    );
  if (typeof value !== 'object' || Array.isArray(value))
    throw error(`\`${JSON.stringify(value)}\` for \`${OVERRIDE_FIELD}\``);
  const overrides: Partial<Record<Role, string[]>> = {};
  for (const [role, named] of Object.entries(value)) {
    const list: unknown[] = Array.isArray(named) ? named : [named];
    if (
      !isRole(role) ||
      list.length === 0 ||
      !list.every((text) => typeof text === 'string' && text.trim())
    )
      throw error(
        `\`${role}: ${JSON.stringify(named)}\` in \`${OVERRIDE_FIELD}\``,
      );
    overrides[role] = list as string[];
  }
  return overrides;
}

/** Overrides that name no heading of the page. */
export function unknownOverrides(
  outline: Outline,
  overrides: RoleOverrides,
): OverrideProblem[] {
  const headings = outline.headings
    .filter((heading) => !heading.toc && heading.text)
    .map(headingRef);
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
