import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {sha256} from './core/key';
import {writeFileAtomic} from './files';

/**
 * Parsing Markdown is the costly part of a run (remark reads about 1.3 MB/s here); reading and
 * hashing files costs little. This cache keeps what a page's sections read as, by the digest of
 * its raw bytes, so that a rebuild parses only the pages that changed. It is local state, in
 * the site's `.docusaurus` folder; `signature` covers everything else that shapes the result
 * (the plugin's version of the reading, the matchers), and a different one starts afresh.
 */
export class SectionCache {
  private used = new Map<string, unknown>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly signature: string,
    private readonly stored: Map<string, unknown>,
  ) {}

  static async load(dir: string, signature: string): Promise<SectionCache> {
    const file = join(dir, 'sections.json');
    let stored = new Map<string, unknown>();
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as {
        signature?: string;
        entries?: Record<string, unknown>;
      };
      if (data.signature === signature && data.entries)
        stored = new Map(Object.entries(data.entries));
    } catch {
      // No cache, or a broken one: everything is parsed, as on a first run.
    }
    return new SectionCache(file, signature, stored);
  }

  /** The value kept for `content` read by `kind`, without computing it. */
  peek<T>(kind: string, content: string): T | undefined {
    const key = `${kind}:${sha256(content)}`;
    return (this.used.get(key) ?? this.stored.get(key)) as T | undefined;
  }

  /** The value for `content` read by `kind`, computed by `read` when the bytes are new. */
  get<T>(kind: string, content: string, read: () => T): T {
    const key = `${kind}:${sha256(content)}`;
    if (this.used.has(key)) return this.used.get(key) as T;
    let value = this.stored.get(key) as T | undefined;
    if (value === undefined) {
      value = read();
      this.changed = true;
    }
    this.used.set(key, value);
    return value;
  }

  /** Keeps what this run used, and drops the rest; writes only when something changed. */
  async save(): Promise<void> {
    if (!this.changed && this.used.size === this.stored.size) return;
    await writeFileAtomic(
      this.file,
      JSON.stringify({
        signature: this.signature,
        entries: Object.fromEntries(this.used),
      }),
    );
  }
}
