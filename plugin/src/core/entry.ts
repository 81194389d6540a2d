import {parseYaml, stringifyYaml} from './yaml';
import {CACHE_FORMAT_VERSION, sha256} from './key';

/** Token counts an answer cost. */
export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

/** One cached answer: the file `<cacheDir>/<key>.md`, front matter then the answer verbatim. */
export interface CacheEntry {
  key: string;
  /** Id of the design the answer was made for (informative: the key alone decides a hit). */
  design: string;
  model: string;
  /** ISO date of generation. */
  created: string;
  finishReason: string;
  usage: Usage;
  /** Digest of each input that shaped the request, to tell later which one changed. */
  inputs: Record<string, string>;
  answer: string;
  /** Set on an answer pinned by a person: generation never replaces it. */
  pinned?: boolean;
  /** Who wrote a pinned answer, or why it was pinned: shown on the page. */
  note?: string;
  /** sha256 of the answer as generated (`answerDigest`): a file not matching it was edited. */
  answerSha256?: string;
  /** Who reviewed the answer, when, and the digest of the text they read. */
  review?: ReviewRecord;
}

/** A person's review of an answer, as `mlsd review` records it. */
export interface ReviewRecord {
  by: string;
  /** ISO date of the review. */
  at: string;
  /** sha256 of the answer text reviewed: the review lapses when the answer changes. */
  answerSha256: string;
  note?: string;
}

/** The answer as an entry file stores it: `\n` line endings, no trailing whitespace at the end. */
export function normalizeAnswer(answer: string): string {
  return answer.replace(/\r\n?/g, '\n').trimEnd();
}

/** sha256 of an answer's text as stored, so that a checkout's line endings change nothing. */
export function answerDigest(answer: string): string {
  return sha256(normalizeAnswer(answer));
}

/** A review as the entry's front matter holds it. */
const reviewHead = ({by, at, answerSha256, note}: ReviewRecord) => ({
  by,
  at,
  answer_sha256: answerSha256,
  ...(note ? {note} : {}),
});

function reviewOf(value: unknown): ReviewRecord | undefined {
  const head = (value ?? {}) as Record<string, unknown>;
  if (typeof head.by !== 'string' || typeof head.answer_sha256 !== 'string')
    return undefined;
  return {
    by: head.by,
    at: String(head.at ?? ''),
    answerSha256: head.answer_sha256,
    ...(typeof head.note === 'string' ? {note: head.note} : {}),
  };
}

/** The front matter of an entry's file, as a value. */
export function entryHead(entry: CacheEntry): Record<string, unknown> {
  return {
    format: CACHE_FORMAT_VERSION,
    key: entry.key,
    design: entry.design,
    model: entry.model,
    created: entry.created,
    finish_reason: entry.finishReason,
    usage: entry.usage,
    inputs: entry.inputs,
    ...(entry.pinned ? {pinned: true} : {}),
    ...(entry.note ? {note: entry.note} : {}),
    ...(entry.answerSha256 ? {answer_sha256: entry.answerSha256} : {}),
    ...(entry.review ? {review: reviewHead(entry.review)} : {}),
  };
}

/** Serializes an entry for review in a pull request: YAML front matter, then the answer. */
export function serializeEntry(entry: CacheEntry): string {
  const head = stringifyYaml(entryHead(entry), {lineWidth: 0});
  return `---\n${head}---\n${normalizeAnswer(entry.answer)}\n`;
}

/**
 * Reads an entry back; throws with the reason when the text is not a whole, current entry.
 * `expected` is what the file name says (a key, or a pin's design); `parseHead` parses the YAML.
 */
export function parseEntry(
  text: string,
  expected: {key: string} | {design: string},
  parseHead: (yaml: string) => unknown = parseYaml,
): CacheEntry {
  // A checkout with CRLF line endings (git's autocrlf) reads as the file that was committed.
  text = text.replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('no front matter');
  const head = parseHead(match[1]!) as Record<string, unknown> | null;
  if (!head || typeof head !== 'object')
    throw new Error('front matter is not a mapping');
  if (head.format !== CACHE_FORMAT_VERSION)
    throw new Error(
      `format ${String(head.format)}, expected ${CACHE_FORMAT_VERSION}`,
    );
  for (const [field, value] of Object.entries(expected))
    if (head[field] !== value)
      throw new Error(`the ${field} in the file does not match its name`);
  if (typeof head.key !== 'string' || !/^[0-9a-f]{64}$/.test(head.key))
    throw new Error('no valid key');
  const answer = text.slice(match[0].length).trimEnd();
  if (!answer.trim()) throw new Error('the answer is empty');
  const review = reviewOf(head.review);
  return {
    key: head.key,
    design: String(head.design ?? ''),
    model: String(head.model ?? ''),
    created: String(head.created ?? ''),
    finishReason: String(head.finish_reason ?? ''),
    usage: (head.usage as Usage) ?? {},
    inputs: (head.inputs as Record<string, string>) ?? {},
    answer,
    ...(head.pinned === true ? {pinned: true} : {}),
    ...(typeof head.note === 'string' ? {note: head.note} : {}),
    ...(typeof head.answer_sha256 === 'string'
      ? {answerSha256: head.answer_sha256}
      : {}),
    ...(review ? {review} : {}),
  };
}

/** File name of a design's pin: the id, with `/` kept readable as `~`. */
export function pinFileName(design: string): string {
  return `${design === '.' ? '_root' : design.split('/').map(encodeURIComponent).join('~')}.md`;
}

/** The design a pin file is for: the inverse of `pinFileName`. */
export function designOfPinFile(name: string): string {
  const base = name.slice(0, -'.md'.length);
  return base === '_root'
    ? '.'
    : base.split('~').map(decodeURIComponent).join('/');
}
