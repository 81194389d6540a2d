import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {parseYaml} from '../core/yaml';
import {sha256} from '../core/key';
import {
  designOfPinFile,
  parseEntry,
  pinFileName,
  entryHead,
  serializeEntry,
  type CacheEntry,
} from '../core/entry';
import {MlsdError} from '../errors';
import {fileErrorCause, namesIn, readFiles, writeFileAtomic} from '../io/files';

/** Parsed front matter by file digest: a rebuild parses no YAML twice; `read` makes a new one. */
export type HeadMemo = (digest: string, read: () => unknown) => unknown;

/** Why a file in the cache folder was not taken as an entry. */
export interface SkippedEntry {
  file: string;
  reason: string;
}

const KEY_FILE = /^([0-9a-f]{64})\.md$/;

/** The committed answers: a file per key (see `core/entry`), and a pin per design in `pinned/`. */
export class AnswerStore {
  constructor(readonly dir: string) {}

  /** The names in a folder of the cache; a clear error when it cannot be read. */
  private async names(dir: string): Promise<string[]> {
    try {
      return await namesIn(dir);
    } catch (error) {
      throw new MlsdError(
        `Cannot read the cache folder ${dir}: ${fileErrorCause(error)}. Nothing was asked. Point the \`cacheDir\` option at a folder (the committed cache), or move what stands in its place.`,
        {cause: error},
      );
    }
  }

  fileOf(key: string): string {
    return join(this.dir, `${key}.md`);
  }

  /** Every valid entry, and the files that are not (left in place), under any open-file limit. */
  async readAll(memo?: HeadMemo): Promise<{
    entries: Map<string, CacheEntry>;
    skipped: SkippedEntry[];
  }> {
    const entries = new Map<string, CacheEntry>();
    const skipped: SkippedEntry[] = [];
    const names = (await this.names(this.dir)).filter((name) =>
      KEY_FILE.test(name),
    );
    for (const {name, file, entry, error} of await readEntries(
      this.dir,
      names,
      (name) => ({key: KEY_FILE.exec(name)![1]!}),
      memo,
    )) {
      if (entry) entries.set(KEY_FILE.exec(name)![1]!, entry);
      else skipped.push({file, reason: reasonOf(error)});
    }
    return {entries, skipped};
  }

  /** Stores an entry atomically; the same key written twice at once leaves one whole file. */
  async put(entry: CacheEntry, memo?: HeadMemo): Promise<void> {
    const text = serializeEntry(entry);
    await writeFileAtomic(this.fileOf(entry.key), text);
    // What the next run reads of the file's head, without parsing the YAML it was written from
    // (a value as YAML keeps it: fields left undefined are not written).
    memo?.(sha256(text), () => JSON.parse(JSON.stringify(entryHead(entry))));
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
    const names = (await this.names(this.pinDir)).filter((name) =>
      name.endsWith('.md'),
    );
    for (const {name, file, entry, error} of await readEntries(
      this.pinDir,
      names,
      (name) => ({design: designOfPinFile(name)}),
    )) {
      if (entry) pins.set(designOfPinFile(name), {...entry, pinned: true});
      else skipped.push({file, reason: reasonOf(error)});
    }
    return {pins, skipped};
  }

  /** Pins an answer for a design, replacing an earlier pin. */
  async putPin(entry: CacheEntry): Promise<string> {
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

/** Parses entry files one at a time; one that fails comes with its error, and the run goes on. */
async function readEntries(
  dir: string,
  names: readonly string[],
  expected: (name: string) => {key: string} | {design: string},
  memo?: HeadMemo,
): Promise<
  {name: string; file: string; entry?: CacheEntry; error?: unknown}[]
> {
  const files = names.map((name) => join(dir, name));
  return readFiles(files, (bytes, i) => {
    const name = names[i]!;
    const file = files[i]!;
    if (bytes instanceof Error) return {name, file, error: bytes};
    try {
      const digest = memo && sha256(bytes);
      const entry = parseEntry(
        bytes.toString('utf8'),
        expected(name),
        (yaml) =>
          memo ? memo(digest!, () => parseYaml(yaml)) : parseYaml(yaml),
      );
      return {name, file, entry};
    } catch (error) {
      return {name, file, error};
    }
  });
}

function reasonOf(error: unknown): string {
  if ((error as NodeJS.ErrnoException)?.code) return fileErrorCause(error);
  return error instanceof Error ? error.message : String(error);
}
