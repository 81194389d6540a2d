import {readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {
  designOfPinFile,
  parseEntry,
  pinFileName,
  serializeEntry,
  type CacheEntry,
} from './core/entry';
import {MlsdError} from './errors';
import {fileErrorCause, namesIn, writeFileAtomic} from './files';

/** Why a file in the cache folder was not taken as an entry. */
export interface SkippedEntry {
  file: string;
  reason: string;
}

const KEY_FILE = /^([0-9a-f]{64})\.md$/;

/**
 * The cache folder: one human-readable file per key (see `core/entry`), meant to be committed,
 * and the pinned answers in `pinned/`, one file per design.
 */
export class CacheStore {
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

  /** Every valid entry, and the files that are not (left in place: nothing is deleted on read). */
  async readAll(): Promise<{
    entries: Map<string, CacheEntry>;
    skipped: SkippedEntry[];
  }> {
    const entries = new Map<string, CacheEntry>();
    const skipped: SkippedEntry[] = [];
    await Promise.all(
      (await this.names(this.dir)).map(async (name) => {
        const match = KEY_FILE.exec(name);
        if (!match) return;
        const file = join(this.dir, name);
        try {
          entries.set(
            match[1]!,
            parseEntry(await readFile(file, 'utf8'), {key: match[1]!}),
          );
        } catch (error) {
          skipped.push({file, reason: reasonOf(error)});
        }
      }),
    );
    return {entries, skipped};
  }

  /** Stores an entry atomically; the same key written twice at once leaves one whole file. */
  async put(entry: CacheEntry): Promise<void> {
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
      (await this.names(this.pinDir))
        .filter((name) => name.endsWith('.md'))
        .map(async (name) => {
          const file = join(this.pinDir, name);
          const design = designOfPinFile(name);
          try {
            const entry = parseEntry(await readFile(file, 'utf8'), {design});
            pins.set(design, {...entry, pinned: true});
          } catch (error) {
            skipped.push({file, reason: reasonOf(error)});
          }
        }),
    );
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

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
