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

const KEY_FILE = /^[0-9a-f]{64}\.md$/;

/** The committed answers: a file per key (see `core/entry`), and a pin per design in `pinned/`. */
export class AnswerStore {
  constructor(readonly dir: string) {}

  fileOf(key: string): string {
    return join(this.dir, `${key}.md`);
  }

  /** Every valid entry by key, and the files that are not (left in place). */
  readAll(memo?: HeadMemo) {
    return this.readFolder(this.dir, 'key', memo);
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
  async readPins() {
    const {entries, skipped} = await this.readFolder(this.pinDir, 'design');
    for (const entry of entries.values()) entry.pinned = true;
    return {pins: entries, skipped};
  }

  /** Pins an answer for a design, replacing an earlier pin. */
  async putPin(entry: CacheEntry): Promise<string> {
    const file = join(this.pinDir, pinFileName(entry.design));
    await writeFileAtomic(file, serializeEntry({...entry, pinned: true}));
    return file;
  }

  /** Removes a design's pin; false when there was none. */
  async removePin(design: string): Promise<boolean> {
    try {
      await rm(join(this.pinDir, pinFileName(design)));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** A folder's valid entries by the key or design their names give, and the files skipped. */
  private async readFolder(
    dir: string,
    named: 'key' | 'design',
    memo?: HeadMemo,
  ) {
    const entries = new Map<string, CacheEntry>();
    const skipped: SkippedEntry[] = [];
    const all = await namesIn(dir).catch((error: unknown) => {
      throw new MlsdError(
        `Cannot read the cache folder ${dir}: ${fileErrorCause(error)}. Nothing was asked. Point the \`cacheDir\` option at a folder (the committed cache), or move what stands in its place.`,
        {cause: error},
      );
    });
    const names = all.filter((name) =>
      named === 'key' ? KEY_FILE.test(name) : name.endsWith('.md'),
    );
    const files = names.map((name) => join(dir, name));
    await readFiles(files, (bytes, i) => {
      try {
        if (bytes instanceof Error) throw bytes;
        const name = names[i]!;
        const id =
          named === 'key'
            ? name.slice(0, -'.md'.length)
            : designOfPinFile(name);
        const entry = parseEntry(
          bytes.toString('utf8'),
          named === 'key' ? {key: id} : {design: id},
          memo
            ? (yaml) => memo(sha256(bytes), () => parseYaml(yaml))
            : parseYaml,
        );
        entries.set(id, entry);
      } catch (error) {
        skipped.push({file: files[i]!, reason: fileErrorCause(error)});
      }
    });
    return {entries, skipped};
  }

  /** Temp files left by a run that was killed between write and rename. */
  async leftovers(): Promise<string[]> {
    return (await namesIn(this.dir))
      .filter((name) => /\.tmp$/.test(name))
      .map((name) => join(this.dir, name));
  }
}
