/** The title matchers: the templates' own titles for each role, and the user's. */
import type {MatcherOption} from 'docusaurus-plugin-mlsd-deploy';
import type {Role} from './roles';

/**
 * Letters of Latin, Greek and Cyrillic, spelled out for `\p{L}` in the built-in patterns: V8 builds
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

/** Which reading rule took a heading for its role, as `mlsd status` names it. */
export type TakenBy =
  'title' | 'meaning' | 'requirements' | 'override' | 'option';

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
  /** The reading rule the matcher stands for. Default: `title` (`option` for the user's). */
  rule?: TakenBy;
  /** A generic title (Overview, Goals): taken only where no range of any role holds it already. */
  weak?: boolean;
  /** Taken even inside a section that is no input: requirements, the ML model's architecture. */
  anywhere?: boolean;
  /** Taken only as a chapter of the doc (or, with `anywhere`, right under one that is no input). */
  chapter?: boolean;
}

/** One role's title matchers, by name, with what they share (see `RoleMatcher`). */
const titles = (
  role: Role,
  more: Partial<RoleMatcher>,
  patterns: Record<string, RegExp>,
): RoleMatcher[] =>
  Object.entries(patterns).map(([name, pattern]) => ({
    role,
    name,
    pattern: spelledOut(pattern),
    ...more,
  }));
const TITLE: Partial<RoleMatcher> = {};
const WEAK: Partial<RoleMatcher> = {weak: true};
const ANYWHERE: Partial<RoleMatcher> = {anywhere: true};
const CHAPTER: Partial<RoleMatcher> = {chapter: true};
const REQUIREMENTS = {rule: 'requirements', anywhere: true} as const;
const REQUIREMENTS_CHAPTER = {...REQUIREMENTS, chapter: true};
/** Stands for `meaningOf` among the matchers: its pattern is never tested (see `classifyTitle`). */
const meaning = (role: Role, name: string): RoleMatcher => ({
  role,
  name,
  pattern: /$^/,
  rule: 'meaning',
});

/**
 * The built-in matchers: the handbook's titles in Russian and English, and those of the public
 * templates (Reliable ML, Babushkin–Kravchenko, Eugene Yan); titles in other words by meaning.
 */
