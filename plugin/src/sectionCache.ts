import {readFileSync, statSync} from 'node:fs';
import {appendFile, readFile, rm} from 'node:fs/promises';
import {deserialize, serialize} from 'node:v8';
import {join} from 'node:path';
import {
  inSlices,
  mapLimit,
  namesIn,
  OPEN_FILES_LIMIT,
  readFilesBounded,
  writeFileAtomic,
} from './files';

/** Shards of the cache: by the first hex digit or two of the digest (16 or 256 files). */
const SHARD_FILE = /^([0-9a-f]{1,2}|other)\.v8$/;

/** Text files of the shards (see `LazyKinds`). */
const TEXT_FILE = /^([0-9a-f]{1,2}|other)\.text\.v8$/;

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

/** Layout of the files: values by kind, then by digest. Files of another are not read. */
const FORMAT = 3;

/**
 * Kinds whose values are large texts, kept apart and read only when asked for: a kind is lazy
 * when it starts with one of these.
 */
export type LazyKinds = readonly string[];

/** Values by kind, then by the digest of their input. */
type Kinds = Map<string, Map<string, unknown>>;

function shardOf(digest: string, width: number): string {
  return /^[0-9a-f]{2}/.test(digest) ? digest.slice(0, width) : 'other';
}

/** Sets a value in `kinds`, making the kind's map if need be. */
function put(kinds: Kinds, kind: string, digest: string, value: unknown): void {
  mapOf(kinds, kind).set(digest, value);
}

/** The map of `key` in `map`, made if need be. */
function mapOf<V>(
  map: Map<string, Map<string, V>>,
  key: string,
): Map<string, V> {
  let found = map.get(key);
  if (!found) map.set(key, (found = new Map()));
  return found;
}

/**
 * Puts every value of `from` into the shard of `width` its digest names, in `into` (a value there
 * already stays, with `keep`); gives the shards that took values.
 */
function moveEntries(
  from: Iterable<Kinds>,
  width: number,
  into: Map<string, Kinds>,
  keep = false,
): Set<string> {
  const moved = new Set<string>();
  for (const kinds of from) {
    for (const [kind, digests] of kinds) {
      for (const [digest, value] of digests) {
        const to = shardOf(digest, width);
        const target = mapOf(mapOf(into, to), kind);
        if (keep && target.has(digest)) continue;
        target.set(digest, value);
        moved.add(to);
      }
    }
  }
  return moved;
}

/**
 * A file of the cache, as written. A main file names the lazy kinds whose values it leaves to
 * its text file (`lazy`): one written with others (an earlier version's) is written again.
 */
interface ShardData {
  signature: string;
  format: number;
  entries: Kinds;
  lazy?: string;
}

/** A file of the cache, deserialized; nothing if it cannot be (a broken file). */
function deserializeShard(bytes: Uint8Array): unknown {
  try {
    return deserialize(bytes);
  } catch {
    // A broken file: its pages are parsed again, as on a first run.
    return undefined;
  }
}

/** A deserialized file of the cache, if it is of this signature and layout. */
function shardData(value: unknown, signature: string): ShardData | undefined {
  const data = value as Partial<ShardData> | null | undefined;
  return data?.signature === signature &&
    data.format === FORMAT &&
    data.entries instanceof Map
    ? (data as ShardData)
    : undefined;
}

/** A file of the cache, if it is of this signature and layout. */
function dataOf(bytes: Uint8Array, signature: string): ShardData | undefined {
  return shardData(deserializeShard(bytes), signature);
}

/** Values by kind with maps of their own, the values shared: a run may add to them freely. */
function copyKinds(kinds: Kinds): Kinds {
  const copy: Kinds = new Map();
  for (const [kind, digests] of kinds) copy.set(kind, new Map(digests));
  return copy;
}

/** A main file of the cache as read: deserialized, and its size. */
interface ShardRead {
  value: unknown;
  bytes: number;
}

