/** What a title says it is: a role, no input, or nothing; else what its words are about. Pure. */
import {spelledOut, type RoleMatcher, type TakenBy} from './matchers';
import type {Role} from './roles';

/** What a title is: a role (by a matcher, and which rule), or a section that is no input. */
export type TitleClass =
  | ({kind: 'role'; rule: TakenBy} & Omit<RoleMatcher, 'pattern'>)
  | {kind: 'excluded'; name: string};

const NUMBERING = /^(?:\d+(?:\.\d+)*[.)]?|[IVXLC]+\.|[ivxlc]+\.)\s*/;
const STAGE = /^(?:этап|stage|шаг|step)\s*\d+(?:\.\d+)*\s*[.:—–-]*\s*/;
/** Notes a title carries beside its words: `(TBD)`, `[at the approval stage]`, `<MVP>`. */
const NOTES = /\([^()]*\)|\[[^\]]*\]|<[^<>]*>|(?:^|\s)(?:tbd|wip)(?=\s|$)/g;

/**
 * Folds a title to the form matchers see: marks, anchors, escapes, notes and numbering (`2.3.1`,
 * `IV.`, `1)`, `Этап 2 —`) gone, lower case, `ё` as `е`, hyphens as `-`, spaces folded.
 */
export function normalizeTitle(title: string): string {
  return title
    .replace(/\{#[^}]*\}\s*$/, '')
    .replace(/\\([.)\\])/g, '$1')
    .replace(/[*_`]|\p{Extended_Pictographic}|\u200d|\ufe0f/gu, '')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .replace(NUMBERING, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(NOTES, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(STAGE, '')
    .replace(/^[\s:.—–-]+|[\s:.—–-]+$/g, '');
}

/** The number a title starts with ("5. Пилот" -> 5; "2.3 X" -> 2), if any. */
export function titleNumber(title: string): number | undefined {
  const match = /^\s*(\d+)(?:\\?[.)]|\s)/.exec(title.replace(/[*_`]/g, ''));
  return match ? Number(match[1]) : undefined;
}

/** What a title is: the first matcher that takes it, else no input when a word says so. */
export function classifyTitle(
  title: string,
  matchers: readonly RoleMatcher[],
): TitleClass | undefined {
  const normalized = normalizeTitle(title);
  let about: Role | undefined | null = null;
  const matcher = matchers.find((candidate) => {
    if (candidate.rule !== 'meaning') return candidate.pattern.test(normalized);
    if (about === null)
      about = NO_INPUT.test(normalized) ? undefined : meaningOf(normalized);
    return about === candidate.role;
  });
  if (matcher) {
    const {pattern: _pattern, rule = 'title', ...flags} = matcher;
    return {kind: 'role', rule, ...flags};
  }
  return NO_INPUT.test(normalized)
    ? {kind: 'excluded', name: 'not an input of the Deploy prompt'}
    : undefined;
}

/** Words of a section that is no input (Deploy, pilot, metrics, ...): never read by meaning. */
const NO_INPUT = spelledOut(
  /^implementation$|депло|deploy|внедрени|production|запуск в производств|продакшн|serving|сервинг|развертыв|мониторинг|monitoring|integration|интеграци|пилот|pilot|метрик|metric|отч[её]т|report|затраты|издержк|cost|references|литература|содержание|contents|термины|glossary|глоссари|document info|appendix|приложени|learnings|выводы|future work/u,
);

const words = (list: string): readonly string[] => list.trim().split(/\s+/);

