/** The three inputs of the Deploy prompt. */
import type {MatcherOption, Role} from 'docusaurus-plugin-mlsd-deploy';

// A role is a public type (`plugin-mlsd-deploy.d.ts`).
export type {Role};

/** The roles, in the order the prompt takes them: every list of roles is made from this one. */
export const ROLES = [
  'problem',
  'data',
  'architecture',
] as const satisfies readonly Role[];

/** The roles `ROLES` lists; `noSections` holds them to be every `Role`. */
type ListedRole = (typeof ROLES)[number];

/**
 * A record with every role set to `null`, to fill in as a design's sections are found. Its
 * type is what `ROLES` lists: a role added to the `Role` type alone fails to compile here.
 */
export function noSections(): Record<Role, null> {
  const sections = Object.fromEntries(ROLES.map((role) => [role, null]));
  return sections as Record<ListedRole, null>;
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
  /**
   * A generic title (Overview, Goals, Constraints, Scope): taken only where no range of any role
   * holds it already, so that the "Overview" of a training pipeline stays in the architecture.
   */
  weak?: boolean;
}

/** What a title is: one of the roles, or a section that is none of the inputs (Deploy, Metrics, ...). */
export type TitleClass =
  | {kind: 'role'; role: Role; name: string; weak?: boolean}
  | {kind: 'excluded'; name: string};

/**
 * Letters of the scripts handbooks are written in: Latin, Greek, Cyrillic. The built-in patterns
 * are written with `\p{L}` and `\p{N}` and run with these classes spelled out instead: V8 builds
 * a Unicode property class slowly the first time a pattern runs, and every build runs them all.
 */
const LETTER =
  'A-Za-z\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u0370-\\u03FF\\u0400-\\u052F';

/** A built-in pattern with its `\p{L}` and `\p{N}` classes spelled out (see `LETTER`). */
export function spelledOut(pattern: RegExp): RegExp {
  return new RegExp(
    pattern.source
      .replaceAll('[\\p{L}\\p{N}]', `[${LETTER}0-9]`)
      .replaceAll('\\p{L}', `[${LETTER}]`),
    pattern.flags,
  );
}

