import type {CoverageResult} from 'docusaurus-plugin-mlsd-deploy';
import {linesOutsideFences} from './fences';

/** One thing a prompt asks the answer to cover. */
export interface CoverageItem {
  id: string;
  /** What the reader sees, in the template's language. */
  label: string;
  /** A mention of the item: any of these. */
  match: RegExp[];
  /** Each of these must also appear under the same heading (a reason, a second tool). */
  with?: RegExp[];
}

/** A checklist pattern: case-insensitive, Unicode. */
const i = (source: string) => new RegExp(source, 'iu');
/** A word start/end that knows Cyrillic (`\b` does not). */
export const W = '(?<![\\p{L}\\p{N}])';

/**
 * A checklist from a template's front matter: `coverage: [{id, label, match, with}]`, `match` and
 * `with` each a pattern or a list of them. Throws with what is wrong and where.
 */
export function parseChecklist(value: unknown, origin: string): CoverageItem[] {
  if (value === undefined) return [];
  const fail = (what: string): never => {
    throw new Error(
      `The \`coverage\` front matter of ${origin} ${what}; expected a list of {id, label, match, with?}, with patterns as strings.`,
    );
  };
  if (!Array.isArray(value)) fail('is not a list');
  const patterns = (raw: unknown, where: string): RegExp[] =>
    [raw].flat().map((source) => {
      if (typeof source !== 'string' || !source)
        fail(`has ${where} that is not a string`);
      try {
        return i(source as string);
      } catch (error) {
        return fail(
          `has ${where} \`${String(source)}\` that is not a pattern (${(error as Error).message})`,
        );
      }
    });
  return (value as unknown[]).map((raw, index) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    const where = `item ${index + 1}`;
    if (typeof item.label !== 'string' || !item.label)
      fail(`${where} has no \`label\``);
    if (item.match === undefined) fail(`${where} has no \`match\``);
    return {
      id: typeof item.id === 'string' ? item.id : `item-${index + 1}`,
      label: item.label as string,
      match: patterns(item.match, `${where}: a \`match\``),
      ...(item.with === undefined
        ? {}
        : {with: patterns(item.with, `${where}: a \`with\``)}),
    };
  });
}

/** The answer cut at its headings (code blocks are not cut: a `#` there is a comment). */
function answerParts(answer: string) {
  const lines = answer.split(/\r?\n/);
  const outside = linesOutsideFences(lines);
  const parts = [{heading: null as string | null, text: ''}];
  for (const [n, line] of lines.entries()) {
    const heading = outside[n]
      ? /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/.exec(line)
      : null;
    if (heading) {
      const text = heading[1]!.replace(/[*_`]/g, '').trim();
      parts.push({heading: text, text: `${text}\n`});
    } else {
      parts.at(-1)!.text += `${line}\n`;
    }
  }
  return parts;
}

/**
 * A negation just before a mention: a verb's ("do not use") up to two words before it, a
 * preposition's ("без", "instead of") up to one, so "без простоя благодаря Kubernetes" is none.
 */
const NEGATION_BEFORE = i(
  `${W}((not|never|don't|do not|doesn't|won't|avoid|не|отказ\\S*( от)?)[ \\t]+(\\S+[ \\t]+){0,2}|(no|without|instead of|rather than|нет|без|вместо|никаких)[ \\t]+(\\S+[ \\t]+)?)$`,
);
/** A dismissal right after a mention: "Kubernetes не нужен", "Kafka is overkill". */
const NEGATION_AFTER = i(
  `^\\S*[ \\t]+((is|are)[ \\t]+)?(not needed|not used|not required|unnecessary|overkill|не нужен|не нужна|не нужны|не нужно|не используется|не используем|не требуется|не понадобится|избыточ)`,
);

/** A table header of rejected options: "Почему не подходит", "Why not", "Rejected". */
const REJECTING_HEADER = i(
  `(почему не|не подходит|не берём|не берем|отклон|отказ|why not|rejected|not chosen|ruled out)`,
);

/** The mention is in a row of a table whose header says its rows are rejected options. */
function inRejectingTable(text: string, index: number): boolean {
  const lines = text.slice(0, index).split('\n');
  if (!lines.at(-1)!.trimStart().startsWith('|')) return false;
  let header = lines.length - 1;
  while (header > 0 && lines[header - 1]!.trimStart().startsWith('|')) header--;
  return REJECTING_HEADER.test(lines[header]!);
}

/** What ends a clause: a mention and a negation in another clause are unrelated. */
const CLAUSE_END = /[.!?;,:\n|]/;

/** A mention declines the item: a negation next to it in its clause, or a rejected-options row. */
function isRejection(text: string, mention: RegExpExecArray): boolean {
  const {index} = mention;
  if (inRejectingTable(text, index)) return true;
  const before = text.slice(0, index).split(CLAUSE_END).at(-1)!;
  const after = text.slice(index + mention[0].length).split(CLAUSE_END)[0]!;
  return NEGATION_BEFORE.test(before) || NEGATION_AFTER.test(after);
}

/**
 * Which checklist items an answer covers, and under which headings: `found` with a mention that is
 * no rejection and its `with` patterns under one heading, `rejected` when every mention declines
 * it ("we do not use Kubernetes"), else `missing`. Pure.
 */
export function checkCoverage(
  answer: string,
  checklist: readonly CoverageItem[],
): CoverageResult[] {
  const parts = answerParts(answer);
  return checklist.map(({id, label, match, with: needed = []}) => {
    let rejectedUnder: string | null | undefined;
    for (const part of parts) {
      const found = match.flatMap((pattern) => [
        ...part.text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`)),
      ]);
      if (found.length === 0) continue;
      // A heading that declines the item ("Airflow + YARN вместо Kubernetes") declines it for
      // everything under it.
      const headingEnd = part.heading?.length ?? 0;
      const accepted =
        !found.some((m) => m.index < headingEnd && isRejection(part.text, m)) &&
        found.some((m) => !isRejection(part.text, m));
      if (accepted && needed.every((pattern) => pattern.test(part.text)))
        return {id, label, status: 'found', heading: part.heading};
      if (!accepted && rejectedUnder === undefined)
        rejectedUnder = part.heading;
    }
    return rejectedUnder === undefined
      ? {id, label, status: 'missing', heading: null}
      : {id, label, status: 'rejected', heading: rejectedUnder};
  });
}
