/** The three inputs of the Deploy prompt. */
import type {MatcherOption, Role} from 'docusaurus-plugin-mlsd-deploy';

// Public types (`plugin-mlsd-deploy.d.ts`): a role, and a matcher as the options take it.
export type {MatcherOption, Role};

export const ROLES: readonly Role[] = ['problem', 'data', 'architecture'];

/** The title each role gets in the prompt when its source heading has none worth keeping. */
export const ROLE_TITLES: Record<Role, string> = {
  problem: '1. Постановка задачи',
  data: '3. Данные',
  architecture: '4. Архитектура и модели',
};

/** The handbook's own number of each role's section. */
export const HANDBOOK_NUMBERS: Record<Role, number> = {
  problem: 1,
  data: 3,
  architecture: 4,
};

/** Recognizes a heading or page title as one role. */
export interface RoleMatcher {
  role: Role;
  /**
   * Tested against the normalized title (see `normalizeTitle`): lower case, numbering gone.
   * Use the `u` flag and `(?![\p{L}\p{N}])` for word ends: `\b` knows no Cyrillic.
   */
  pattern: RegExp;
  /** Said by `mlsd status` when this matcher picked a section. */
  name: string;
}

/** What a title is: one of the roles, or a section that is none of the inputs (Deploy, Metrics, ...). */
export type TitleClass =
  {kind: 'role'; role: Role; name: string} | {kind: 'excluded'; name: string};

const m = (role: Role, name: string, pattern: RegExp): RoleMatcher => ({
  role,
  name,
  pattern,
});

/**
 * The built-in matchers: the handbook's titles, their Russian and English variants, and the
 * titles of the public templates (Reliable ML, Babushkin–Kravchenko, Eugene Yan). Tested on the
 * title with its numbering (`2.3.1`, `IV.`, `Этап 2 —`, `Stage 1.`) removed, from its start.
 */
export const DEFAULT_MATCHERS: readonly RoleMatcher[] = [
  m(
    'problem',
    'problem statement',
    /^(?:постановка (?:бизнес-?)?задачи|problem (?:statement|definition|formulation)|technical problem formulation)(?![\p{L}\p{N}])/u,
  ),
  m(
    'problem',
    'goals and prerequisites (Reliable ML)',
    /^(?:цел[ьи] и предпосылки|goals? and prerequisites)(?![\p{L}\p{N}])/u,
  ),
  m(
    'problem',
    'business goal or task',
    /^(?:бизнес-? ?(?:цел[ьи]|задача)|business (?:problem|task|goals?|objectives?))(?![\p{L}\p{N}])/u,
  ),
  m(
    'problem',
    'requirements of the solution',
    /^требования к (?:решению|системе|продукту)(?![\p{L}\p{N}])/u,
  ),
  m(
    'problem',
    'success criteria',
    /^(?:критерии успе\p{L}*|success criteria)(?![\p{L}\p{N}])/u,
  ),
  m('data', 'data', /^(?:данные|датасеты?|datasets?|data)$/u),
  m(
    'data',
    'data description or preparation',
    /^(?:data|dataset) (?:description|preparation|collection|sources?|overview)(?![\p{L}\p{N}])/u,
  ),
  m(
    'data',
    'data collection and preparation',
    /^(?:(?:сбор|подготовка|анализ|описание|обработка)(?: и (?:сбор|подготовка|анализ|обработка))?|выбор(?: дополнительных)?) данных(?![\p{L}\p{N}])/u,
  ),
  m(
    'data',
    'dataset preparation',
    /^(?:подготовка|выбор|сбор) (?:обучающего )?(?:датасета|выборки)(?![\p{L}\p{N}])/u,
  ),
  m(
    'data',
    'data sources',
    /^(?:первичн\p{L}+ )?(?:поиск )?источник\p{L}* данных(?![\p{L}\p{N}])|^дополнительн\p{L}+ данн\p{L}+/u,
  ),
  m('data', 'features', /^(?:features?|признаки|feature engineering)$/u),
  m(
    'architecture',
    'architecture and models',
    /^(?:архитектура(?: и модели| решения| модели)?|модел[иь](?: и архитектура)?|architecture(?: and models?)?|models?|modell?ing|techniques)$/u,
  ),
  m(
    'architecture',
    'solution architecture',
    /^(?:solution|system) (?:architecture|design|approach|implementation)(?![\p{L}\p{N}])/u,
  ),
  m(
    'architecture',
    'methodology',
    /^(?:методология|methodology)(?![\p{L}\p{N}])/u,
  ),
  m(
    'architecture',
    'solution flowchart',
    /^(?:блок[- ]?схема|(?:solution )?flowchart)(?![\p{L}\p{N}])/u,
  ),
  m(
    'architecture',
    'baseline and training',
    /^(?:baseline(?: solution| models?)?|training pipeline)$/u,
  ),
  m(
    'architecture',
    'model training',
    /^(?:обучение|training|preparing|построение|разработка)(?![\p{L}\p{N}]).*(?<![\p{L}\p{N}])(?:модел\p{L}*|models?)(?![\p{L}\p{N}])/u,
  ),
];

