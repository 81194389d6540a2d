/**
 * The writer's own characters of a text node, for a prompt that says a section as it was
 * written: a serializer escapes what could read as Markdown (`~24` as `\~24`), though the
 * writer typed no escape there. Pure.
 */
import type {Text} from 'mdast';

/** Character references a writer types in prose, and what they stand for. */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  laquo: '«',
  raquo: '»',
  hellip: '…',
  copy: '©',
  times: '×',
};

/** What source text reads as: backslash escapes and character references resolved. */
function readBack(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(
      /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(\w+));/g,
      (all, dec: string, hex: string, name: string) => {
        if (name) return NAMED[name] ?? all;
        const code = dec ? Number(dec) : Number.parseInt(hex, 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      },
    );
}

/**
 * A text node's characters as the writer typed them, its escapes and character references
 * included; each line after the first without the marks of its containers (`>`, indentation),
 * which the serializer writes again, and every line ending a `\n`. Undefined when the node has no place in `source`, or its
 * source does not read back as its text (then it is serialized as usual).
 */
export function writtenText(node: Text, source: string): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const written = source
    .slice(start, end)
    .split(/\r\n?|\n/)
    .map((line, i) => (i === 0 ? line : line.replace(/^[ \t>]*/, '')))
    .join('\n');
  return readBack(written) === node.value.replace(/\r\n?/g, '\n')
    ? written
    : undefined;
}
