/**
 * Which lines of a Markdown text stand outside fenced code (fence lines count as inside): a line
 * scan, no parse, for the cheap passes that must not mistake code for headings or ESM.
 */
export function linesOutsideFences(lines: readonly string[]): boolean[] {
  let fence: string | undefined;
  return lines.map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length)
        fence = undefined;
      return false;
    }
    return !fence;
  });
}