/**
 * Bytes of main files past which a long-lived process keeps none of them (about 4500 designs):
 * what is kept stays live, and V8 lets the heap grow in proportion to what is live. At 10 000
 * designs (35 MB of files, 68 MB deserialized) a session that kept them peaked at 1.06-1.09 GB
 * of RSS; one that reads them each run, as a build does, stays near 860 MB.
 */
export const RESIDENT_BYTES = 16 * 1024 * 1024;

/**
 * The main files of the section cache as a long-lived process last read them: a dev-server
 * session keeps one between its runs. A run reads a file again only if it changed since (its
 * device, inode, size, modification and change times), and otherwise takes the values it read
 * before: a rebuild with nothing changed then neither reads nor deserializes the cache, and
 * does not leave a copy of it to be collected after every run (about a tenth of a rebuild's
 * time, and a quarter of its garbage, at 1000 designs). A run never changes what is kept:
 * `SectionCache.load` gives it maps of its own, and the values themselves are never changed by
 * anyone. A file written since, by this process or another, has another inode, size or time,
 * and is read again. A cache of more than `budget` bytes of main files is not kept: each run
 * reads it, as a build does.
 */
export class ResidentShards {
  private readonly kept = new Map<string, ShardRead & {stamp: string}>();

  constructor(private readonly budget = RESIDENT_BYTES) {}

  /**
   * The main files `names` of the folder `dir`, each read again only if it changed; files kept
   * that are not among them any more (gone, or of a folder the session no longer uses) are let
   * go. Nothing when they are more
   * than the budget: the caller reads them as a build does, and nothing of them is kept. The
   * first file that cannot be read throws, as `readFilesBounded` does.
   */
  async read(
    dir: string,
    names: readonly string[],
  ): Promise<ShardRead[] | undefined> {
    const files = names.map((name) => join(dir, name));
    const stats = files.map((file) => statSync(file, {bigint: true}));
    if (stats.reduce((sum, stat) => sum + Number(stat.size), 0) > this.budget) {
      this.kept.clear();
      return undefined;
    }
    const current = new Set(files);
    for (const file of this.kept.keys())
      if (!current.has(file)) this.kept.delete(file);
    return inSlices(files, (file, i) => {
      const stat = stats[i]!;
      const stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
      const known = this.kept.get(file);
      if (known?.stamp === stamp) return known;
      const bytes = readFileSync(file);
      const read = {stamp, value: deserializeShard(bytes), bytes: bytes.length};
      this.kept.set(file, read);
      return read;
    });
  }

  /** How many files are kept. */
  get size(): number {
    return this.kept.size;
  }
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
 * Values are kept by kind, then by digest: a run makes no key of the two. Values of the kinds
 * `lazy` names (section texts, sanitized answers: most of the bytes, and needed only where a
 * page is made again) are kept apart, in `<shard>.text.v8`, read when a value in them is asked
 * for: a rebuild with nothing changed reads none, and holds none in memory. `retain` keeps such
 * a value unread, for a later run.
 *
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
  private used = new Map<string, Kinds>();
  /** Lazy values kept for a later run without being read (see `retain`), by kind. */
  private readonly retained = new Map<string, Set<string>>();
  /** Shards whose text file has been read (or found absent). */
  private readonly textsRead = new Set<string>();
  /** Shards whose text file must be written: a new text in it, or one read from elsewhere. */
  private readonly textsChanged = new Set<string>();
  /** Values new to the cache, or changed. */
  private readonly fresh: Kinds = new Map();
  /** Main values the cache held that this run used. */
  private reused = 0;
  /** Main values the cache holds (see `LazyKinds`). */
  private readonly storedMain: number;

