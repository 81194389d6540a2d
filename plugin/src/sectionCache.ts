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

/** Shards of the cache: by the first hex digit or two of the digest (16 or 256 files). */
const SHARD_FILE = /^([0-9a-f]{1,2}|other)\.v8$/;

/** Shards of earlier versions, in JSON: removed when the cache is next written. */
const OLD_SHARD_FILE = /^([0-9a-f]{2}|other)\.json$/;

/**
 * Entries past which the cache is kept in 256 shards rather than 16: a small handbook reads 16
 * files, not 256, on every run, and a large one rewrites small shards when a page changes.
 */
const WIDE_FROM = 4096;

/** The digest in a key `<kind>:<digest>` (a kind may hold `:`, a digest does not). */
function digestOfKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

function shardOf(digest: string, width: number): string {
  return /^[0-9a-f]{2}/.test(digest) ? digest.slice(0, width) : 'other';
}

/**
 * Puts every entry of `from` into the shard of `width` its digest names, in `into`; gives the
 * shards that took entries.
 */
function moveEntries(
  from: Iterable<Map<string, unknown>>,
  width: number,
  into: Map<string, Map<string, unknown>>,
): Set<string> {
  const moved = new Set<string>();
  for (const entries of from) {
    for (const [key, value] of entries) {
      const to = shardOf(digestOfKey(key), width);
      let target = into.get(to);
      if (!target) into.set(to, (target = new Map()));
      target.set(key, value);
      moved.add(to);
    }
  }
  return moved;
}

/**
 * Parsing Markdown is the costly part of a run (remark reads about 1.3 MB/s here); reading and
 * hashing files costs little. This cache keeps what a page reads as (its sections, its front
 * matter), and other costly results (token counts, sanitized answers), by the digest of their
 * input, so that a rebuild computes only what changed. It is local state, in the site's
 * `.docusaurus` folder; `signature` covers everything else that shapes a result (the plugin's
 * version of the reading, the matchers), and a different one starts afresh.
 *
 * It is kept in shards (`sections/<1 or 2 hex digits>.v8`, by its size): no file grows too large,
 * and a run that changed one page rewrites a few shards, not the whole cache. A shard is in V8's own
 * serialization (`node:v8`): a rebuild loads it about five times faster than it parses JSON of
 * the same text, which it would first decode from UTF-8. A shard Node cannot read (another
 * version's, a broken one) is no cache: its pages are parsed again.
 */
export class SectionCache {
  private used = new Map<string, Map<string, unknown>>();

  private constructor(
    private readonly dir: string,
    private readonly signature: string,
    private readonly stored: Map<string, Map<string, unknown>>,
    /** Shards on disk, those of another signature or broken among them. */
    private readonly present: ReadonlySet<string>,
    /** Files of earlier versions' shards, removed when the cache is written. */
    private readonly old: readonly string[],
    /** Hex digits of a digest that name its shard: 1 or 2. */
    private readonly width: number,
    /** Shards to write whatever this run does: those whose entries moved in from others. */
    private readonly changed: Set<string>,
  ) {}

  static async load(dir: string, signature: string): Promise<SectionCache> {
    const shardDir = join(dir, 'sections');
    const all = await namesIn(shardDir);
    const names = all.filter((name) => SHARD_FILE.test(name));
    let texts: Buffer[] = [];
    try {
      texts = await readFilesBounded(names.map((name) => join(shardDir, name)));
    } catch {
      // An unreadable cache is no cache: everything is parsed, as on a first run.
    }
    const loaded: [string, Map<string, unknown>][] = [];
    for (const [i, text] of texts.entries()) {
      try {
        const data = deserialize(text) as {
          signature?: unknown;
          entries?: unknown;
        } | null;
        if (data?.signature === signature && data.entries instanceof Map)
          loaded.push([
            SHARD_FILE.exec(names[i]!)![1]!,
            data.entries as Map<string, unknown>,
          ]);
      } catch {
        // A broken shard: its pages are parsed again, as on a first run.
      }
    }
    // The shards are of one width (`save` chooses it); the entries of any other (a run that
    // stopped while it changed width) move into shards of that width.
    const width = loaded.some(([shard]) => shard.length === 2) ? 2 : 1;
    const fits = (shard: string) => shard === 'other' || shard.length === width;
    const stored = new Map(loaded.filter(([shard]) => fits(shard)));
    const moved = moveEntries(
      loaded.filter(([shard]) => !fits(shard)).map(([, entries]) => entries),
      width,
      stored,
    );
    const present = new Set(names.map((name) => SHARD_FILE.exec(name)![1]!));
    const old = all.filter((name) => OLD_SHARD_FILE.test(name));
    return new SectionCache(
      shardDir,
      signature,
      stored,
      present,
      old,
      width,
      moved,
    );
  }

  /** The value kept for the input of digest `digest` read by `kind`, without computing it. */
  peek<T>(kind: string, digest: string): T | undefined {
    const shard = shardOf(digest, this.width);
    const key = `${kind}:${digest}`;
    return (this.used.get(shard)?.get(key) ??
      this.stored.get(shard)?.get(key)) as T | undefined;
  }

  /** Sets the value of `kind` for `digest`, replacing the one kept, if any. */
  set(kind: string, digest: string, value: unknown): void {
    const shard = shardOf(digest, this.width);
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
    const shard = shardOf(digest, this.width);
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
    // The width this cache's size calls for: when it crosses WIDE_FROM, every entry moves to a
    // shard of the new width, every shard is written and those of the old width are removed.
    const kept = [...this.used.values()].reduce((sum, m) => sum + m.size, 0);
    const width = kept > WIDE_FROM ? 2 : 1;
    if (width !== this.width) {
      const moved = new Map<string, Map<string, unknown>>();
      for (const shard of moveEntries(this.used.values(), width, moved))
        this.changed.add(shard);
      this.used = moved;
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
