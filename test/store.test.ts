import {mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
  parseEntry,
  serializeEntry,
  type CacheEntry,
} from '../plugin/src/core/entry';
import {sha256} from '../plugin/src/core/key';
import {parseYaml} from '../plugin/src/core/yaml';
import {AnswerStore} from '../plugin/src/answers/store';

const KEY = 'a'.repeat(64);
const entry: CacheEntry = {
  key: KEY,
  design: 'recs',
  model: 'gpt-4o-mini',
  created: '2026-11-28T12:00:00.000Z',
  finishReason: 'stop',
  usage: {prompt_tokens: 10, completion_tokens: 20, total_tokens: 30},
  inputs: {problem: '0123', data: '4567'},
  answer: '## Infra\n\n---\n\nKubernetes.\r\n',
};

describe('cache entries', () => {
  it('round-trip through a readable Markdown file, the answer verbatim but for line endings', () => {
    const text = serializeEntry(entry);
    expect(text).toMatch(/^---\nformat: 1\nkey: a{64}\ndesign: recs\n/);
    expect(text.endsWith('## Infra\n\n---\n\nKubernetes.\n')).toBe(true);
    expect(parseEntry(text, {key: KEY})).toEqual({
      ...entry,
      answer: '## Infra\n\n---\n\nKubernetes.',
    });
  });

  it('refuses a file that is cut, of another format, under another name or empty', () => {
    const text = serializeEntry(entry);
    expect(() => parseEntry(text.slice(0, 40), {key: KEY})).toThrow(
      /no front matter/,
    );
    expect(() =>
      parseEntry(text.replace('format: 1', 'format: 0'), {key: KEY}),
    ).toThrow(/format 0/);
    expect(() => parseEntry(text, {key: 'b'.repeat(64)})).toThrow(
      /does not match/,
    );
    expect(() =>
      parseEntry(serializeEntry({...entry, answer: ' \n'}), {key: KEY}),
    ).toThrow(/empty/);
  });
});

describe('AnswerStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsd-store-'));
  });
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('writes atomically, leaves no temp file, and reads back what it wrote', async () => {
    const store = new AnswerStore(join(dir, 'cache'));
    await Promise.all([
      store.put(entry),
      store.put(entry),
      store.put({...entry, answer: 'Other.'}),
    ]);
    expect(await readdir(join(dir, 'cache'))).toEqual([`${KEY}.md`]);
    const {entries, skipped} = await store.readAll();
    expect(skipped).toEqual([]);
    expect(['## Infra\n\n---\n\nKubernetes.', 'Other.']).toContain(
      entries.get(KEY)?.answer,
    );
  });

  it('keeps the head of each answer it writes as a run reading the file would parse it', async () => {
    // Values YAML could read as something else, a review, a pin, a note, a missing count.
    const odd: CacheEntry[] = [
      entry,
      {
        ...entry,
        key: 'b'.repeat(64),
        design: 'null',
        model: '007',
        usage: {prompt_tokens: 10, completion_tokens: undefined},
        inputs: {problem: 'yes', data: '1e3', architecture: '2026-11-28'},
        note: 'Проверено: "да", #1\nвторая строка',
        pinned: true,
        answerSha256: 'c'.repeat(64),
        review: {
          by: 'Анна: QA',
          at: '2026-11-29',
          answerSha256: 'd'.repeat(64),
          note: 'ok: yes',
        },
      },
    ];
    const store = new AnswerStore(join(dir, 'cache'));
    const remembered = new Map<string, unknown>();
    const memo = (digest: string, read: () => unknown) => {
      if (!remembered.has(digest)) remembered.set(digest, read());
      return remembered.get(digest);
    };
    for (const written of odd) await store.put(written, memo);
    expect(remembered.size).toBe(2);
    for (const written of odd) {
      const text = await readFile(store.fileOf(written.key), 'utf8');
      const yaml = /^---\n([\s\S]*?)\n---\n/.exec(text)![1]!;
      expect(remembered.get(sha256(text))).toEqual(parseYaml(yaml));
    }
    // Reading the files with the memo gives what parsing them gives.
    const {entries} = await store.readAll(memo);
    expect(remembered.size).toBe(2);
    expect(entries).toEqual((await store.readAll()).entries);
  });

  it('skips broken files without deleting them, and ignores other files', async () => {
    const store = new AnswerStore(dir);
    await writeFile(join(dir, `${'c'.repeat(64)}.md`), '---\nformat: 1\n');
    await writeFile(join(dir, 'README.md'), 'hello');
    await writeFile(join(dir, `${KEY}.md.123.tmp`), 'half');
    const {entries, skipped} = await store.readAll();
    expect(entries.size).toBe(0);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.file).toContain('c'.repeat(64));
    expect(await readFile(join(dir, `${'c'.repeat(64)}.md`), 'utf8')).toBe(
      '---\nformat: 1\n',
    );
  });

  it('reads a missing folder as an empty cache', async () => {
    expect(
      (await new AnswerStore(join(dir, 'nope')).readAll()).entries.size,
    ).toBe(0);
  });
});
