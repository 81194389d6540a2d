import {Fragment, type ReactNode} from 'react';
import type {NoticeItem, NoticePart} from 'docusaurus-plugin-mlsd-deploy';
import {HINTS, SENTENCES, WORDS} from './noticeMessages';

/** A record's own entry: never a name every object has (`constructor`, `toString`). */
const own = <T,>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** `template` with its `{slots}` filled: each value as text, once, never read as markup. */
function fill(
  template: string,
  values: NonNullable<NoticePart['values']>,
): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => {
    const value = own(values, name);
    if (value === undefined) return slot;
    return Array.isArray(value)
      ? value.map(itemName).join(', ')
      : String(value);
  });
}

/** An input as the site's language names it; a section by its own title, quoted. */
function itemName(item: NoticeItem): string {
  const quoted = (text: string) => fill(WORDS.quoted!, {text});
  const role = (name: string) => quoted(own(WORDS, `role.${name}`) ?? name);
  if ('section' in item) return quoted(item.section);
  if ('heading' in item)
    return fill(WORDS.heading!, {text: item.heading, line: item.line});
  if ('role' in item) return role(item.role);
  if ('removed' in item)
    return fill(WORDS.removed!, {section: role(item.removed)});
  return own(WORDS, `input.${item.input}`) ?? item.input;
}

/** One sentence in the site's language; what it sets in backticks (a command line) is code. */
function Sentence({part}: {part: NoticePart}): ReactNode {
  const values = part.values ?? {};
  const template =
    part.id === 'hint'
      ? (own(HINTS, String(values.kind)) ?? SENTENCES.hint)
      : SENTENCES[part.id];
  const pieces = template.split('`').map((chunk, index) => {
    const text = fill(chunk, values);
    return index % 2 === 1 ? <code key={index}>{text}</code> : text;
  });
  // A sentence that starts with a list of inputs starts with a capital.
  const [first] = pieces;
  if (typeof first === 'string')
    pieces[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return <>{pieces}</>;
}

/** What a page says about its state, in the site's language. */
export default function Notice({parts}: {parts: NoticePart[]}): ReactNode {
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 && ' '}
      <Sentence part={part} />
    </Fragment>
  ));
}
