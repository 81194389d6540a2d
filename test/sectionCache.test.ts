import {createHash} from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import {serialize} from 'node:v8';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {cachedCoverage} from '../plugin/src/output';
import {ResidentShards, SectionCache} from '../plugin/src/sectionCache';

/** Pages' digests, and the lazy kinds and section texts of the tests that keep texts apart. */
const LAZY = ['text-'];
const pageDigest = (i: number) =>
  createHash('sha256').update(`page ${i}`).digest('hex');
const sectionText = (i: number) =>
  `| метрика | цель |\n| --- | --- |\n| p95 ${i} | 200 мс |\n\n\`\`\`python\nmodel.fit(X_${i}, y)\n\`\`\`\n`;

describe('SectionCache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsd-sections-'));
  });
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('reads a page once: a later run with the same bytes takes the stored reading', async () => {
    let reads = 0;
    const read = () => ({markdown: `read ${++reads}`});
    let cache = await SectionCache.load(dir, 'sig');
    expect(cache.get('section', 'page text', read)).toEqual({
      markdown: 'read 1',
    });
    expect(cache.get('section', 'page text', read)).toEqual({
      markdown: 'read 1',
    });
    await cache.save();

    cache = await SectionCache.load(dir, 'sig');
    expect(cache.get('section', 'page text', read)).toEqual({
      markdown: 'read 1',
    });
    expect(cache.get('section', 'page text, edited', read)).toEqual({
      markdown: 'read 2',
    });
    expect(reads).toBe(2);
  });

  it('starts afresh when the signature (reading version, matchers) changes', async () => {
    const first = await SectionCache.load(dir, 'v1');
    first.get('section', 'text', () => 'old');
    await first.save();
    const second = await SectionCache.load(dir, 'v2');
    expect(second.get('section', 'text', () => 'new')).toBe('new');
  });

  it('keeps a small cache in 16 shards and a large one in 256, moving every entry when it crosses', async () => {
    const digest = (i: number) =>
      createHash('sha256').update(String(i)).digest('hex');
    const shards = async () =>
      (await readdir(join(dir, 'sections'))).filter((name) =>
        name.endsWith('.v8'),
      );
    const run = async (count: number) => {
      const cache = await SectionCache.load(dir, 'sig');
      let computed = 0;
      for (let i = 0; i < count; i++)
        cache.get(`section-mdx-3. Данные: источники`, digest(i), () => {
          computed++;
          return `reading ${i}`;
        });
      await cache.save();
      return computed;
    };
    expect(await run(200)).toBe(200);
    const small = await shards();
    expect(small.length).toBeLessThanOrEqual(16);
    expect(small.every((name) => /^[0-9a-f]\.v8$/.test(name))).toBe(true);
    // Past 4096 entries: 256 shards, and nothing read before is computed again.
    expect(await run(5000)).toBe(4800);
    const large = await shards();
    expect(large.length).toBeGreaterThan(200);
    expect(large.every((name) => /^[0-9a-f]{2}\.v8$/.test(name))).toBe(true);
    expect(await run(5000)).toBe(0);
    // Back under it: 16 shards again, with what this run kept.
    expect(await run(100)).toBe(0);
    expect((await shards()).length).toBeLessThanOrEqual(16);
    expect(await run(100)).toBe(0);
  });

  it("keeps an answer's coverage by its checklist's patterns too, not only its ids and labels", async () => {
    const cache = await SectionCache.load(dir, 'sig');
    const answer = '## Serving\n\nDocker images, rolled out by hand.\n';
    const item = (pattern: RegExp) => [
      {id: 'tool', label: 'The tool', match: [pattern]},
    ];
    const status = (pattern: RegExp) =>
      cachedCoverage(cache, answer, item(pattern)).coverage[0]?.status;
    expect(status(/Docker/)).toBe('found');
    // The same id and label with another pattern: checked anew, not taken from the cache.
    expect(status(/Kubernetes/)).toBe('missing');
  });
  describe('journal', () => {
    /** A run that reads pages `from`..`to` (a changed page is a new digest); gives how many it parsed. */
    const run = async (pages: number[], keepUnused = false) => {
      const cache = await SectionCache.load(dir, 'sig');
      let parsed = 0;
      for (const i of pages)
        cache.get('section-mdx-3. Данные', pageDigest(i), () => {
          parsed++;
          // A reading the size of a real section: text with a table and a code block.
          return {
            title: `3. Данные ${i}`,
            markdown:
              `| источник | объём |\n| --- | --- |\n| логи ${i} | 1 ТБ |\n\n\`\`\`sql\nselect * from events where id = ${i};\n\`\`\`\n`.repeat(
                4,
              ),
          };
        });
      await cache.save({keepUnused});
      return parsed;
    };
    const range = (from: number, to: number) =>
      Array.from({length: to - from}, (_, i) => from + i);
    const files = async () => (await readdir(join(dir, 'sections'))).sort();
    const shardTimes = async () =>
      Object.fromEntries(
        await Promise.all(
          (await files())
            .filter((name) => name.endsWith('.v8'))
            .map(async (name) => [
              name,
              (await stat(join(dir, 'sections', name))).mtimeMs,
            ]),
        ),
      );

    it('appends the entries of a run that changed a page, and leaves the shards alone', async () => {
      expect(await run(range(0, 300))).toBe(300);
      expect(await files()).not.toContain('journal.bin');
      const before = await shardTimes();
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Page 0 changed (page 1000 stands for its new bytes), then page 1.
      expect(await run([1000, ...range(1, 300)])).toBe(1);
      expect(await run([1000, 1001, ...range(2, 300)])).toBe(1);
      expect(await files()).toContain('journal.bin');
      expect(await shardTimes()).toEqual(before);
      // Both changes are read back: nothing is parsed again.
      expect(await run([1000, 1001, ...range(2, 300)])).toBe(0);
    });

    it('writes the shards again when the journal outgrows an eighth of them, and removes it', async () => {
      await run(range(0, 300));
      const pages = range(0, 300);
      let appended = 0;
      for (let i = 0; i < 300 && !appended; i++) {
        pages[i] = 1000 + i;
        await run(pages);
        if (!(await files()).includes('journal.bin')) appended = i;
      }
      // It was written to, then folded into the shards before it passed its bound.
      expect(appended).toBeGreaterThan(5);
      expect(await run(pages)).toBe(0);
    });

    it('drops entries no run uses once a quarter of them are unused', async () => {
      await run(range(0, 300));
      await run([...range(0, 280), ...range(1000, 1020)]); // 20 changed: appended
      expect(await files()).toContain('journal.bin');
      // Pages 280..299 are no longer read, nor, next, 0..79: 100 unused of 320.
      await run([...range(80, 280), ...range(1000, 1020)]);
      expect(await files()).not.toContain('journal.bin');
      // The dropped readings are gone: reading those pages parses them again.
      expect(await run(range(0, 10))).toBe(10);
    });

    it('reads the whole records of a torn journal, and writes the shards at the next save', async () => {
      await run(range(0, 300));
      await run([1000, ...range(1, 300)]);
      await run([1000, 1001, ...range(2, 300)]);
      const journal = join(dir, 'sections', 'journal.bin');
      const {size} = await stat(journal);
      await truncate(journal, size - 3); // the second record is torn
      expect(await run([1000, 1001, ...range(2, 300)])).toBe(1);
      expect(await files()).not.toContain('journal.bin');
      expect(await run([1000, 1001, ...range(2, 300)])).toBe(0);
    });

    it('ignores a journal of another signature', async () => {
      await run(range(0, 300));
      await run([1000, ...range(1, 300)]);
      const other = await SectionCache.load(dir, 'other signature');
      expect(
        other.peek('section-mdx-3. Данные', pageDigest(1000)),
      ).toBeUndefined();
      expect(
        (await readFile(join(dir, 'sections', 'journal.bin'))).length,
      ).toBeGreaterThan(0);
    });
  });
  describe('texts kept apart', () => {
    const names = async () => (await readdir(join(dir, 'sections'))).sort();

    it('keeps texts in text files, read only when a text is asked for', async () => {
      let cache = await SectionCache.load(dir, 'sig', LAZY);
      for (let i = 0; i < 40; i++) {
        cache.get('facts', pageDigest(i), () => ({title: `t${i}`}));
        cache.get('text-3', pageDigest(i), () => sectionText(i));
      }
      await cache.save();
      const texts = (await names()).filter((name) => name.endsWith('.text.v8'));
      expect(texts.length).toBeGreaterThan(0);
      const mains = (await names()).filter((name) =>
        /^[0-9a-f]\.v8$/.test(name),
      );
      for (const name of mains)
        expect(
          (await readFile(join(dir, 'sections', name))).includes('model.fit'),
        ).toBe(false);
      // Broken text files are never noticed by a run that asks for no text, which keeps them.
      for (const name of texts)
        await writeFile(join(dir, 'sections', name), 'not a shard');
      cache = await SectionCache.load(dir, 'sig', LAZY);
      for (let i = 0; i < 40; i++) {
        expect(cache.get('facts', pageDigest(i), () => 'parsed')).toEqual({
          title: `t${i}`,
        });
        cache.retain('text-3', pageDigest(i));
      }
      await cache.save();
      for (const name of texts)
        expect(await readFile(join(dir, 'sections', name), 'utf8')).toBe(
          'not a shard',
        );
      // A text asked for from a broken file is made again, and its file written whole.
      cache = await SectionCache.load(dir, 'sig', LAZY);
      let made = 0;
      for (let i = 0; i < 40; i++)
        cache.get('text-3', pageDigest(i), () => {
          made++;
          return sectionText(i);
        });
      expect(made).toBe(40);
      await cache.save();
      cache = await SectionCache.load(dir, 'sig', LAZY);
      expect(cache.peek('text-3', pageDigest(7))).toBe(sectionText(7));
    });

    it('keeps a text retained unread, and drops one no run keeps when its file is written', async () => {
      let cache = await SectionCache.load(dir, 'sig', LAZY);
      for (let i = 0; i < 300; i++) {
        cache.get('facts', pageDigest(i), () => i);
        cache.get('text-3', pageDigest(i), () => sectionText(i));
      }
      await cache.save();
      // Every design but 0..9 is kept by its facts, its text retained; 0..9 are gone, and 1000
      // is new. Past a quarter unused? No: the new text goes to the journal.
      const run = async (pages: number[]) => {
        cache = await SectionCache.load(dir, 'sig', LAZY);
        for (const i of pages) {
          cache.get('facts', pageDigest(i), () => i);
          if (i >= 1000)
            cache.get('text-3', pageDigest(i), () => sectionText(i));
          else cache.retain('text-3', pageDigest(i));
        }
        await cache.save();
      };
      const kept = [...Array.from({length: 290}, (_, i) => i + 10), 1000];
      await run(kept);
      // Then 100 more gone: the shards are written, texts of the pages kept stay.
      await run(kept.slice(100));
      expect(await names()).not.toContain('journal.bin');
      cache = await SectionCache.load(dir, 'sig', LAZY);
      expect(cache.peek('text-3', pageDigest(299))).toBe(sectionText(299));
      expect(cache.peek('text-3', pageDigest(1000))).toBe(sectionText(1000));
      expect(cache.peek('text-3', pageDigest(50))).toBeUndefined();
    });

    it('moves texts with their shards when the cache changes width, and leaves no file of the old width', async () => {
      const run = async (count: number) => {
        const cache = await SectionCache.load(dir, 'sig', LAZY);
        for (let i = 0; i < count; i++) {
          cache.get('facts', pageDigest(i), () => i);
          cache.get('text-3', pageDigest(i), () => sectionText(i));
        }
        await cache.save();
      };
      await run(5000);
      expect(
        (await names()).filter((name) => /^[0-9a-f]{2}\.text\.v8$/.test(name))
          .length,
      ).toBeGreaterThan(200);
      await run(100);
      const left = await names();
      expect(left.filter((name) => /^[0-9a-f]{2}\./.test(name))).toEqual([]);
      expect(left.some((name) => /^[0-9a-f]\.text\.v8$/.test(name))).toBe(true);
      let cache = await SectionCache.load(dir, 'sig', LAZY);
      expect(cache.peek('text-3', pageDigest(42))).toBe(sectionText(42));
      // A run that stopped while it changed width left text files of both widths: the next
      // save keeps one width, every text readable.
      const wide = `${pageDigest(7).slice(0, 2)}.text.v8`;
      await run(5000);
      const stray = await readFile(join(dir, 'sections', wide));
      await run(100);
      await writeFile(join(dir, 'sections', wide), stray);
      await run(100);
      const widths = new Set(
        (await names())
          .filter((name) => /^[0-9a-f]+\./.test(name))
          .map((name) => name.indexOf('.')),
      );
      expect(widths.size).toBe(1);
      cache = await SectionCache.load(dir, 'sig', LAZY);
      expect(cache.peek('text-3', pageDigest(7))).toBe(sectionText(7));
      expect(cache.peek('text-3', pageDigest(42))).toBe(sectionText(42));
      // A narrow text file left beside wide shards: its texts move in, and it is removed.
      const narrow = `${pageDigest(7)[0]}.text.v8`;
      const narrowBytes = await readFile(join(dir, 'sections', narrow));
      await run(5000);
      await writeFile(join(dir, 'sections', narrow), narrowBytes);
      await run(5000);
      expect(await names()).not.toContain(narrow);
      cache = await SectionCache.load(dir, 'sig', LAZY);
      expect(cache.peek('text-3', pageDigest(7))).toBe(sectionText(7));
    });

    it('reads no file of another layout, and moves texts out of main files written with other lazy kinds', async () => {
      // A file of an earlier layout (one map by "<kind>:<digest>"): not read, its pages parsed again.
      await mkdir(join(dir, 'sections'));
      await writeFile(
        join(dir, 'sections', `${pageDigest(0)[0]}.v8`),
        serialize({
          signature: 'sig',
          entries: new Map([[`text-3:${pageDigest(0)}`, sectionText(0)]]),
        }),
      );
      let early = await SectionCache.load(dir, 'sig', LAZY);
      expect(early.peek('text-3', pageDigest(0))).toBeUndefined();
      // Written by a cache with no lazy kinds: texts in the main files.
      early = await SectionCache.load(dir, 'sig');
      for (let i = 0; i < 40; i++)
        early.get('text-3', pageDigest(i), () => sectionText(i));
      await early.save();
      expect((await names()).some((name) => name.endsWith('.text.v8'))).toBe(
        false,
      );
      let cache = await SectionCache.load(dir, 'sig', LAZY);
      for (let i = 0; i < 40; i++)
        expect(cache.get('text-3', pageDigest(i), () => 'parsed')).toBe(
          sectionText(i),
        );
      await cache.save();
      expect((await names()).some((name) => name.endsWith('.text.v8'))).toBe(
        true,
      );
      for (const name of (await names()).filter((name) =>
        /^[0-9a-f]\.v8$/.test(name),
      ))
        expect(
          (await readFile(join(dir, 'sections', name))).includes('model.fit'),
        ).toBe(false);
      cache = await SectionCache.load(dir, 'sig', LAZY);
      expect(cache.get('text-3', pageDigest(3), () => 'parsed')).toBe(
        sectionText(3),
      );
    });
  });

  describe('kept between the runs of a long-lived process (ResidentShards)', () => {
    // A page's reading as the reader keeps it: front matter, a section with a table and code.
    const reading = (i: number) => ({
      title: `3. Данные ${i}`,
      frontMatter: {description: `Данные ${i}`, tags: ['ml', 'data']},
      sections: [{role: 'data', heading: '3. Данные', depth: 1, line: 5}],
    });
    const filled = async (n: number) => {
      const cache = await SectionCache.load(dir, 'sig', LAZY);
      for (let i = 0; i < n; i++) {
        cache.get('facts', pageDigest(i), () => reading(i));
        cache.get('text-3', pageDigest(i), () => sectionText(i));
      }
      await cache.save();
    };
    const mainFiles = async () =>
      (await readdir(join(dir, 'sections'))).filter((name) =>
        /^[0-9a-f]{1,2}\.v8$/.test(name),
      );

    it('takes the values of files unchanged since its last run without reading them again', async () => {
      await filled(40);
      const resident = new ResidentShards();
      const first = await SectionCache.load(dir, 'sig', LAZY, resident);
      const second = await SectionCache.load(dir, 'sig', LAZY, resident);
      const fresh = await SectionCache.load(dir, 'sig', LAZY);
      expect(resident.size).toBe((await mainFiles()).length);
      for (let i = 0; i < 40; i++) {
        const value = first.peek('facts', pageDigest(i));
        expect(value).toEqual(reading(i));
        // The very value read before: the file was neither read nor deserialized again.
        expect(second.peek('facts', pageDigest(i))).toBe(value);
        // A run without it reads the files, and has values of its own.
        expect(fresh.peek('facts', pageDigest(i))).not.toBe(value);
        expect(fresh.peek('facts', pageDigest(i))).toEqual(value);
      }
    });

    it('reads again a file another process wrote since, and lets go of files that are gone', async () => {
      await filled(40);
      const resident = new ResidentShards();
      const before = await SectionCache.load(dir, 'sig', LAZY, resident);
      const old = before.peek('facts', pageDigest(0));
      // Another process (a build, `mlsd prune`) keeps only the first ten pages: it writes the
      // shards again, without those it no longer uses.
      const other = await SectionCache.load(dir, 'sig', LAZY);
      for (let i = 0; i < 10; i++) {
        other.get('facts', pageDigest(i), () => reading(-1));
        other.retain('text-3', pageDigest(i));
      }
      await other.save();
      const after = await SectionCache.load(dir, 'sig', LAZY, resident);
      for (let i = 10; i < 40; i++)
        expect(after.peek('facts', pageDigest(i))).toBeUndefined();
      expect(after.peek('facts', pageDigest(0))).toEqual(reading(0));
      expect(after.peek('facts', pageDigest(0))).not.toBe(old);
      expect(after.peek('text-3', pageDigest(3))).toBe(sectionText(3));
      expect(resident.size).toBe((await mainFiles()).length);
      // The cache removed (`docusaurus clear`): nothing kept is taken, nothing is kept.
      await rm(join(dir, 'sections'), {recursive: true});
      const cleared = await SectionCache.load(dir, 'sig', LAZY, resident);
      expect(cleared.peek('facts', pageDigest(0))).toBeUndefined();
      expect(resident.size).toBe(0);
    });

    it('keeps nothing of a cache past its budget: each run reads the files, as a build does', async () => {
      await filled(40);
      const bytes = (
        await Promise.all(
          (await mainFiles()).map(
            async (name) => (await stat(join(dir, 'sections', name))).size,
          ),
        )
      ).reduce((sum, size) => sum + size, 0);
      const within = new ResidentShards(bytes);
      const past = new ResidentShards(bytes - 1);
      const loads = async (resident: ResidentShards) => [
        await SectionCache.load(dir, 'sig', LAZY, resident),
        await SectionCache.load(dir, 'sig', LAZY, resident),
      ];
      const [kept, keptAgain] = await loads(within);
      expect(keptAgain!.peek('facts', pageDigest(1))).toBe(
        kept!.peek('facts', pageDigest(1)),
      );
      const [read, readAgain] = await loads(past);
      expect(past.size).toBe(0);
      expect(readAgain!.peek('facts', pageDigest(1))).not.toBe(
        read!.peek('facts', pageDigest(1)),
      );
      expect(readAgain!.peek('facts', pageDigest(1))).toEqual(reading(1));
    });

    it('keeps what it read as it was: a run adds, merges and reads texts into maps of its own', async () => {
      await filled(40);
      const resident = new ResidentShards();
      // A run that sets values it never saves (it stopped), and reads texts.
      const run = await SectionCache.load(dir, 'sig', LAZY, resident);
      run.set('facts', pageDigest(0), {title: 'unsaved'});
      run.get('facts', pageDigest(100), () => reading(100));
      expect(run.peek('text-3', pageDigest(5))).toBe(sectionText(5));
      // Another process appends a page to the journal, which the next run merges.
      const other = await SectionCache.load(dir, 'sig', LAZY);
      for (let i = 0; i < 40; i++) other.keep('facts', pageDigest(i));
      other.get('facts', pageDigest(200), () => reading(200));
      await other.save();
      expect(await readdir(join(dir, 'sections'))).toContain('journal.bin');
      const merged = await SectionCache.load(dir, 'sig', LAZY, resident);
      expect(merged.peek('facts', pageDigest(200))).toEqual(reading(200));
      expect(merged.peek('facts', pageDigest(0))).toEqual(reading(0));
      expect(merged.peek('facts', pageDigest(100))).toBeUndefined();
      // The journal and the text files gone, the shards untouched: what was merged into or
      // read by a run is not among the values kept.
      for (const name of await readdir(join(dir, 'sections')))
        if (!/^[0-9a-f]{1,2}\.v8$/.test(name))
          await rm(join(dir, 'sections', name));
      const later = await SectionCache.load(dir, 'sig', LAZY, resident);
      expect(later.peek('facts', pageDigest(200))).toBeUndefined();
      expect(later.peek('facts', pageDigest(0))).toEqual(reading(0));
      expect(later.peek('text-3', pageDigest(5))).toBeUndefined();
    });
  });
});
