import {randomBytes} from 'node:crypto';
import {
  mkdir,
  readFile,
  readdir,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import {join} from 'node:path';
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml';
import {CACHE_FORMAT_VERSION} from './core/key';

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
}

/** Why a file in the cache folder was not taken as an entry. */
export interface SkippedEntry {
  file: string;
  reason: string;
}

const KEY_FILE = /^([0-9a-f]{64})\.md$/;

/** Serializes an entry for review in a pull request: YAML front matter, then the answer as Markdown. */
export function serializeEntry(entry: CacheEntry): string {
  const head = stringifyYaml(
    {
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
    },
    {lineWidth: 0},
  );
  return `---\n${head}---\n${entry.answer.replace(/\r\n?/g, '\n').trimEnd()}\n`;
}

/**
 * Reads an entry back; throws with the reason when the text is not a whole, current entry.
 * `expected` is what the file name says: the key of a cached answer, the design of a pin.
 */
export function parseEntry(
  text: string,
  expected: {key: string} | {design: string},
): CacheEntry {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('no front matter');
  const head = parseYaml(match[1]!) as Record<string, unknown> | null;
  if (!head || typeof head !== 'object')
    throw new Error('front matter is not a mapping');
  if (head.format !== CACHE_FORMAT_VERSION)
    throw new Error(
      `format ${String(head.format)}, expected ${CACHE_FORMAT_VERSION}`,
    );
  if ('key' in expected && head.key !== expected.key)
    throw new Error('the key in the file does not match its name');
  if ('design' in expected && head.design !== expected.design)
    throw new Error('the design in the file does not match its name');
  if (typeof head.key !== 'string' || !/^[0-9a-f]{64}$/.test(head.key))
    throw new Error('no valid key');
  const answer = text.slice(match[0].length).trimEnd();
  if (!answer.trim()) throw new Error('the answer is empty');
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
  };
}

/** File name of a design's pin: the id, with `/` kept readable as `~`. */
export function pinFileName(design: string): string {
  return `${design === '.' ? '_root' : design.split('/').map(encodeURIComponent).join('~')}.md`;
}

function designOfPinFile(name: string): string {
  const base = name.slice(0, -'.md'.length);
  return base === '_root'
    ? '.'
    : base.split('~').map(decodeURIComponent).join('/');
}

/** Writes `text` to `file` so that no reader ever sees half of it: a temp file, then a rename. */
export async function writeFileAtomic(
  file: string,
  text: string,
): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, {force: true});
    throw error;
  }
}

/** The names in a folder; none when it does not exist yet. */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The cache folder: one human-readable file per key, meant to be committed. */
export class CacheStore {
  constructor(readonly dir: string) {}

  fileOf(key: string): string {
    return join(this.dir, `${key}.md`);
  }

  /** Every valid entry, and the files that are not (left in place: nothing is deleted on read). */
  async readAll(): Promise<{
    entries: Map<string, CacheEntry>;
    skipped: SkippedEntry[];
  }> {
    const entries = new Map<string, CacheEntry>();
    const skipped: SkippedEntry[] = [];
    await Promise.all(
      (await namesIn(this.dir)).map(async (name) => {
        const match = KEY_FILE.exec(name);
        if (!match) return;
        const file = join(this.dir, name);
        try {
          entries.set(
            match[1]!,
            parseEntry(await readFile(file, 'utf8'), {key: match[1]!}),
          );
        } catch (error) {
          skipped.push({
            file,
            reason: error instanceof Error ? error.message : String(error),
          });
        }
      }),
    );
    return {entries, skipped};
  }

  /** Stores an entry atomically; the same key written twice at once leaves one whole file. */
  async put(entry: CacheEntry): Promise<void> {
    await mkdir(this.dir, {recursive: true});
    await writeFileAtomic(this.fileOf(entry.key), serializeEntry(entry));
  }

  /** Folder of pinned answers, one file per design. */
  get pinDir(): string {
    return join(this.dir, 'pinned');
  }

  /** Every pinned answer by design id, and the files that are not valid pins. */
  async readPins(): Promise<{
    pins: Map<string, CacheEntry>;
    skipped: SkippedEntry[];
  }> {
    const pins = new Map<string, CacheEntry>();
    const skipped: SkippedEntry[] = [];
    await Promise.all(
      (await namesIn(this.pinDir))
        .filter((name) => name.endsWith('.md'))
        .map(async (name) => {
          const file = join(this.pinDir, name);
          const design = designOfPinFile(name);
          try {
            pins.set(design, {
              ...parseEntry(await readFile(file, 'utf8'), {design}),
              pinned: true,
            });
          } catch (error) {
            skipped.push({
              file,
              reason: error instanceof Error ? error.message : String(error),
            });
          }
        }),
    );
    return {pins, skipped};
  }

  /** Pins an answer for a design, replacing an earlier pin. */
  async putPin(entry: CacheEntry): Promise<string> {
    await mkdir(this.pinDir, {recursive: true});
    const file = join(this.pinDir, pinFileName(entry.design));
    await writeFileAtomic(file, serializeEntry({...entry, pinned: true}));
    return file;
  }

  /** Removes a design's pin; false when there was none. */
  async removePin(design: string): Promise<boolean> {
    const file = join(this.pinDir, pinFileName(design));
    try {
      await rm(file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** Temp files left by a run that was killed between write and rename. */
  async leftovers(): Promise<string[]> {
    return (await namesIn(this.dir))
      .filter((name) => /\.tmp$/.test(name))
      .map((name) => join(this.dir, name));
  }
}
