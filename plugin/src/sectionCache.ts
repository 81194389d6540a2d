import {rm} from 'node:fs/promises';
import {deserialize, serialize} from 'node:v8';
import {join} from 'node:path';
import {
  mapLimit,
  namesIn,
  OPEN_FILES_LIMIT,
  readFilesBounded,
  writeFileAtomic,
} from './files';

/** Shards of the cache: by the first two hex digits of the digest (256 files at most). */
const SHARD_FILE = /^([0-9a-f]{2}|other)\.v8$/;

/** Shards of earlier versions, in JSON: removed when the cache is next written. */
const OLD_SHARD_FILE = /^([0-9a-f]{2}|other)\.json$/;

function shardOf(digest: string): string {
  return /^[0-9a-f]{2}/.test(digest) ? digest.slice(0, 2) : 'other';
}

/**
 * Parsing Markdown is the costly part of a run (remark reads about 1.3 MB/s here); reading and
 * hashing files costs little. This cache keeps what a page reads as (its sections, its front
 * matter), and other costly results (token counts, sanitized answers), by the digest of their
 * input, so that a rebuild computes only what changed. It is local state, in the site's
 * `.docusaurus` folder; `signature` covers everything else that shapes a result (the plugin's
 * version of the reading, the matchers), and a different one starts afresh.
 *
 * It is kept in shards (`sections/<2 hex digits>.v8`): no file grows too large, and a run that
 * changed one page rewrites one or two shards, not the whole cache. A shard is in V8's own
 * serialization (`node:v8`): a rebuild loads it about five times faster than it parses JSON of
 * the same text, which it would first decode from UTF-8. A shard Node cannot read (another
 * version's, a broken one) is no cache: its pages are parsed again.
 */
export class SectionCache {
  private used = new Map<string, Map<string, unknown>>();
  private changed = new Set<string>();

  private constructor(
    private readonly dir: string,
    private readonly signature: string,
    private readonly stored: Map<string, Map<string, unknown>>,
    /** Shards on disk, those of another signature or broken among them. */
    private readonly present: ReadonlySet<string>,
    /** Files of earlier versions' shards, removed when the cache is written. */
    private readonly old: readonly string[] = [],
  ) {}

  static async load(dir: string, signature: string): Promise<SectionCache> {
    const shardDir = join(dir, 'sections');
    const stored = new Map<string, Map<string, unknown>>();
    const all = await namesIn(shardDir);
    const names = all.filter((name) => SHARD_FILE.test(name));
    let texts: Buffer[] = [];
    try {
      texts = await readFilesBounded(names.map((name) => join(shardDir, name)));
    } catch {
      // An unreadable cache is no cache: everything is parsed, as on a first run.
    }
    for (const [i, text] of texts.entries()) {
      try {
        const data = deserialize(text) as {
          signature?: unknown;
          entries?: unknown;
        } | null;
        if (data?.signature === signature && data.entries instanceof Map)
          stored.set(
            SHARD_FILE.exec(names[i]!)![1]!,
            data.entries as Map<string, unknown>,
          );
      } catch {
        // A broken shard: its pages are parsed again, as on a first run.
      }
    }
    const present = new Set(names.map((name) => SHARD_FILE.exec(name)![1]!));
    const old = all.filter((name) => OLD_SHARD_FILE.test(name));
    return new SectionCache(shardDir, signature, stored, present, old);
  }

  /** The value kept for the input of digest `digest` read by `kind`, without computing it. */
  peek<T>(kind: string, digest: string): T | undefined {
    const shard = shardOf(digest);
    const key = `${kind}:${digest}`;
    return (this.used.get(shard)?.get(key) ??
      this.stored.get(shard)?.get(key)) as T | undefined;
  }

  /** Sets the value of `kind` for `digest`, replacing the one kept, if any. */
  set(kind: string, digest: string, value: unknown): void {
    const shard = shardOf(digest);
    const key = `${kind}:${digest}`;
    let used = this.used.get(shard);
    if (!used) this.used.set(shard, (used = new Map()));
    if (used.get(key) === value) return;
    used.set(key, value);
    if (this.stored.get(shard)?.get(key) !== value) this.changed.add(shard);
  }

  /**
   * Keeps the value of `kind` for `digest`, if there is one, as though this run had used it: for
   * a value a later run may need though this one did not.
   */
  keep(kind: string, digest: string): void {
    const value = this.peek(kind, digest);
    if (value !== undefined) this.get(kind, digest, () => value);
  }

  /** The value for the input of digest `digest` read by `kind`, computed by `read` when new. */
  get<T>(kind: string, digest: string, read: () => T): T {
    const shard = shardOf(digest);
    const key = `${kind}:${digest}`;
    let used = this.used.get(shard);
    if (used?.has(key)) return used.get(key) as T;
    let value = this.stored.get(shard)?.get(key) as T | undefined;
    if (value === undefined) {
      value = read();
      this.changed.add(shard);
    }
    if (!used) this.used.set(shard, (used = new Map()));
    used.set(key, value);
    return value;
  }

  /**
   * Keeps what this run used, and drops the rest (with `keepUnused`, keeps the rest too: for a
   * run that read only part of what a build reads, or stopped early). Writes only the shards
   * that changed: a new value, or one dropped.
   */
  async save({keepUnused = false}: {keepUnused?: boolean} = {}): Promise<void> {
    if (keepUnused) {
      for (const [shard, stored] of this.stored) {
        const used = this.used.get(shard) ?? new Map<string, unknown>();
        for (const [key, value] of stored)
          if (!used.has(key)) used.set(key, value);
        this.used.set(shard, used);
      }
    }
    const shards = new Set([...this.present, ...this.used.keys()]);
    const toWrite = [...shards].filter(
      (shard) =>
        this.changed.has(shard) ||
        (this.present.has(shard) && !this.stored.has(shard)) ||
        (this.used.get(shard)?.size ?? 0) !==
          (this.stored.get(shard)?.size ?? 0),
    );
    await mapLimit(toWrite, OPEN_FILES_LIMIT, async (shard) => {
      const used = this.used.get(shard);
      const file = join(this.dir, `${shard}.v8`);
      if (!used?.size) {
        await rm(file, {force: true});
        return;
      }
      await writeFileAtomic(
        file,
        serialize({signature: this.signature, entries: used}),
      );
    });
    // The files of earlier versions: a single one, then JSON shards.
    if (toWrite.length > 0) {
      await rm(join(this.dir, '..', 'sections.json'), {force: true});
      await mapLimit(this.old, OPEN_FILES_LIMIT, (name) =>
        rm(join(this.dir, name), {force: true}),
      );
    }
  }
}