export const DEFAULT_MATCHERS: readonly RoleMatcher[] = [
  ...titles('problem', REQUIREMENTS, {
    'requirements of the system':
      /^(?:требования к (?:решению|системе|продукту|работе (?:системы|сервиса|решения))|(?:бизнес|системные|технические|функциональные|нефункциональные|не-?функциональные)-? ?требования|(?:business|system|functional|non-?functional|technical|performance|operation(?:al)?|production|hardware|software|service|quality)(?: (?:performance|operation(?:al)?|quality))? requirements|requirements (?:&|and) (?:constraints|restrictions|limitations)|sla|service level agreement)(?![\p{L}\p{N}])/u,
  }),
  ...titles('problem', REQUIREMENTS_CHAPTER, {
    'a requirements chapter': /^(?:requirements|требования)$/u,
  }),
  ...titles('problem', TITLE, {
    'problem statement':
      /^(?:постановка (?:бизнес-?|ml-? ?)?задачи|problem (?:statement|definition|formulation)|technical problem formulation|(?:the )?(?:setting|statement) of the (?:task|problem)|setting the task|(?:technical |ml |business )?task (?:statement|definition|formulation))(?![\p{L}\p{N}])/u,
    'goals and prerequisites (Reliable ML)':
      /^(?:цел[ьи] и предпосылки|goals? and (?:prerequisites|premises))(?![\p{L}\p{N}])/u,
    'business goal or task':
      /^(?:бизнес-? ?(?:цел[ьи]|задача)|business (?:problem|task|goals?|objectives?))(?![\p{L}\p{N}])/u,
    'why build it (Reliable ML 1.1)':
      /^зачем (?:мы )?(?:ид[её]м в разработку|разрабатыва\p{L}*|делаем|нуж\p{L}*)|^why (?:are we|we are|do we) (?:going into|build|develop|need)/u,
    'success criteria':
      /^(?:критерии успе\p{L}*|success (?:criteria|metrics))(?![\p{L}\p{N}])/u,
  }),
  ...titles('problem', WEAK, {
    constraints:
      /^(?:(?:бизнес-? ?|business |technical |технические )?(?:ограничения|constraints|restrictions|limitations))$/u,
    goals:
      /^(?:цели|goals?)(?: ?(?:и|and|&|\/) ?(?:анти-? ?цели|не-? ?цели|anti-? ?goals|non-? ?goals))?$/u,
    'motivation or overview':
      /^(?:(?:project )?motivation|мотивация|overview|обзор|general information|общая информация|relevance ?(?:&|and) ?reasons)$/u,
    'scope and prerequisites of the solution (Reliable ML 1.3, 1.4)':
      /^(?:что входит в скоуп|скоуп проекта|объ[её]м проекта|(?:project )?scope|what is included in the scope|предпосылки решения|предположения(?: по решению)?|допущения|(?:solution )?(?:assumptions|prerequisites)|background of the decision)(?![\p{L}\p{N}])/u,
  }),
  ...titles('data', TITLE, {
    data: /^(?:данные|датасеты?|datasets?|data)$/u,
    'data description or preparation':
      /^(?:data|dataset) (?:description|preparation|collection|gathering|sources?|overview)(?![\p{L}\p{N}])|^gathering (?:the )?(?:data|datasets?)(?![\p{L}\p{N}])/u,
    'data collection and preparation':
      /^(?:(?:сбор|подготовка|анализ|описание|обработка|исследование)(?: и (?:сбор|подготовка|анализ|обработка))?|выбор(?: дополнительных)?|этапы? подготовки) данных(?![\p{L}\p{N}])/u,
    'dataset preparation':
      /^(?:подготовка|выбор|сбор) (?:обучающего )?(?:датасета|выборки)(?![\p{L}\p{N}])/u,
    'data sources':
      /^(?:первичн\p{L}+ )?(?:поиск )?источник\p{L}* данных(?![\p{L}\p{N}])|^дополнительн\p{L}+ данн\p{L}+/u,
    features: /^(?:features?|признаки|feature engineering)$/u,
  }),
  ...titles('architecture', TITLE, {
    'architecture and models':
      /^(?:архитектура(?: и модели| решения| модели)?|(?:ml-? ?)?модел[иь](?: и архитектура| для пилота)?|architecture(?: and models?)?|(?:ml )?models?|modell?ing|techniques)$/u,
  }),
  ...titles('architecture', ANYWHERE, {
    'the ML model’s architecture':
      /^(?:(?:ml|machine learning) (?:solution |system |model )?architecture|model architecture|архитектура (?:ml-? ?)?модел\p{L}*|ml-? ?архитектура)(?![\p{L}\p{N}])/u,
  }),
  ...titles('architecture', TITLE, {
    'solution architecture':
      /^(?:solution|system) (?:architecture|design|approach|implementation)(?![\p{L}\p{N}])|^(?:дизайн|архитектура) (?:ml-? ?)?(?:системы|решения)$/u,
    methodology: /^(?:методология|methodology)(?![\p{L}\p{N}])/u,
    'stages of the solution (Reliable ML 2.3)':
      /^(?:этапы решения задачи|(?:the )?stages of (?:problem solving|solving the problem))(?![\p{L}\p{N}])/u,
    'solution flowchart':
      /^(?:блок[- ]?схема|(?:solution )?flowchart|(?:the )?block diagram)(?![\p{L}\p{N}])/u,
    'baseline and training':
      /^(?:baseline(?: solution| models?)?|training(?: pipeline)?|обучение|бейзлайн|базовое решение)$/u,
  }),
  ...titles('architecture', CHAPTER, {
    'inference path or search index (a chapter)':
      /^(?:inference (?:path|pipeline|flow)|(?:vector )?search (?:&|and) index(?:ing)?|(?:vector )?index)$/u,
  }),
  // Last, titles in other words, by what they are about (`meaningOf`): never one that is no input.
  meaning('data', 'a title about the data'),
  meaning('architecture', 'a title about building or training the model'),
];

/** The matchers in force: the user's first, then the built-in ones unless replaced. */
export function resolveMatchers(
  user: readonly MatcherOption[] = [],
  replaceDefaults = false,
): RoleMatcher[] {
  const own = user.map((option, i): RoleMatcher => ({
    role: option.role,
    pattern:
      typeof option.pattern === 'string'
        ? new RegExp(option.pattern, 'iu')
        : option.pattern,
    name: option.name ?? `option roleMatchers[${i}]`,
    rule: 'option',
  }));
  return replaceDefaults ? own : [...own, ...DEFAULT_MATCHERS];
}