const m = (role: Role, name: string, pattern: RegExp): RoleMatcher => ({
  role,
  name,
  pattern: spelledOut(pattern),
});
const weak = (role: Role, name: string, pattern: RegExp): RoleMatcher => ({
  ...m(role, name, pattern),
  weak: true,
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
    /^(?:постановка (?:бизнес-?|ml-? ?)?задачи|problem (?:statement|definition|formulation)|technical problem formulation|(?:the )?(?:setting|statement) of the (?:task|problem)|setting the task|task (?:statement|definition|formulation))(?![\p{L}\p{N}])/u,
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
    'why build it (Reliable ML 1.1)',
    /^зачем (?:мы )?(?:ид[её]м в разработку|разрабатыва\p{L}*|делаем|нуж\p{L}*)|^why (?:are we|we are|do we) (?:going into|build|develop|need)/u,
  ),
  m(
    'problem',
    'requirements of the solution',
    /^(?:требования к (?:решению|системе|продукту|работе (?:системы|сервиса|решения))|бизнес-? ?требования|(?:business|system|functional|non-functional) requirements|requirements (?:&|and) (?:constraints|restrictions|limitations)|sla)(?![\p{L}\p{N}])/u,
  ),
  m(
    'problem',
    'success criteria',
    /^(?:критерии успе\p{L}*|success (?:criteria|metrics))(?![\p{L}\p{N}])/u,
  ),
  weak(
    'problem',
    'constraints',
    /^(?:(?:бизнес-? ?|business |technical |технические )?(?:ограничения|constraints|restrictions|limitations))$/u,
  ),
  weak(
    'problem',
    'goals',
    /^(?:цели|goals?)(?: (?:и|and|&) (?:анти-? ?цели|anti-? ?goals|non-goals))?$/u,
  ),
  weak(
    'problem',
    'motivation or overview',
    /^(?:motivation|мотивация|overview|обзор|general information|общая информация|relevance ?(?:&|and) ?reasons)$/u,
  ),
  weak(
    'problem',
    'scope and prerequisites of the solution (Reliable ML 1.3, 1.4)',
    /^(?:что входит в скоуп|скоуп проекта|объ[её]м проекта|(?:project )?scope|what is included in the scope|предпосылки решения|предположения по решению|solution assumptions|background of the decision)(?![\p{L}\p{N}])/u,
  ),
  m('data', 'data', /^(?:данные|датасеты?|datasets?|data)$/u),
  m(
    'data',
    'data description or preparation',
    /^(?:data|dataset) (?:description|preparation|collection|gathering|sources?|overview)(?![\p{L}\p{N}])|^gathering (?:the )?(?:data|datasets?)(?![\p{L}\p{N}])/u,
  ),
  m(
    'data',
    'data collection and preparation',
    /^(?:(?:сбор|подготовка|анализ|описание|обработка|исследование)(?: и (?:сбор|подготовка|анализ|обработка))?|выбор(?: дополнительных)?|этапы? подготовки) данных(?![\p{L}\p{N}])/u,
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
    /^(?:архитектура(?: и модели| решения| модели)?|(?:ml-? ?)?модел[иь](?: и архитектура| для пилота)?|architecture(?: and models?)?|(?:ml )?models?|modell?ing|techniques)$/u,
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
    'stages of the solution (Reliable ML 2.3)',
    /^(?:этапы решения задачи|(?:the )?stages of (?:problem solving|solving the problem))(?![\p{L}\p{N}])/u,
  ),
  m(
    'architecture',
    'solution flowchart',
    /^(?:блок[- ]?схема|(?:solution )?flowchart|(?:the )?block diagram)(?![\p{L}\p{N}])/u,
  ),
  m(
    'architecture',
    'baseline and training',
    /^(?:baseline(?: solution| models?)?|training(?: pipeline)?|обучение|бейзлайн|базовое решение)$/u,
  ),
  m(
    'architecture',
    'model training',
    /^(?:обучение|training|preparing|preparation of|построение|разработка|подготовка|development of|model (?:development|training|selection|building))(?![\p{L}\p{N}]).*(?<![\p{L}\p{N}])(?:модел\p{L}*|models?)(?![\p{L}\p{N}])|^model (?:development|training|selection|building)(?![\p{L}\p{N}])/u,
  ),
];

/**
 * Sections that are none of the three inputs; a heading range under them is never taken, and
 * they are cut out of a range taken for a role.
 */
const EXCLUDED =
  /^implementation$|(?:деплой|deploy|внедрени|production|запуск в производств|продакшн|serving|сервинг|мониторинг|monitoring|integration|интеграци|тестирован|testing|пилот|pilot|метрик|metrics|затраты|cost|references|литература|содержание|contents|термины|glossary|глоссари|document info|appendix|приложени|learnings|выводы|future work)/;

const NUMBERING = /^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[ivxlc]+\.)\s*/;
const STAGE = /^(?:этап|stage|шаг|step)\s*\d+\s*[.:—–-]*\s*/;

/**
 * Folds a title to the form matchers see: Markdown marks, `{#id}` anchors and escapes gone,
 * numbering (`2.3.1`, `IV.`, `Этап 2 —`) removed, lower case, `ё` as `е`, spaces folded.
 */
function normalizeTitle(title: string): string {
  return title
    .replace(/\{#[^}]*\}\s*$/, '')
    .replace(/\\([.)\\])/g, '$1')
    .replace(
      /\*\([^)]*\)\*|[*_`]|\p{Extended_Pictographic}|\u200d|\ufe0f/gu,
      '',
    )
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
  if (matcher)
    return {
      kind: 'role',
      role: matcher.role,
      name: matcher.name,
      ...(matcher.weak ? {weak: true} : {}),
    };
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