  private constructor(
    private readonly dir: string,
    private readonly signature: string,
    private readonly lazy: LazyKinds,
    private readonly stored: Map<string, Kinds>,
    /** Shards on disk, those of another signature or broken among them. */
    private readonly present: ReadonlySet<string>,
    /** Text files on disk, by shard (see `lazy`). */
    private readonly textsPresent: ReadonlySet<string>,
    /**
     * Files removed when the cache is written: earlier versions' shards, and text files of
     * another width (their entries moved into this one's).
     */
    private readonly old: readonly string[],
    /** Hex digits of a digest that name its shard: 1 or 2. */
    private readonly width: number,
    /** Shards to write whatever this run does: those whose entries moved in from others. */
    private readonly changed: Set<string>,
    private readonly journal: Journal,
    unsplit: readonly string[],
  ) {
    let main = 0;
    for (const kinds of stored.values())
      for (const [kind, digests] of kinds)
        if (!this.isLazy(kind)) main += digests.size;
    this.storedMain = main;
    // The main files of an earlier version hold texts too: they move to the text files.
    for (const shard of unsplit) {
      this.textsChanged.add(shard);
      this.changed.add(shard);
    }
  }

  /**
   * The cache of the folder `dir`, for readings of `signature`. A long-lived process passes
   * `resident`, kept between its runs: files unchanged since its last run are not read again.
   */
  static async load(
    dir: string,
    signature: string,
    lazy: LazyKinds = [],
    resident?: ResidentShards,
  ): Promise<SectionCache> {
    const shardDir = join(dir, 'sections');
    const all = await namesIn(shardDir);
    const names = all.filter((name) => SHARD_FILE.test(name));
    const textNames = all.filter((name) => TEXT_FILE.test(name));
    let reads: ShardRead[] = [];
    // Values the process keeps between runs, when it read them through `resident`.
    let kept = false;
    try {
      const residentReads = await resident?.read(shardDir, names);
      kept = residentReads !== undefined;
      reads =
        residentReads ??
        (await readFilesBounded(names.map((name) => join(shardDir, name)))).map(
          (bytes) => ({value: deserializeShard(bytes), bytes: bytes.length}),
        );
    } catch {
      // An unreadable cache is no cache: everything is parsed, as on a first run.
    }
    const loaded: [string, Kinds][] = [];
    const unsplit: string[] = [];
    for (const [i, {value}] of reads.entries()) {
      const data = shardData(value, signature);
      if (!data) continue;
      const shard = SHARD_FILE.exec(names[i]!)![1]!;
      // What a process keeps between runs stays as read: the run adds to maps of its own.
      loaded.push([shard, kept ? copyKinds(data.entries) : data.entries]);
      if (data.lazy !== lazy.join('\n')) unsplit.push(shard);
    }
    const textShards = textNames.map((name) => TEXT_FILE.exec(name)![1]!);
    // The shards are of one width (`save` chooses it); the entries of any other (a run that
    // stopped while it changed width) move into shards of that width.
    const width = [...loaded.map(([shard]) => shard), ...textShards].some(
      (shard) => shard.length === 2,
    )
      ? 2
      : 1;
    const fits = (shard: string) => shard === 'other' || shard.length === width;
    const stored = new Map(loaded.filter(([shard]) => fits(shard)));
    const strays = loaded.filter(([shard]) => !fits(shard));
    for (const [i, shard] of textShards.entries()) {
      if (fits(shard)) continue;
      try {
        const data = dataOf(
          readFileSync(join(shardDir, textNames[i]!)),
          signature,
        );
        if (data) strays.push([shard, data.entries]);
      } catch {
        // Unreadable: its pages are parsed again.
      }
    }
    const moved = moveEntries(
      strays.map(([, entries]) => entries),
      width,
      stored,
    );
    const journal = await readJournal(
      join(shardDir, JOURNAL_FILE),
      signature,
      reads.reduce((sum, read) => sum + read.bytes, 0),
    );
    for (const entries of journal.records)
      for (const shard of moveEntries([entries], width, stored))
        journal.shards.add(shard);
    journal.records = [];
    const present = new Set(names.map((name) => SHARD_FILE.exec(name)![1]!));
    const old = [
      ...all.filter((name) => OLD_SHARD_FILE.test(name)),
      ...textNames.filter((_, i) => !fits(textShards[i]!)),
    ];
    // Entries moved in from shards of another width, and shards of no use (broken, of another
    // signature, of another width): the shards are written again whatever the run adds.
    if (
      moved.size > 0 ||
      unsplit.length > 0 ||
      [...present].some((shard) => !stored.has(shard)) ||
      textShards.some((shard) => !fits(shard))
    )
      journal.rewrite = true;
    return new SectionCache(
      shardDir,
      signature,
      lazy,
      stored,
      present,
      new Set(textShards.filter(fits)),
      old,
      width,
      moved,
      journal,
      unsplit,
    );
  }

