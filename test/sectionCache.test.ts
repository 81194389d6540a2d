import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
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
});
