/** The three inputs of the Deploy prompt. */
import type {Role} from 'docusaurus-plugin-mlsd-deploy';

export type {Role};

/** The roles, in the order the prompt takes them: every list of roles is made from this one. */
export const ROLES = [
  'problem',
  'data',
  'architecture',
] as const satisfies readonly Role[];

export const isRole = (value: unknown): value is Role =>
  (ROLES as readonly unknown[]).includes(value);

/**
 * A record with every role set to `null`, to fill in as a design's sections are found. Typed by
 * what `ROLES` lists: a role added to the `Role` type alone fails to compile here.
 */
export function noSections(): Record<Role, null> {
  return Object.fromEntries(ROLES.map((role) => [role, null])) as Record<
    (typeof ROLES)[number],
    null
  >;
}

/** How an English page names each role (the theme's English words). */
export const ROLE_TITLES_EN: Record<Role, string> = {
  problem: '1. Problem statement',
  data: '3. Data',
  architecture: '4. Architecture and models',
};

/** The title each role gets in the prompt when its source heading has none worth keeping. */
export const ROLE_TITLES: Record<Role, string> = {
  problem: '1. Постановка задачи',
  data: '3. Данные',
  architecture: '4. Архитектура и модели',
};

/** The handbook's own number of each role's section: the one its title starts with. */
export const HANDBOOK_NUMBERS = Object.fromEntries(
  ROLES.map((role) => [role, Number.parseInt(ROLE_TITLES[role])]),
) as Record<Role, number>;
