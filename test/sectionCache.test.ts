import {createHash} from 'node:crypto';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {cachedCoverage} from '../plugin/src/output';
import {SectionCache} from '../plugin/src/sectionCache';

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
});
