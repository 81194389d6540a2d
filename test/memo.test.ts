import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Memo} from '../plugin/src/memo/memo';

describe('Memo', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsd-memo-'));
  });
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  const head = {data: {mlsd: true}, title: 'Поиск'};

  it('makes a value once: a later run with the same version takes the kept one', async () => {
    let made = 0;
    const make = () => (made++, head);
    let memo = await Memo.load(dir, 'v1');
    expect(memo.heads.get('digest', make)).toEqual(head);
    await memo.save();
    memo = await Memo.load(dir, 'v1');
    expect(memo.heads.get('digest', make)).toEqual(head);
    expect(made).toBe(1);
    expect(await readdir(dir)).toEqual(['memo.v8']);
  });

  it('starts afresh when the version changes, or the file is not a memo', async () => {
    const first = await Memo.load(dir, 'v1');
    first.heads.set('digest', head);
    await first.save();
    expect((await Memo.load(dir, 'v2')).heads.peek('digest')).toBeUndefined();
    await writeFile(join(dir, 'memo.v8'), 'not a memo');
    expect((await Memo.load(dir, 'v1')).heads.peek('digest')).toBeUndefined();
  });

  it('writes nothing when a run changed nothing', async () => {
    const memo = await Memo.load(dir, 'v1');
    memo.heads.set('digest', head);
    await memo.save();
    const written = await stat(join(dir, 'memo.v8'));
    const again = await Memo.load(dir, 'v1');
    again.heads.get('digest', () => head);
    again.requests.peek('other');
    await again.save();
    expect((await stat(join(dir, 'memo.v8'))).mtimeMs).toBe(written.mtimeMs);
  });

  it('drops what no run used for three written runs, and keeps what one did', async () => {
    let memo = await Memo.load(dir, 'v1');
    memo.heads.set('unused', head);
    memo.heads.set('used', head);
    await memo.save();
    for (let run = 0; run < 3; run++) {
      memo = await Memo.load(dir, 'v1');
      expect(memo.heads.use('used')).toEqual(head);
      memo.heads.set(`new-${run}`, head);
      await memo.save();
      memo = await Memo.load(dir, 'v1');
      expect(memo.heads.peek('unused') !== undefined).toBe(run < 2);
    }
    expect(memo.heads.peek('used')).toEqual(head);
    const bytes = await readFile(join(dir, 'memo.v8'));
    expect(bytes.includes(Buffer.from('unused'))).toBe(false);
  });
});
