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
  try {
    const data: unknown = parseYaml(match[1]!);
    return {
      data:
        data && typeof data === 'object' && !Array.isArray(data)
          ? (data as Record<string, unknown>)
          : {},
      body,
    };
  } catch (error) {
    return {
      data: {},
      body,
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
    if (!outside[i]) continue;
    const heading = /^ {0,3}#[ \t]+(.+?)[ \t#]*$/.exec(line);
    if (heading) return heading[1]!.trim();
  }
  return undefined;
}
