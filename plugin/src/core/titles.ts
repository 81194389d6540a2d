/** What a heading or page title says it is: one of the roles, no input, or nothing. Pure. */
import type {RoleMatcher, TakenBy} from './matchers';
import {isNoInput, meaningOf} from './meaning';
import type {Role} from './roles';

/** What a title is: one of the roles (and by which rule), or a section that is no input. */
export type TitleClass =
  | {
      kind: 'role';
      role: Role;
      /** The matcher's name, or what the title's meaning is about. */
      name: string;
      rule: TakenBy;
      weak?: boolean;
      anywhere?: boolean;
      chapter?: boolean;
    }
  | {kind: 'excluded'; name: string};

const NUMBERING = /^(?:\d+(?:\.\d+)*[.)]?|[IVXLC]+\.|[ivxlc]+\.)\s*/;
const STAGE = /^(?:этап|stage|шаг|step)\s*\d+(?:\.\d+)*\s*[.:—–-]*\s*/;
/** Notes a title carries beside its words: `(TBD)`, `[at the approval stage]`, `<MVP>`. */
const NOTES = /\([^()]*\)|\[[^\]]*\]|<[^<>]*>|(?:^|\s)(?:tbd|wip)(?=\s|$)/g;

/**
 * Folds a title to the form matchers see: Markdown marks, `{#id}` anchors, escapes and notes in
 * brackets gone, numbering (`2.3.1`, `IV.`, `1)`, `Этап 2 —`) removed, lower case, `ё` as `е`,
 * hyphens as `-`, spaces folded.
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
    .replace(/^[\s:.—–-]+|[\s:.—–-]+$/g, '')
    .trim();
}

/** The number a title starts with ("5. Пилот" -> 5; "2.3 X" -> 2), if any. */
export function titleNumber(title: string): number | undefined {
  const match = /^\s*(\d+)(?:\\?[.)]|\s)/.exec(title.replace(/[*_`]/g, ''));
  return match ? Number(match[1]) : undefined;
}

/**
 * What a title is: the first matcher that recognizes it (the user's, the templates' titles,
 * then the title's meaning, never taken for a title that is no input); else no input when a
 * word says so (Deploy, pilot, metrics, ...).
 */
export function classifyTitle(
  title: string,
  matchers: readonly RoleMatcher[],
): TitleClass | undefined {
  const normalized = normalizeTitle(title);
  let about: Role | undefined | null = null;
  const matcher = matchers.find((candidate) => {
    if (candidate.rule !== 'meaning') return candidate.pattern.test(normalized);
    if (about === null)
      about = isNoInput(normalized) ? undefined : meaningOf(normalized);
    return about === candidate.role;
  });
  if (matcher)
    return {
      kind: 'role',
      role: matcher.role,
      name: matcher.name,
      rule: matcher.rule ?? 'title',
      ...(matcher.weak ? {weak: true} : {}),
      ...(matcher.anywhere ? {anywhere: true} : {}),
      ...(matcher.chapter ? {chapter: true} : {}),
    };
  return isNoInput(normalized)
    ? {kind: 'excluded', name: 'not an input of the Deploy prompt'}
    : undefined;
}
