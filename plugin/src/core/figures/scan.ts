/**
 * The prose of a Markdown text, line by line, with what holds no figure masked out: fenced and
 * indented code, front matter, HTML comments, MDX imports, inline code, URLs, tags, dates, times,
 * versions, dimensions (`600×600`), list and heading numbers. A masked character becomes NUL, so
 * that positions stay those of the source and nothing masked joins a number to a unit.
 */
import {linesOutsideFences} from '../fences';

export const MASK = '\u0000';

export interface ProseLine {
  /** 0-based index of the line in the text. */
  index: number;
  /** The line as written. */
  text: string;
  /** The line with non-figures masked; null for a line that is no prose at all. */
  masked: string | null;
  /** The nearest heading at or above the line, its text without the hashes. */
  heading: string | null;
  /** A table row (header or body): its cells' spans, and the header's text of each column. */
  cells?: {start: number; end: number; header: string}[];
  /** The row is a table's header row. */
  tableHeader?: boolean;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;
const TABLE_RULE =
  /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$/;

/** A heading's text as a reader sees it: anchors, tags, emphasis marks and escapes gone. */
export function cleanHeading(text: string): string {
  return text
    .replace(/\s*\{#[^}]*\}\s*$/, '')
    .replace(/<[^>]*>/g, '')
    .replace(/\*\*|__/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .trim();
}

/** `text` with `[start, end)` masked. */
function mask(text: string, start: number, end: number): string {
  return text.slice(0, start) + MASK.repeat(end - start) + text.slice(end);
}

/** `text` with every match of `re` masked, or only its `group` when given. */
function maskAll(text: string, re: RegExp, group?: number): string {
  return text.replace(re, (...args: unknown[]) => {
    const whole = args[0] as string;
    const part =
      group === undefined ? whole : (args[group] as string | undefined);
    if (part === undefined) return whole;
    const k = whole.indexOf(part);
    return mask(whole, k, k + part.length);
  });
}

/** HTML comments, which may run over lines: the line masked, and whether one is still open. */
function maskComments(line: string, open: boolean): [string, boolean] {
  let from = 0;
  for (;;) {
    if (!open) {
      const start = line.indexOf('<!--', from);
      if (start < 0) return [line, false];
      from = start;
    }
    const close = line.indexOf('-->', open ? from : from + 4);
    if (close < 0) return [mask(line, from, line.length), true];
    line = mask(line, from, close + 3);
    from = close + 3;
    open = false;
  }
}

/** Backtick code spans: a run of n backticks up to the next run of exactly n. */
function maskCodeSpans(line: string): string {
  if (!line.includes('`')) return line;
  const runs = [...line.matchAll(/`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const close = runs
      .slice(i + 1)
      .findIndex((r) => r[0].length === open[0].length);
    if (close < 0) continue;
    const closing = runs[i + 1 + close]!;
    line = mask(line, open.index, closing.index + closing[0].length);
    i += 1 + close;
  }
  return line;
}

const MONTHS_RU =
  'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря';
const MONTHS_EN =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const MONTH_NAMES =
  '(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\\p{L}*';

/** Spans that hold digits but no figure, masked in this order. */
const NOT_FIGURES: RegExp[] = [
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
  new RegExp(
    `(?<![\\d.,])\\d{1,2}(?:[-–]\\d{1,2})?\\s+(?:${MONTHS_RU})(?![\\p{L}])(?:\\s+\\d{2,4}(?:\\s?г\\.?)?)?`,
    'gu',
  ), // 1 декабря 25
  new RegExp(
    `(?<![\\d.,])\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS_EN})\\.?(?![\\p{L}])(?:,?\\s+\\d{4})?`,
    'gu',
  ), // 12 May 2024
  new RegExp(
    `(?<![\\p{L}])(?:${MONTHS_EN})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,\\s*\\d{4})?(?![\\d])`,
    'gu',
  ), // May 12, 2024
  new RegExp(`(?<![\\p{L}])${MONTH_NAMES}\\s+\\d{4}(?![\\d])`, 'giu'), // декабрь 2025
  /(?<![\d.])[vV]?\d+(?:\.\d+){2,}(?![\d.])/g, // versions 1.2.3
  /(?<![\d.,])\d+(?:[.,]\d+)?\s?[×xхXХ]\s?\d+(?:[.,]\d+)?(?:\s?[×xхXХ]\s?\d+(?:[.,]\d+)?)*/g, // 600×600
  /(?<![\d.,])\d+\s?×/g, // 4 × A100
];

/** A line of prose with what holds no figure masked (its comments masked already). */
function maskLine(line: string, heading: boolean): string {
  let text = maskCodeSpans(line);
  for (const re of NOT_FIGURES) {
    if (!/\d/.test(text)) return text;
    text = maskAll(text, re);
  }
  text = maskAll(text, /\]\(([^)]*)\)/g, 1); // link targets
  text = maskAll(text, /^\s*\[[^\]]+\]:\s.*$/g); // link reference definitions
  text = maskAll(text, /^\s*(?:>\s*)*(?:[-*+]\s+)?(\d+[.)])(?=\s|$)/g, 1); // list numbers
  if (heading)
    text = maskAll(text, /^\s*#{1,6}\s+(\d+(?:\.\d+)*\.?)(?=\s|$)/g, 1);
  return text;
}

/** The lines of `markdown` with their prose masked and their headings tracked. */
export function scanProse(markdown: string): ProseLine[] {
  const lines = markdown.split(/\r\n|\r|\n/);
  const outside = linesOutsideFences(lines);
  const prose = lines.map((_, i) => outside[i]!);

  // Front matter.
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const end = lines.findIndex(
      (l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(l),
    );
    if (end > 0) for (let i = 0; i <= end; i++) prose[i] = false;
  }

  // Indented code: 4 spaces or a tab after a blank line, outside a list.
  let inList = false;
  let inCode = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!prose[i]) {
      inCode = false;
      continue;
    }
    const blank = line.trim() === '';
    const indented = /^(?: {4}|\t)/.test(line);
    if (LIST_ITEM.test(line)) inList = true;
    else if (!blank && /^\S/.test(line)) inList = false;
    const previousBlank = i === 0 || lines[i - 1]!.trim() === '';
    if (indented && !blank && !inList && (inCode || previousBlank))
      inCode = true;
    else if (!blank) inCode = false;
    // Code, and MDX imports and exports.
    if (inCode || /^(?:import|export)\s/.test(line)) prose[i] = false;
  }

  const result: ProseLine[] = [];
  let heading: string | null = null;
  let table: {header: string[]} | undefined;
  let comment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!prose[i]) {
      table = undefined;
      result.push({index: i, text: line, masked: null, heading});
      continue;
    }
    const atx = ATX.exec(line);
    const next = lines[i + 1];
    if (atx) heading = cleanHeading(atx[2] ?? '');
    else if (
      next !== undefined &&
      prose[i + 1] &&
      SETEXT.test(next) &&
      line.trim() !== '' &&
      !LIST_ITEM.test(line) &&
      !line.includes('|') &&
      !SETEXT.test(line)
    )
      heading = cleanHeading(line);

    const [uncommented, open] = maskComments(line, comment);
    comment = open;
    const masked = /\d/.test(uncommented)
      ? maskLine(uncommented, Boolean(atx))
      : uncommented;

    const row: ProseLine = {index: i, text: line, masked, heading};
    if (next !== undefined && line.includes('|') && TABLE_RULE.test(next)) {
      row.cells = cellsOf(line).map((c) => ({
        ...c,
        header: line.slice(c.start, c.end).trim(),
      }));
      row.tableHeader = true;
      table = {header: row.cells.map((c) => c.header)};
    } else if (table && line.includes('|') && !TABLE_RULE.test(line)) {
      row.cells = cellsOf(line).map((c, k) => ({
        ...c,
        header: table!.header[k] ?? '',
      }));
    } else if (!TABLE_RULE.test(line)) table = undefined;
    result.push(row);
  }
  return result;
}

/** The spans of a table row's cells, between unescaped pipes (outer pipes optional). */
function cellsOf(line: string): {start: number; end: number}[] {
  const pipes: number[] = [];
  for (let i = 0; i < line.length; i++)
    if (line[i] === '|' && line[i - 1] !== '\\') pipes.push(i);
  const bounds = [...pipes];
  if (line.slice(0, pipes[0]).trim() !== '') bounds.unshift(-1);
  if (line.slice(pipes.at(-1)! + 1).trim() !== '') bounds.push(line.length);
  const cells: {start: number; end: number}[] = [];
  for (let k = 0; k + 1 < bounds.length; k++)
    cells.push({start: bounds[k]! + 1, end: bounds[k + 1]!});
  return cells;
}
