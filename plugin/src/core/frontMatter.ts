import {parseYaml} from './yaml';
import {linesOutsideFences} from './fences';

/** A page's front matter and the text after it. */
export interface FrontMatterSplit {
  data: Record<string, unknown>;
  body: string;
  /** Set when the block could not be read as YAML: the message says why. */
  error?: string;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** The block read last, and what it gave (a page's is read to check it, then for its head). */
let last: {yaml: string; read: Omit<FrontMatterSplit, 'body'>} | undefined;

/** Splits the YAML front matter off a page without parsing its Markdown; its data read-only. */
export function splitFrontMatter(content: string): FrontMatterSplit {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const match = FRONT_MATTER.exec(text);
  if (!match) return {data: {}, body: text};
  const yaml = match[1]!;
  if (last?.yaml !== yaml) last = {yaml, read: readFrontMatter(yaml)};
  return {...last.read, body: text.slice(match[0].length)};
}

/** A front matter block read as YAML: its mapping (else no data), or why it is no YAML. */
function readFrontMatter(yaml: string): Omit<FrontMatterSplit, 'body'> {
  try {
    const data: unknown = parseYaml(yaml);
    const mapping = data && typeof data === 'object' && !Array.isArray(data);
    return {data: mapping ? (data as Record<string, unknown>) : {}};
  } catch (error) {
    return {
      data: {},
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * The page's title as Docusaurus shows it: `title` in front matter, else the first `#` heading,
 * found by a line scan that skips fenced code (cheap: no Markdown parse).
 */
export function pageTitle(
  data: Record<string, unknown>,
  body: string,
): string | undefined {
  if (typeof data.title === 'string' && data.title.trim())
    return data.title.trim();
  const lines = body.split(/\r?\n/);
  const outside = linesOutsideFences(lines);
  for (const [i, line] of lines.entries()) {
    const heading = outside[i] && /^ {0,3}#[ \t]+(.+?)[ \t#]*$/.exec(line);
    if (heading) return heading[1]!.trim();
  }
  return undefined;
}