  /** Whether the values of a kind are lazy. */
  private isLazy(kind: string): boolean {
    for (const prefix of this.lazy) if (kind.startsWith(prefix)) return true;
    return false;
  }

  /** Reads the text file of `shard` once, if there is one; values known already stay. */
  private readTexts(shard: string): void {
    if (this.textsRead.has(shard)) return;
    this.textsRead.add(shard);
    if (!this.textsPresent.has(shard)) return;
    let data: ShardData | undefined;
    try {
      data = dataOf(
        readFileSync(join(this.dir, `${shard}.text.v8`)),
        this.signature,
      );
    } catch {
      // Unreadable: as though broken.
    }
    if (!data) {
      // Broken, or of another signature: written again with what this run makes.
      this.textsChanged.add(shard);
      this.journal.rewrite = true;
      return;
    }
    moveEntries([data.entries], this.width, this.stored, true);
  }

  /** The shard of `digest`, its text file read if `kind` is lazy. */
  private shardFor(kind: string, digest: string): string {
    const shard = shardOf(digest, this.width);
    if (this.isLazy(kind)) this.readTexts(shard);
    return shard;
  }

  /** Notes a value new to the cache (or changed), for `save`. */
  private touch(
    kind: string,
    digest: string,
    shard: string,
    value: unknown,
  ): void {
    (this.isLazy(kind) ? this.textsChanged : this.changed).add(shard);
    put(this.fresh, kind, digest, value);
  }

  /** Notes the first use of a main value the cache held, for `save`. */
  private reuse(kind: string): void {
    if (!this.isLazy(kind)) this.reused++;
  }

  /** The values of `kind` this run used in `shard`. */
  private usedOf(shard: string, kind: string): Map<string, unknown> {
    return mapOf(mapOf(this.used, shard), kind);
  }

  /** The value kept for the input of digest `digest` read by `kind`, without computing it. */
  peek<T>(kind: string, digest: string): T | undefined {
    const shard = this.shardFor(kind, digest);
    return (this.used.get(shard)?.get(kind)?.get(digest) ??
      this.stored.get(shard)?.get(kind)?.get(digest)) as T | undefined;
  }

  /** Sets the value of `kind` for `digest`, replacing the one kept, if any. */
  set(kind: string, digest: string, value: unknown): void {
    const shard = this.shardFor(kind, digest);
    const used = this.usedOf(shard, kind);
    const before = used.get(digest);
    if (before === value) return;
    used.set(digest, value);
    if (this.stored.get(shard)?.get(kind)?.get(digest) !== value)
      this.touch(kind, digest, shard, value);
    else if (before === undefined) this.reuse(kind);
  }

  /**
   * Keeps the value of `kind` for `digest`, if there is one, as though this run had used it: for
   * a value a later run may need though this one did not. A lazy value is kept unread.
   */
  keep(kind: string, digest: string): void {
    if (this.isLazy(kind)) {
      this.retain(kind, digest);
      return;
    }
    const value = this.peek(kind, digest);
    if (value !== undefined) this.get(kind, digest, () => value);
  }

