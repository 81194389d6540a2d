import type {
  NoticeId,
  NoticeItem,
  NoticePart,
} from 'docusaurus-plugin-mlsd-deploy';
import type {PromptSection} from './prompt';
import {isRole, ROLE_TITLES, ROLE_TITLES_EN, ROLES} from './roles';

/**
 * The English text of each sentence, with its values in braces: the page's message in English,
 * for the log and the page's `message`. The theme's English defaults are the same texts, and
 * its translations say them in the site's language (`test/core/notice.test.ts` holds them to it).
 */
export const NOTICE_EN: Record<NoticeId, string> = {
  missing: 'Not generated yet.',
  stale: '{changed} changed since this answer was generated.',
  staleHidden: '{changed} changed since the last answer was generated.',
  editedStale:
    'This answer was edited by hand, and {changed} changed since. Generation keeps it: pin it with a revised text (`{pin}`), or replace it with a new answer (`{replace}`).',
  pinnedOld:
    'This answer was pinned by a person against an older prompt: {changed} changed since. Generation never replaces a pin; run `{pin}` with a revised answer, or `{unpin}` to let the model answer.',
  incompletePage:
    'This design has no section {roles}, so no answer is generated. Add a heading {roles} to the page, or name the heading that is one in the page’s front matter (`mlsd_sections`), then rebuild (`{status}` shows what was found and why), or set the plugin option `allowIncomplete: true` to generate from the sections there are.',
  closestHeadings:
    'The headings closest to {role}: {headings}. To read the first as that section, add to the front matter: `{frontMatter}`.',
  overrideUnknown:
    'The front matter names {named} as the section {role} (`{field}`), but the page has no such heading, so no answer is generated. Its headings: {headings}.',
  incompleteFolder:
    "This design has no section {roles}, so no answer is generated. Add a page whose title is {roles} to the design's folder, or mark an existing page with `mlsd_section: <" +
    ROLES.join('|') +
    '>` in its front matter, then rebuild (`{status}` shows what was found and why), or set the plugin option `allowIncomplete: true` to generate from the sections there are.',
  emptySection:
    'Section {sections} of this design has a heading and no text, so no answer is generated. Write the section, then rebuild, or set the plugin option `allowIncomplete: true` to generate from the sections there are.',
  tooLarge:
    'The prompt is about {tokens} tokens, over the limit of {limit} (option `maxPromptTokens`): nothing was sent, and nothing is cut. Shorten the sections, or raise the limit if the model takes more.',
  generating:
    'The model is being asked for this answer; this page updates when it arrives.',
  generatingChanged:
    'The model is being asked for this answer ({changed} changed); this page updates when it arrives.',
  shownMeanwhile: 'The last answer is shown meanwhile.',
  failed: 'Generation failed: {error}',
  hint: '{hint}',
  lastShown: 'The last answer is shown.',
  failedBefore: 'The last request for these inputs failed: {error}',
  howAuto:
    'Set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI) and run the build again, or run `{generate}`; then commit the cache folder.',
  howOffline:
    'The build runs with MLSD_MODE=offline, which never asks the model: build without it, or run `{generate}`.',
  howFrozen:
    'The build runs with MLSD_MODE=frozen, which only reads the cache.',
};

/** The English names of the request's inputs other than sections. */
const INPUT_NAMES: Record<string, string> = {
  template: 'the prompt template',
  model: 'the model',
  params: 'the request parameters',
  version: 'the cache format',
  inputs: 'the inputs',
};

/** How the English text names inputs and says a notice, with role titles in a page's language. */
export function wordsFor(language: 'ru' | 'en' = 'ru') {
  const titles = language === 'en' ? ROLE_TITLES_EN : ROLE_TITLES;
  const itemText = (item: NoticeItem): string => {
    if ('section' in item) return `"${item.section}"`;
    if ('heading' in item) return `"${item.heading}" (line ${item.line})`;
    if ('role' in item) return `"${titles[item.role]}"`;
    if ('removed' in item) return `"${titles[item.removed]}" (removed)`;
    return INPUT_NAMES[item.input] ?? item.input;
  };
  const itemsText = (items: readonly NoticeItem[]): string =>
    items.map(itemText).join(', ');
  /** Each sentence with its values put in once, verbatim, starting with a capital. */
  const noticeText = (parts: readonly NoticePart[]): string =>
    parts
      .map(({id, values = {}}) => {
        const text = NOTICE_EN[id].replace(
          /\{(\w+)\}/g,
          (slot, name: string) => {
            if (!Object.hasOwn(values, name)) return slot;
            const value = values[name]!;
            return Array.isArray(value) ? itemsText(value) : String(value);
          },
        );
        return text.charAt(0).toUpperCase() + text.slice(1);
      })
      .join(' ');
  /** What the page says: the sentences given, and the same in English; `null` for none. */
  const says = (...parts: (NoticePart | false | undefined)[]) => {
    const notice = parts.filter((part): part is NoticePart => !!part);
    return notice.length
      ? {notice, message: noticeText(notice)}
      : {notice: null, message: null};
  };
  return {itemText, itemsText, noticeText, says};
}

/** A notice in English, with role titles in Russian, the handbook's language. */
export const {noticeText} = wordsFor('ru');

/** The inputs whose digests differ between an old answer and the current request. */
export function changedItems(
  previous: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
  sections: readonly PromptSection[],
): NoticeItem[] {
  const changed: NoticeItem[] = [];
  for (const [name, digest] of Object.entries(current)) {
    if (previous[name] === digest) continue;
    const section = sections.find((candidate) => candidate.role === name);
    changed.push(section ? {section: section.title} : {input: name});
  }
  for (const name of Object.keys(previous))
    if (!(name in current) && isRole(name)) changed.push({removed: name});
  return changed;
}
