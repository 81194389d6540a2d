import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {deserialize, serialize} from 'node:v8';
import type {PageHead} from '../core/discover';
import {canonicalJson, sha256} from '../core/key';
import type {RoleMatcher} from '../core/matchers';
import {READING_RULES, type PageDesignSections} from '../core/pageDesign';
import type {Role} from '../core/roles';
import {writeFileAtomic} from '../io/files';

/** The plugin's version: readings made by another are not trusted. */
const PLUGIN_VERSION = (
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as {version: string}
).version;

/** Names everything that shapes a reading besides the page: equal names, equal readings. */
export function readingVersion(matchers: readonly RoleMatcher[]): string {
  return sha256(
    canonicalJson({
      plugin: PLUGIN_VERSION,
      rules: READING_RULES,
      matchers: matchers.map((matcher) => [
        matcher.role,
        String(matcher.pattern),
      ]),
    }),
  );
}

/** Written runs an entry may go unused before it is dropped. */
const KEEP_RUNS = 3;

/** A value and the last written run that used it. */
type Entry<V> = {run: number; value: V};

/** One kind of value the memo keeps, by the digest of what it was made from. */
export class Table<V> {
  /** @internal */ entries = new Map<string, Entry<V>>();

  constructor(private readonly memo: Memo) {}

  /** The value kept for `key`, without marking it used. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** The value kept for `key`, marked used by this run: a later run keeps it. */
  use(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry) entry.run = this.memo.run;
    return entry?.value;
  }

  /** The value kept for `key`, made by `make` (and kept) when there is none. */
  get(key: string, make: () => V): V {
    const known = this.use(key);
    if (known !== undefined) return known;
    const value = make();
    this.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.set(key, {run: this.memo.run, value});
    this.memo.changed = true;
  }
}

/** What a single-page design reads as, but for its texts (read again from the page when needed). */
export interface PageFacts extends Omit<PageDesignSections, 'prompt'> {
  prompt: {role: Role; title: string; blank: boolean}[];
}

/** What a section page reads as, but for its text. */
export interface SectionFacts {
  title: string;
  /** The section holds no text: a heading alone. */
  blank: boolean;
  mdxError?: string;
  /** Too large to be worth parsing: its text goes in as it is, and the prompt is too large. */
  oversize?: true;
}

/** What a design's request comes to: its key, its inputs' digests, its size in tokens. */
export interface RequestShape {
  key: string;
  inputs: Record<string, string>;
  tokens: number;
  /** `tokens` was counted with the model's tokenizer, not estimated. */
  exact: boolean;
}

/** What a Deploy page was rendered as last time. */
export interface RenderedPage {
  /** sha256 of the page's bytes. */
  digest: string;
  /** The digest of its answer (see `Memo.compiled`), kept while the page is. */
  answer?: string;
}

/** The memo file: its version, the last written run, and each table's entries. */
interface Stored {
  version?: unknown;
  run: number;
  tables: Record<string, Map<string, Entry<never>>>;
}

/**
 * What a rebuild remembers so that it redoes only what changed: one local file, written atomically
 * when changed; a memo of another version (the plugin's, the matchers') is not read.
 */
export class Memo {
  /** The run now: one more than the last written. */
  run = 1;
  /** A value was added or replaced since the memo was read. */
  changed = false;

  /** Front matter fields and title of a page, by page digest. */
  readonly heads = new Table<PageHead>(this);
  /** A single-page design's reading, by format and page digest. */
  readonly pages = new Table<PageFacts>(this);
  /** A section page's reading, by format, heading and page digest. */
  readonly sections = new Table<SectionFacts>(this);
  /** A design's request, by what decides it (see `requestShapes`). */
  readonly requests = new Table<RequestShape>(this);
  /** A Deploy page as rendered, by the digest of its inputs. */
  readonly rendered = new Table<RenderedPage>(this);
  /** Whether an answer's page compiles as MDX (`''`, else the error), by the answer's digest. */
  readonly compiled = new Table<string>(this);
  /** The parsed front matter of an answer file, by the file's digest. */
  readonly entryHeads = new Table<unknown>(this);
  /** What an answer does with its design's figures, encoded, by request key and answer digest. */
  readonly figures = new Table<Uint8Array>(this);

  private constructor(
    private readonly file: string,
    private readonly version: string,
    stored?: Stored,
  ) {
    if (!stored) return;
    this.run = stored.run + 1;
    // Each table takes its entries by its field's name, as `save` writes them.
    for (const [name, table] of Object.entries(this))
      if (table instanceof Table)
        table.entries = stored.tables[name] ?? new Map();
  }

  /** The memo in `dir` for `version`; empty when missing, unreadable, or of another version. */
  static async load(dir: string, version: string): Promise<Memo> {
    const file = join(dir, 'memo.v8');
    try {
      const stored = deserialize(await readFile(file)) as Stored;
      if (stored.version === version) return new Memo(file, version, stored);
    } catch {
      // Missing or broken: rebuilt as on a first run.
    }
    return new Memo(file, version);
  }

  /** Writes the memo if this run changed it, less entries unused for `KEEP_RUNS` written runs. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const tables: Record<string, Map<string, Entry<unknown>>> = {};
    for (const [name, table] of Object.entries(this)) {
      if (!(table instanceof Table)) continue;
      for (const [key, entry] of table.entries)
        if (entry.run <= this.run - KEEP_RUNS) table.entries.delete(key);
      tables[name] = table.entries;
    }
    await writeFileAtomic(
      this.file,
      serialize({version: this.version, run: this.run, tables}),
    );
    this.changed = false;
  }
}