  /** Keeps the lazy value of `kind` for `digest`, if there is one, without reading it. */
  retain(kind: string, digest: string): void {
    let digests = this.retained.get(kind);
    if (!digests) this.retained.set(kind, (digests = new Set()));
    digests.add(digest);
  }

  /** The value for the input of digest `digest` read by `kind`, computed by `read` when new. */
  get<T>(kind: string, digest: string, read: () => T): T {
    const shard = this.shardFor(kind, digest);
    const used = this.usedOf(shard, kind);
    if (used.has(digest)) return used.get(digest) as T;
    let value = this.stored.get(shard)?.get(kind)?.get(digest) as T | undefined;
    if (value === undefined) {
      value = read();
      this.touch(kind, digest, shard, value);
    } else this.reuse(kind);
    used.set(digest, value);
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

  /** Lets go of every value held, once the run is done with them (after `save`; see `releasePlan`). */
  release(): void {
    this.stored.clear();
    this.used.clear();
    this.fresh.clear();
    this.retained.clear();
  }

  /** How many values of `kinds` are main ones (`lazy` false) or lazy ones. */
  private count(kinds: Kinds | undefined, lazy: boolean): number {
    let n = 0;
    for (const [kind, digests] of kinds ?? [])
      if (this.isLazy(kind) === lazy) n += digests.size;
    return n;
  }

  /**
   * Appends this run's new entries to the journal, when that is enough: nothing but new entries
   * to keep, the shards of the right width, the journal small and few entries left unused. Says
   * whether it was (with nothing new, nothing is written). Only main entries are counted: a
   * lazy value is kept by the main entry it is read for.
   */
  private async appendNew(keepUnused: boolean): Promise<boolean> {
    const journal = this.journal;
    if (journal.shardBytes === 0) return false;
    const storedCount = this.storedMain;
    const usedStored = this.reused;
    const usedCount = usedStored + this.count(this.fresh, false);
    if (shardWidth(usedCount + (keepUnused ? storedCount : 0)) !== this.width)
      return false;
    // Entries no run uses any more are dropped only when the shards are written: not past a
    // quarter of them.
    if (!keepUnused && storedCount - usedStored > storedCount / 4) return false;
    if (this.fresh.size === 0) return true;
    const record = serialize({
      signature: this.signature,
      format: FORMAT,
      entries: this.fresh,
    });
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

  /**
   * What this run keeps of each shard: the main values used (all, with `keepUnused`), and, for
   * the shards in `withTexts`, the texts used or retained (their text file read first).
   */
  private kept(
    keepUnused: boolean,
    withTexts: ReadonlySet<string>,
  ): Map<string, Kinds> {
    const kept = new Map<string, Kinds>();
    for (const shard of new Set([...this.stored.keys(), ...this.used.keys()])) {
      const texts = withTexts.has(shard);
      if (texts) this.readTexts(shard);
      const entries: Kinds = new Map();
      for (const [kind, digests] of this.used.get(shard) ?? [])
        if (digests.size > 0 && (texts || !this.isLazy(kind)))
          entries.set(kind, new Map(digests));
      for (const [kind, digests] of this.stored.get(shard) ?? []) {
        const lazy = this.isLazy(kind);
        if (lazy ? !texts : !keepUnused) continue;
        const retained = this.retained.get(kind);
        for (const [digest, value] of digests) {
          if (entries.get(kind)?.has(digest)) continue;
          if (!lazy || keepUnused || retained?.has(digest))
            put(entries, kind, digest, value);
        }
      }
      kept.set(shard, entries);
    }
    return kept;
  }

  /**
   * Writes the shards that changed (main file, text file or both), and those the journal holds
   * entries of; removes the journal.
   */
  private async writeShards(keepUnused: boolean): Promise<void> {
    // The width this cache's size calls for: when it crosses WIDE_FROM, every entry moves to a
    // shard of the new width (every text file is read for it), every shard is written and those
    // of the old width are removed.
    const all = new Set([...this.stored.keys(), ...this.used.keys()]);
    /** Main values the cache holds that this run did not use, by shard. */
    const unused = new Map<string, number>();
    let mainKept = 0;
    for (const shard of all) {
      const used = this.used.get(shard);
      mainKept += this.count(used, false);
      let n = 0;
      for (const [kind, digests] of this.stored.get(shard) ?? []) {
        if (this.isLazy(kind)) continue;
        const usedOfKind = used?.get(kind);
        for (const digest of digests.keys()) if (!usedOfKind?.has(digest)) n++;
      }
      unused.set(shard, n);
      if (keepUnused) mainKept += n;
    }
    const width = shardWidth(mainKept);
    const widthChanged = width !== this.width;
    // Text files written: those with new texts, or texts from elsewhere; those the journal holds
    // texts of; and those of shards whose main values are dropped (their texts go with them).
    const withTexts = new Set(
      widthChanged
        ? [...this.textsPresent, ...all]
        : [
            ...this.textsChanged,
            ...this.journal.shards,
            ...(keepUnused
              ? []
              : [...all].filter((shard) => unused.get(shard)! > 0)),
            ...[...this.textsRead].filter((shard) =>
              this.textsPresent.has(shard),
            ),
          ],
    );
    let kept = this.kept(keepUnused, withTexts);
    if (widthChanged) {
      const moved = new Map<string, Kinds>();
      moveEntries(kept.values(), width, moved);
      kept = moved;
    }
    const writes: [string, Kinds][] = [];
    for (const shard of new Set([
      ...this.present,
      ...this.textsPresent,
      ...kept.keys(),
    ])) {
      const main: Kinds = new Map();
      const texts: Kinds = new Map();
      for (const [kind, digests] of kept.get(shard) ?? [])
        (this.isLazy(kind) ? texts : main).set(kind, digests);
      const stored = this.stored.get(shard);
      const mainCount = this.count(main, false);
      if (
        widthChanged ||
        this.changed.has(shard) ||
        this.journal.shards.has(shard) ||
        (this.present.has(shard) ? !stored : mainCount > 0) ||
        mainCount !== this.count(stored, false)
      )
        writes.push([`${shard}.v8`, main]);
      if (
        widthChanged ||
        (withTexts.has(shard) &&
          (this.textsChanged.has(shard) ||
            this.journal.shards.has(shard) ||
            this.count(texts, true) !== this.count(stored, true)))
      )
        writes.push([`${shard}.text.v8`, texts]);
    }
    await mapLimit(writes, OPEN_FILES_LIMIT, async ([name, entries]) => {
      const file = join(this.dir, name);
      if (entries.size === 0) {
        await rm(file, {force: true});
        return;
      }
      const data: ShardData = {
        signature: this.signature,
        format: FORMAT,
        entries,
      };
      if (!name.endsWith('.text.v8')) data.lazy = this.lazy.join('\n');
      await writeFileAtomic(file, serialize(data));
    });
    if (this.journal.bytes > 0 || this.journal.rewrite)
      await rm(join(this.dir, JOURNAL_FILE), {force: true});
    // The files of earlier versions (a single one, then JSON shards), and text files of another
    // width, but for those just written.
    if (writes.length > 0) {
      await rm(join(this.dir, '..', 'sections.json'), {force: true});
      const written = new Set(writes.map(([name]) => name));
      await mapLimit(
        this.old.filter((name) => !written.has(name)),
        OPEN_FILES_LIMIT,
        (name) => rm(join(this.dir, name), {force: true}),
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
  records: Kinds[];
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
    const record = dataOf(data.subarray(at + 4, at + 4 + length), signature);
    if (record) journal.records.push(record.entries);
    else journal.rewrite = true;
    at += 4 + length;
  }
  return journal;
}
