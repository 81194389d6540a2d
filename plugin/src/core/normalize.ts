/**
 * A source page as the prompt should see it, whatever the editor or checkout did to its bytes: no
 * byte-order mark, `\n` line endings, trailing whitespace gone but a hard break's, kept as two
 * spaces. Every line stays where it was, so line numbers still point into the file. Pure.
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
