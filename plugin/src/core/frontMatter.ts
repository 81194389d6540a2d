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

/** Splits the YAML front matter off a page without parsing its Markdown. */
export function splitFrontMatter(content: string): FrontMatterSplit {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const match = FRONT_MATTER.exec(text);
  if (!match) return {data: {}, body: text};
  const body = text.slice(match[0].length);
  const yaml = match[1]!;
  if (lastParsed?.yaml !== yaml) lastParsed = parseFrontMatter(yaml);
  const {data, error} = lastParsed;
  return error === undefined ? {data, body} : {data, body, error};
}

/** A front matter block, and what it gave read as YAML. */
type ParsedFrontMatter = Omit<FrontMatterSplit, 'body'> & {yaml: string};

/** The block parsed last (a page's is read to check it, then for its head); its data read-only. */
let lastParsed: ParsedFrontMatter | undefined;

/** A front matter block read as YAML: its mapping (else no data), or why it is no YAML. */
function parseFrontMatter(yaml: string): ParsedFrontMatter {
  try {
    const data: unknown = parseYaml(yaml);
    const mapping = data && typeof data === 'object' && !Array.isArray(data);
    return {yaml, data: mapping ? (data as Record<string, unknown>) : {}};
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {yaml, data: {}, error: message};
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