/** The words of a title a role is read from, as stems: a word matches a stem it starts with. */
const DATA_WORDS = words(
  `данн датасет dataset выборк корпус corpus разметк labeling labelling
  annotation аннотаци фич признак feature семпл сэмпл sampling`,
);
/** Words matched whole: `data` is no stem of `database`, `eda` none of `edit`. */
const DATA_EXACT = words(`data eda`);
const MODEL_WORDS = words(
  `модел model baseline бейзлайн бэйзлайн архитектур architecture нейросет
  classifier классификатор`,
);
/** Activities a stage leads with (collecting, training): the data or model word after tells. */
const ACTIVITIES = words(
  `сбор подготовк анализ описани обработк предобработк исследовани очистк
  проверк генераци выбор поиск преобразовани проведени источник процесс
  этап построени обучени дообучени разработк тестировани валидаци
  реализаци оценк создани подбор получени формировани collection
  collecting gathering preparation preparing preprocessing processing
  analysis analyzing exploration exploratory description cleaning
  cleansing checking validation generation generating selection selecting
  choosing choice sourcing sources source search acquisition ingestion
  engineering quality building build training train development developing
  testing evaluation evaluating implementation implementing creating
  creation tuning process stage step`,
);
/** Words that may stand before the activity or the data word, whole: articles, prepositions. */
const FUNCTION_WORDS = words(`the a an of for on и для на из с по в`);
/** Adjectives that may stand there, as stems: `Дополнительные данные`, `raw data`. */
const ADJECTIVES = words(
  `первичн дополнительн нов исходн входн обучающ тестов initial additional
  new raw input test`,
);
const COORDINATION = words(`и and & +`);

/** A word of letters alone: `данные2024` names nothing. */
const LETTERS = spelledOut(/^\p{L}+$/u);
const starts = (stems: readonly string[]) => (word: string) =>
  LETTERS.test(word) && stems.some((stem) => word.startsWith(stem));
const isData = (word: string) =>
  DATA_EXACT.includes(word) || starts(DATA_WORDS)(word);
const isModel = starts(MODEL_WORDS);
const isActivity = starts(ACTIVITIES);
const isFiller = (word: string) =>
  COORDINATION.includes(word) ||
  FUNCTION_WORDS.includes(word) ||
  starts(ADJECTIVES)(word);
const LATIN = /^[a-z]/;
/** Words, `&`/`+`, and the marks that part a title's phrases (`,`, `:`, `/`). */
const WORDS = spelledOut(/[\p{L}\p{N}]+|[&+]|[,;:/()]/gu);

const roleOf = (word: string): Role | undefined =>
  isData(word) ? 'data' : isModel(word) ? 'architecture' : undefined;

/**
 * The role a normalized title's words lead with: the data, or building and training models (the
 * architecture). A title headed by another word (`Безопасность данных`) is neither.
 */
export function meaningOf(normalized: string): Role | undefined {
  const words = normalized.match(WORDS) ?? [];
  let led = false;
  for (const [i, word] of words.entries()) {
    const role = roleOf(word);
    if (role) {
      // An English compound is about its last word: `Data Security` is security, but `Data
      // Preprocessing` and `Data Sets` are the data.
      const next = words[i + 1] ?? '';
      const compound =
        LATIN.test(word) &&
        LATIN.test(next) &&
        !isActivity(next) &&
        !/^(?:and|sets?|diagrams?)$/.test(next);
      return compound ? roleOf(next) : role;
    }
    if (/^[,;:/()]$/.test(word)) continue;
    const previous = words[i - 1];
    // After `и`/`and`, a word that is no activity starts another subject.
    const afterAnd = previous !== undefined && COORDINATION.includes(previous);
    if (isActivity(word)) led = true;
    else if (afterAnd || (!led && !isFiller(word))) return undefined;
  }
  return undefined;
}

/** Words of a title about the task: its goals, requirements, motivation, scope. */
const PROBLEM_WORDS = words(
  `задач problem task goal цел требовани requirement бизнес business
  motivation мотиваци зачем why scope скоуп overview обзор обоснован sla
  ограничени constraint`,
);
/** Words of a title about the system: its design, solution, pipeline. */
const SYSTEM_WORDS = words(
  `design дизайн solution решени system систем pipeline пайплайн схем
  diagram inference инференс approach подход`,
);

const NAMES: Record<Role, (word: string) => boolean> = {
  problem: starts(PROBLEM_WORDS),
  data: isData,
  architecture: isModel,
};

/** How close a title comes to a role: 3 if its words name it, 2 the system (for architecture). */
export function closeness(normalized: string, role: Role): number {
  const words = normalized.match(WORDS) ?? [];
  if (words.some(NAMES[role])) return 3;
  return role === 'architecture' && words.some(starts(SYSTEM_WORDS)) ? 2 : 0;
}
