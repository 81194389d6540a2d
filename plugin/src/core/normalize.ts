/**
 * A source page as the prompt should see it, whatever the editor or checkout did to its bytes:
 * no byte-order mark, `\n` line endings, and no trailing whitespace that Markdown gives no
 * meaning to. Trailing spaces on a line mean nothing, except two or more before the next line
 * of a paragraph (a hard line break), which are kept as exactly two: one more space, or a tab,
 * changes nothing a reader sees, so it changes no prompt and no key. Code blocks are treated
 * alike: a reader cannot see a trailing space in them either. Every line stays where it was, so
 * line numbers in `status` still point into the file. Pure.
 */
export function normalizeSource(text: string): string {
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return unmarked
    .replace(/\r\n?/g, '\n')
    .replace(
      /(^|\S)([ \t\f\v\u00a0]+)$/gm,
      (_all, before: string, space: string) =>
        before && space.startsWith('  ') ? `${before}  ` : before,
    );
}
