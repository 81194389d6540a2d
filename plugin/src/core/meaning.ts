/**
 * What a title is about when no template title names it: the data, the model, or something that
 * is no input of the Deploy prompt. Read from its words, in any wording and grammatical form
 * (Russian stems, English words). Pure.
 */
import {spelledOut} from './matchers';
import type {Role} from './roles';

/**
 * Words of a section that is none of the three inputs: the doc's own Deploy, pilot, monitoring,
 * integration, metrics, report or cost sections, and its glossary, contents and references. A
 * title holding one is not taken for a role by its meaning.
 */
const NO_INPUT = spelledOut(
  /^implementation$|депло|deploy|внедрени|production|запуск в производств|продакшн|serving|сервинг|развертыв|мониторинг|monitoring|integration|интеграци|пилот|pilot|метрик|metric|отч[её]т|report|затраты|издержк|cost|references|литература|содержание|contents|термины|glossary|глоссари|document info|appendix|приложени|learnings|выводы|future work/u,
);

/** True when a normalized title names a section that is no input (Deploy, Metrics, ...). */
export function isNoInput(normalized: string): boolean {
  return NO_INPUT.test(normalized);
}

/** A list of words written as one string. */
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
/**
 * Activities a data or model stage leads with: collecting, preparing, analysing, labelling,
 * choosing; building, training, developing, testing, implementing. Once a title leads with one,
 * the first data or model word after it says what the stage is about.
 */
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
const isMark = (word: string) => /^[,;:/()]$/.test(word);

/** The role a word names, if any. */
const roleOf = (word: string): Role | undefined =>
  isData(word) ? 'data' : isModel(word) ? 'architecture' : undefined;

/**
 * The role a title's words are about, from a title normalized by `normalizeTitle`: a title that
 * is about the data (analysis, collection, checking, cleaning, labelling, sampling, EDA, corpus,
 * data sets, features) is the data; one about building, training, choosing or testing models is
 * the architecture. A title about both takes the role it leads with. A title whose head is
 * something else (`Безопасность данных`, `Conceptual Data Flow`) is neither.
 */
export function meaningOf(normalized: string): Role | undefined {
  const words = normalized.match(WORDS) ?? [];
  let led = false;
  for (const [i, word] of words.entries()) {
    const role = roleOf(word);
    if (role) {
      // An English compound is about its last word: `Data Preprocessing` is the data, `Data
      // Security` is security, `Feature Baselines` are baselines.
      const next = words[i + 1];
      if (!LATIN.test(word) || next === undefined || !LATIN.test(next))
        return role;
      if (
        COORDINATION.includes(next) ||
        isActivity(next) ||
        /^sets?$/.test(next)
      )
        return role;
      return roleOf(next);
    }
    if (isMark(word)) continue;
    const previous = words[i - 1];
    // After `и`/`and`, a word that is no activity starts another subject: `Исследование и
    // сервис с baseline моделью` is not about the model.
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

/**
 * How close a title comes to a role, for a page that lacks it: 3 when its words name the role
 * (`Conceptual Data Flow` for the data), 2 when they name the system (for the architecture), else 0.
 */
export function closeness(normalized: string, role: Role): number {
  const words = normalized.match(WORDS) ?? [];
  const any = (test: (word: string) => boolean) => words.some(test);
  const named =
    role === 'data'
      ? any(isData)
      : role === 'architecture'
        ? any(isModel)
        : any(starts(PROBLEM_WORDS));
  if (named) return 3;
  return role === 'architecture' && any(starts(SYSTEM_WORDS)) ? 2 : 0;
}
