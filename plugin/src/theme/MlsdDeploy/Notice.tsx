import {Fragment, type ReactNode} from 'react';
import type {NoticeItem, NoticePart} from 'docusaurus-plugin-mlsd-deploy';
import {HINTS, SENTENCES, WORDS} from './noticeMessages';

/** A record's own entry: never a name every object has (`constructor`, `toString`). */
const own = <T,>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** An input as the site's language names it; a section by its own title, quoted. */
function itemName(item: NoticeItem): string {
  const quoted = (text: string) => WORDS.quoted!.replace('{text}', () => text);
  const role = (name: string) => quoted(own(WORDS, `role.${name}`) ?? name);
  if ('section' in item) return quoted(item.section);
  if ('heading' in item)
    return WORDS.heading!.replace('{text}', () => item.heading).replace(
      '{line}',
      () => String(item.line),
    );
  if ('role' in item) return role(item.role);
  if ('removed' in item)
    return WORDS.removed!.replace('{section}', () => role(item.removed));
  return own(WORDS, `input.${item.input}`) ?? item.input;
}

/**
 * One sentence in the site's language. Its values are put in as text, once, and never read as
 * markup or as slots; what the sentence sets in backticks (a command line, an option) is code.
 */
function Sentence({part}: {part: NoticePart}): ReactNode {
  const values = part.values ?? {};
  const template =
    part.id === 'hint'
      ? (own(HINTS, String(values.kind)) ?? SENTENCES.hint)
      : SENTENCES[part.id];
  const pieces = template.split('`').map((chunk, index) => {
    const text = chunk
      .split(/(\{\w+\})/)
      .map((slot, at) => {
        const value = at % 2 === 1 ? own(values, slot.slice(1, -1)) : undefined;
        if (value === undefined) return slot;
        return Array.isArray(value)
          ? value.map(itemName).join(', ')
          : String(value);
      })
      .join('');
    return index % 2 === 1 ? <code key={index}>{text}</code> : text;
  });
  // A sentence that starts with a list of inputs starts with a capital.
  const [first] = pieces;
  if (typeof first === 'string')
    pieces[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return <>{pieces}</>;
}

/** What a page says about its state, in the site's language. */
export default function Notice({
  parts,
}: {
  parts: readonly NoticePart[];
}): ReactNode {
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 && ' '}
      <Sentence part={part} />
    </Fragment>
  ));
}
