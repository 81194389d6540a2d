/**
 * The prose of a Markdown text, line by line, with what holds no figure masked out: fenced and
 * indented code, front matter, HTML comments, MDX imports, inline code, URLs, tags, dates, times,
 * versions, dimensions (`600×600`), list and heading numbers. A masked character becomes NUL, so
 * that positions stay those of the source and nothing masked joins a number to a unit.
 */
import {linesOutsideFences} from '../fences';

/** A line of prose: its 0-based index, its text as written and masked, the heading above it. */
export interface ProseLine {
  index: number;
  text: string;
  masked: string;
  heading: string | null;
  /** A table's body row: its cells' spans, and the header's text of each column. */
  cells?: {start: number; end: number; header: string}[];
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;
const TABLE_RULE =
  /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$/;

/** A heading's text as a reader sees it: anchors, tags, emphasis marks and escapes gone. */
const cleanHeading = (text: string) =>
  text
    .replace(/\s*\{#[^}]*\}\s*$/, '')
    .replace(/<[^>]*>/g, '')
    .replace(/\*\*|__/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .trim();

const MASK = '\u0000';

/** HTML comments, which may run over lines: the line masked, and whether one is still open. */
function maskComments(line: string, open: boolean): [string, boolean] {
  if (!open && !line.includes('<!--')) return [line, false];
  let still = false;
  const text = (open ? '<!--' : '') + line;
  const masked = text.replace(/<!--[^]*?(-->|$)/g, (m, close: string) => {
    still = !close;
    return MASK.repeat(m.length);
  });
  return [masked.slice(open ? 4 : 0), still];
}

const MONTHS_RU =
  'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря';
const MONTHS_EN =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const MONTH_NAMES =
  '(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\\p{L}*';

/** A regex from a raw template (`\d` as written), global and Unicode-aware. */
const gu = (raw: TemplateStringsArray, ...parts: string[]) =>
  new RegExp(String.raw(raw, ...parts), 'gu');

/** Spans that hold digits but no figure, masked in this order. */
const NOT_FIGURES: RegExp[] = [
  /(?<!`)(`+)(?!`)[^]*?(?<!`)\1(?!`)/g, // code spans: a run of backticks up to one as long
  /\[[^\]]*\]\(#[^)]*\)/g, // links to anchors: a table of contents
  /\bdata:[\w/+.-]+;base64,[\w+/=]+/g, // inline images
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>()[\]`"']+/gi, // URLs
  /\bwww\.[^\s<>()[\]`"']+/gi,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, // e-mail addresses
  /<\/?[A-Za-z][^<>]*>/g, // HTML and JSX tags
  /(?<!\d)(?:19|20)\d{2}-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?(?![\d])/g, // 2024-05-12
  /(?<![\d.])(?:19|20)\d{2}[./](?:0?[1-9]|1[0-2])[./]\d{1,2}(?![\d.])/g, // 2024/05/12
  /(?<![\d.,])\d{1,2}[./]\d{1,2}[./]\d{2,4}(?![\d.])/g, // 12.05.2024, 12/05/24
  /(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])/g, // 07:00, 01:00:30
  /(?<![\d.,/])24\s?[/×x]\s?7(?![\d.,/])/g, // 24/7: round the clock
  gu`(?<![\d.,])\d{1,2}(?:[-–]\d{1,2})?\s+(?:${MONTHS_RU})(?![\p{L}])(?:\s+\d{2,4}(?:\s?г\.?)?)?`, // 1 декабря 25
  gu`(?<![\d.,])\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTHS_EN})\.?(?![\p{L}])(?:,?\s+\d{4})?`, // 12 May 2024
  gu`(?<![\p{L}])(?:${MONTHS_EN})\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s*\d{4})?(?![\d])`, // May 12, 2024
  new RegExp(String.raw`(?<![\p{L}])${MONTH_NAMES}\s+\d{4}(?![\d])`, 'giu'), // декабрь 2025
  /(?<![\d.])[vV]?\d+(?:\.\d+){2,}(?![\d.])/g, // versions 1.2.3
  /(?<![\d.,])\d+(?:[.,]\d+)?\s?[×xхXХ]\s?\d+(?:[.,]\d+)?(?:\s?[×xхXХ]\s?\d+(?:[.,]\d+)?)*/g, // 600×600
  /(?<![\d.,])\d+\s?×/g, // 4 × A100
  /\]\([^)]*(?=\))/g, // link targets
  /^\s*\[[^\]]+\]:\s.*$/g, // link reference definitions
  /^\s*(?:>\s*)*(?:[-*+]\s+)?\d+[.)](?=\s|$)/g, // list numbers
];

/** Heading numbers (`## 2.3 Данные`), masked on a heading line only. */
const HEADING_NUMBER = /^\s*#{1,6}\s+\d+(?:\.\d+)*\.?(?=\s|$)/g;

/** A line of prose with what holds no figure masked (its comments masked already). */
function maskLine(line: string, heading: boolean): string {
  let text = line;
  for (const re of heading ? [...NOT_FIGURES, HEADING_NUMBER] : NOT_FIGURES) {
    if (!/\d/.test(text)) return text;
    text = text.replace(re, (m) => MASK.repeat(m.length));
  }
  return text;
}

/** Which lines are prose: outside fences, front matter, indented code and MDX imports. */
function proseLines(lines: string[]): boolean[] {
  const prose = linesOutsideFences(lines);
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    prose.fill(false, 0, end + 1);
  }
  // Indented code: 4 spaces or a tab after a blank line, outside a list.
  let inList = false;
  let inCode = false;
  lines.forEach((line, i) => {
    if (!prose[i]) {
      inCode = false;
      return;
    }
    const blank = line.trim() === '';
    if (LIST_ITEM.test(line)) inList = true;
    else if (!blank && /^\S/.test(line)) inList = false;
    const afterBlank = i === 0 || lines[i - 1]!.trim() === '';
    if (!blank)
      inCode = /^(?: {4}|\t)/.test(line) && !inList && (inCode || afterBlank);
    if (inCode || /^(?:import|export)\s/.test(line)) prose[i] = false;
  });
  return prose;
}

/** The spans of a table row's cells, between unescaped pipes (outer pipes optional). */
function cellsOf(line: string): {start: number; end: number}[] {
  const bounds = [...line.matchAll(/(?<!\\)\|/g)].map((m) => m.index);
  if (line.slice(0, bounds[0]).trim() !== '') bounds.unshift(-1);
  if (line.slice(bounds.at(-1)! + 1).trim() !== '') bounds.push(line.length);
  return bounds.slice(1).map((end, k) => ({start: bounds[k]! + 1, end}));
}

/** The prose lines of `markdown` with digits once masked, with their headings and columns. */
export function scanProse(markdown: string): ProseLine[] {
  const lines = markdown.split(/\r\n|\r|\n/);
  const prose = proseLines(lines);
  const result: ProseLine[] = [];
  let heading: string | null = null;
  let header: string[] | undefined; // of the table being read
  let comment = false;
  lines.forEach((line, i) => {
    if (!prose[i]) {
      header = undefined;
      return;
    }
    const atx = ATX.exec(line);
    const next = lines[i + 1];
    // A setext heading: a line of text (no list item, no table row) over `===` or `---`.
    const setext =
      prose[i + 1] && SETEXT.test(next ?? '') && !/^\s*$|\|/.test(line);
    if (atx) heading = cleanHeading(atx[2] ?? '');
    else if (setext && !LIST_ITEM.test(line) && !SETEXT.test(line))
      heading = cleanHeading(line);

    const [uncommented, open] = maskComments(line, comment);
    comment = open;
    const masked = maskLine(uncommented, Boolean(atx));
    const row: ProseLine = {index: i, text: line, masked, heading};
    if (next !== undefined && line.includes('|') && TABLE_RULE.test(next))
      header = cellsOf(line).map((c) => line.slice(c.start, c.end).trim());
    else if (header && line.includes('|') && !TABLE_RULE.test(line))
      row.cells = cellsOf(line).map((c, k) => ({
        ...c,
        header: header![k] ?? '',
      }));
    else if (!TABLE_RULE.test(line)) header = undefined;
    if (/\d/.test(masked)) result.push(row);
  });
  return result;
}