/**
 * Sections that are none of the three inputs; a heading range under them is never taken, and
 * they are cut out of a range taken for a role.
 */
const EXCLUDED =
  /(?:деплой|deploy|внедрени|production|serving|сервинг|мониторинг|monitoring|integration|интеграци|тестирован|testing|пилот|pilot|метрик|metrics|затраты|cost|references|литература|содержание|contents|термины|glossary|глоссари|document info|appendix|приложени|learnings|выводы|future work)/;

const NUMBERING = /^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[ivxlc]+\.)\s*/;
const STAGE = /^(?:этап|stage|шаг|step)\s*\d+\s*[.:—–-]*\s*/;

/**
 * Folds a title to the form matchers see: Markdown marks, `{#id}` anchors and escapes gone,
 * numbering (`2.3.1`, `IV.`, `Этап 2 —`) removed, lower case, `ё` as `е`, spaces folded.
 */
export function normalizeTitle(title: string): string {
  return title
    .replace(/\{#[^}]*\}\s*$/, '')
    .replace(/\\([.)\\])/g, '$1')
    .replace(/\*\([^)]*\)\*|[*_`]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .replace(NUMBERING, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(STAGE, '')
    .replace(/^[\s:.—–-]+|[\s:.—–-]+$/g, '')
    .trim();
}

/** The number a title starts with ("5. Пилот" -> 5; "2.3 X" -> 2), if any. */
export function titleNumber(title: string): number | undefined {
  const match = /^\s*(\d+)(?:\\?[.)]|\s)/.exec(title.replace(/[*_`]/g, ''));
  return match ? Number(match[1]) : undefined;
}

/** What a title is, by the first matcher that recognizes it. */
export function classifyTitle(
  title: string,
  matchers: readonly RoleMatcher[],
): TitleClass | undefined {
  const normalized = normalizeTitle(title);
  const matcher = matchers.find((candidate) =>
    candidate.pattern.test(normalized),
  );
  if (matcher) return {kind: 'role', role: matcher.role, name: matcher.name};
  if (EXCLUDED.test(normalized))
    return {kind: 'excluded', name: 'not an input of the Deploy prompt'};
  return undefined;
}

/** The matchers in force: the user's first, then the built-in ones unless replaced. */
export function resolveMatchers(
  user: readonly MatcherOption[] = [],
  replaceDefaults = false,
): RoleMatcher[] {
  const own = user.map((option, i) => ({
    role: option.role,
    pattern:
      typeof option.pattern === 'string'
        ? new RegExp(option.pattern, 'iu')
        : option.pattern,
    name: option.name ?? `option roleMatchers[${i}]`,
  }));
  return replaceDefaults ? own : [...own, ...DEFAULT_MATCHERS];
}
