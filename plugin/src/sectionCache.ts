import {appendFile, readFile, rm} from 'node:fs/promises';
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

/** New entries of the runs since the shards were last written, in records (see `SectionCache`). */
const JOURNAL_FILE = 'journal.bin';

/** Bytes the journal may reach before the shards are written again: at least this much. */
const JOURNAL_FLOOR = 64 * 1024;

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
 * It is kept in shards (`sections/<1 or 2 hex digits>.v8`, by its size): no file grows too large.
 * A run that made few new entries (a page or two changed) does not rewrite shards: it appends
 * them to a journal (`sections/journal.bin`: records of a 4-byte length and the entries), read
 * with the shards. When the journal grows past an eighth of the shards, or a run leaves a
 * quarter of the entries unused, the shards are written again and the journal removed; until
 * then, entries no run uses any more stay in their shards. A shard is in V8's own
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
    private readonly journal: Journal,
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
    const journal = await readJournal(
      join(shardDir, JOURNAL_FILE),
      signature,
      texts.reduce((sum, text) => sum + text.length, 0),
    );
    for (const entries of journal.records)
      for (const shard of moveEntries([entries], width, stored))
        journal.shards.add(shard);
    journal.records = [];
    const present = new Set(names.map((name) => SHARD_FILE.exec(name)![1]!));
    const old = all.filter((name) => OLD_SHARD_FILE.test(name));
    // Entries moved in from shards of another width, and shards of no use (broken, of another
    // signature): the shards are written again whatever the run adds.
    if (moved.size > 0 || [...present].some((shard) => !stored.has(shard)))
      journal.rewrite = true;
    return new SectionCache(
      shardDir,
      signature,
      stored,
      present,
      old,
      width,
      moved,
      journal,
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
   * run that read only part of what a build reads, or stopped early). A run with few new
   * entries appends them to the journal, and drops nothing yet; otherwise the shards that
   * changed (a new value, or one dropped) are written, with those the journal holds entries of.
   */
  async save({keepUnused = false}: {keepUnused?: boolean} = {}): Promise<void> {
    if (!this.journal.rewrite && (await this.appendNew(keepUnused))) return;
    await this.writeShards(keepUnused);
  }

  /**
   * Appends this run's new entries to the journal, when that is enough: nothing but new entries
   * to keep, the shards of the right width, the journal small and few entries left unused. Says
   * whether it was (with nothing new, nothing is written).
   */
  private async appendNew(keepUnused: boolean): Promise<boolean> {
    const journal = this.journal;
    if (journal.shardBytes === 0) return false;
    const added = new Map<string, unknown>();
    let storedCount = 0;
    for (const stored of this.stored.values()) storedCount += stored.size;
    let usedStored = 0;
    let usedCount = 0;
    for (const [shard, used] of this.used) {
      const stored = this.stored.get(shard);
      usedCount += used.size;
      for (const [key, value] of used) {
        const known = stored?.get(key);
        if (known === undefined || known !== value) added.set(key, value);
        else usedStored++;
      }
    }
    if (shardWidth(usedCount + (keepUnused ? storedCount : 0)) !== this.width)
      return false;
    // Entries no run uses any more are dropped only when the shards are written: not past a
    // quarter of them.
    if (!keepUnused && storedCount - usedStored > storedCount / 4) return false;
    if (added.size === 0) return true;
    const record = serialize({signature: this.signature, entries: added});
    const bytes = journal.bytes + 4 + record.length;
    if (bytes > Math.max(JOURNAL_FLOOR, journal.shardBytes / 8)) return false;
    const length = Buffer.alloc(4);
    length.writeUInt32LE(record.length);
    await appendFile(
      join(this.dir, JOURNAL_FILE),
      Buffer.concat([length, record]),
    );
    journal.bytes = bytes;
    return true;
  }

  /** Writes the shards that changed, and those the journal holds entries of; removes the journal. */
  private async writeShards(keepUnused: boolean): Promise<void> {
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
    const width = shardWidth(kept);
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
        this.journal.shards.has(shard) ||
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
    if (this.journal.bytes > 0 || this.journal.rewrite)
      await rm(join(this.dir, JOURNAL_FILE), {force: true});
    // The files of earlier versions: a single one, then JSON shards.
    if (toWrite.length > 0) {
      await rm(join(this.dir, '..', 'sections.json'), {force: true});
      await mapLimit(this.old, OPEN_FILES_LIMIT, (name) =>
        rm(join(this.dir, name), {force: true}),
      );
    }
  }
}

/** Hex digits of a digest that name its shard, for a cache of `entries` entries. */
function shardWidth(entries: number): number {
  return entries > WIDE_FROM ? 2 : 1;
}

/** The journal of a cache, as `load` read it. */
interface Journal {
  /** Entries of each record of this signature, in order; emptied once put in the shards. */
  records: Map<string, unknown>[];
  /** Shards that entries of the journal belong in. */
  shards: Set<string>;
  /** Its size in bytes. */
  bytes: number;
  /**
   * The shards must be written whatever the run adds: the journal holds a record of another
   * signature or a torn one, or the shards hold entries of no use (see `load`).
   */
  rewrite: boolean;
  /** Bytes of the shards read with it. */
  shardBytes: number;
}

/** Reads the journal of records `<4-byte length><V8 serialization>`; none when it is absent. */
async function readJournal(
  file: string,
  signature: string,
  shardBytes: number,
): Promise<Journal> {
  const journal: Journal = {
    records: [],
    shards: new Set(),
    bytes: 0,
    rewrite: false,
    shardBytes,
  };
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      journal.rewrite = true;
    return journal;
  }
  journal.bytes = data.length;
  for (let at = 0; at < data.length;) {
    const length = at + 4 <= data.length ? data.readUInt32LE(at) : Infinity;
    if (at + 4 + length > data.length) {
      journal.rewrite = true; // torn by a run that stopped while it wrote
      break;
    }
    try {
      const record = deserialize(data.subarray(at + 4, at + 4 + length)) as {
        signature?: unknown;
        entries?: unknown;
      } | null;
      if (record?.signature === signature && record.entries instanceof Map)
        journal.records.push(record.entries as Map<string, unknown>);
      else journal.rewrite = true;
    } catch {
      journal.rewrite = true;
    }
    at += 4 + length;
  }
  return journal;
}
