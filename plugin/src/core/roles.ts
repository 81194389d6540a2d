/** The three inputs of the Deploy prompt. */
export type Role = 'problem' | 'data' | 'architecture';

export const ROLES: readonly Role[] = ['problem', 'data', 'architecture'];

/** The title each role gets in the prompt when its source heading has none worth keeping. */
export const ROLE_TITLES: Record<Role, string> = {
  problem: '1. Постановка задачи',
  data: '3. Данные',
  architecture: '4. Архитектура и модели',
};

/** Recognizes a heading or page title as one role. */
export interface RoleMatcher {
  role: Role;
  /** Tested against the normalized title (see `normalizeTitle`). */
  pattern: RegExp;
  /** Said by `mlsd status` when this matcher picked a section. */
  name: string;
}

/**
 * The handbook's own matchers: a title with the handbook's number for the role, or without a
 * number, in Russian or English.
 */
export const DEFAULT_MATCHERS: readonly RoleMatcher[] = [
  {
    role: 'problem',
    name: 'handbook title "1. Постановка задачи"',
    pattern: /^(?:1\s+)?(?:постановка (?:бизнес-?)?задачи|problem statement|problem definition)$/,
  },
  {
    role: 'data',
    name: 'handbook title "3. Данные"',
    pattern: /^(?:3\s+)?(?:данные|data|dataset|датасет|подготовка данных)$/,
  },
  {
    role: 'architecture',
    name: 'handbook title "4. Архитектура и модели"',
    pattern: /^(?:4\s+)?(?:архитектура и модели|architecture and models?|архитектура решения|модели|models?|architecture)$/,
  },
];

/**
 * Folds a title to the form matchers see: lower case, `ё` as `е`, Markdown marks, `{#id}`
 * anchors and escapes gone, the leading number kept as digits and a space ("1. Data" -> "1 data").
 */
export function normalizeTitle(title: string): string {
  return title
    .replace(/\{#[^}]*\}\s*$/, '')
    .replace(/\\([.)\\])/g, '$1')
    .replace(/[*_`]/g, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/^\s*(\d+)\s*[.)]?\s*/, '$1 ')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/[\s:.]+$/, '')
    .trim();
}

/** The number a title starts with ("5. Пилот" -> 5), if any. */
export function titleNumber(title: string): number | undefined {
  const match = /^\s*(\d+)(?:\\?[.)]|\s)/.exec(title.replace(/[*_`]/g, ''));
  return match ? Number(match[1]) : undefined;
}

/** The first matcher that recognizes `title`, if any. */
export function matchRole(title: string, matchers: readonly RoleMatcher[]): RoleMatcher | undefined {
  const normalized = normalizeTitle(title);
  return matchers.find((matcher) => matcher.pattern.test(normalized));
}
