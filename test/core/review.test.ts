import {describe, expect, it} from 'vitest';
import {designsToAsk} from '../../plugin/src/core/ask';
import {
  answerDigest,
  parseEntry,
  serializeEntry,
  type CacheEntry,
} from '../../plugin/src/core/entry';
import {
  isEditedByHand,
  reviewStatus,
  withReview,
} from '../../plugin/src/core/review';
import {decideState, type StateFacts} from '../../plugin/src/core/state';

const KEY = 'a'.repeat(64);
const inputs = {problem: 'p1', data: 'd1', architecture: 'a1'};
const generated = (answer: string): CacheEntry => ({
  key: KEY,
  design: 'recs',
  model: 'm',
  created: '2026-01-01T00:00:00.000Z',
  finishReason: 'stop',
  usage: {},
  inputs,
  answer,
  answerSha256: answerDigest(answer),
});
const facts = (extra: Partial<StateFacts>): StateFacts => ({
  design: {id: 'recs', kind: 'folder', missing: []},
  sections: [{role: 'data', title: '3. Данные', markdown: 'D.'}],
  inputs,
  key: KEY,
  promptTokens: 10,
  ...extra,
});
const settings = {
  mode: 'auto' as const,
  allowIncomplete: false,
  maxPromptTokens: 1000,
  onStale: 'banner' as const,
};

describe('review and hand edits', () => {
  it('keeps the digest and the review through the cache file, CRLF or not', () => {
    const entry = withReview(generated('## Deploy\n\nDocker.'), {
      by: 'Anna',
      at: '2026-02-01T10:00:00.000Z',
      note: 'ok',
    });
    const text = serializeEntry(entry);
    const back = parseEntry(text, {key: KEY});
    expect(back).toEqual(entry);
    expect(reviewStatus(back)).toEqual({
      state: 'reviewed',
      by: 'Anna',
      at: '2026-02-01T10:00:00.000Z',
      note: 'ok',
    });
    const crlf = parseEntry(text.replace(/\n/g, '\r\n'), {key: KEY});
    expect(isEditedByHand(crlf)).toBe(false);
    expect(reviewStatus(crlf).state).toBe('reviewed');
  });

  it('a changed answer is edited by hand and lapses its review; an entry without a digest never is', () => {
    const entry = withReview(generated('Docker.'), {by: 'Anna', at: 'x'});
    const edited = {...entry, answer: 'Docker and Kubernetes.'};
    expect(isEditedByHand(edited)).toBe(true);
    expect(reviewStatus(edited).state).toBe('lapsed');
    const old = {...edited, answerSha256: undefined, review: undefined};
    expect(isEditedByHand(old)).toBe(false);
    expect(reviewStatus(old)).toEqual({state: 'draft'});
    expect(isEditedByHand({...edited, pinned: true})).toBe(false);
  });

  it('decideState marks an edited answer, and says how to keep or replace it once stale', () => {
    const edited = {...generated('Docker.'), answer: 'Docker, by hand.'};
    expect(decideState(facts({entry: edited}), settings)).toMatchObject({
      state: 'fresh',
      edited: true,
      review: {state: 'draft'},
    });
    const previous = {
      ...edited,
      key: 'b'.repeat(64),
      inputs: {...inputs, data: 'd0'},
    };
    const stale = decideState(facts({previous}), settings);
    expect(stale).toMatchObject({
      state: 'stale',
      edited: true,
      changed: ['"3. Данные"'],
      reason: 'edited by hand; "3. Данные" changed since',
    });
    expect(stale.message).toContain('generate --design recs --force');
    const regenerated = decideState(facts({previous}), settings, {
      ok: true,
      entry: generated('New.'),
    });
    expect(regenerated).toMatchObject({state: 'fresh', edited: false});
  });

  it('designsToAsk keeps an edited answer unless its design is named with force', () => {
    const plans = [
      {design: {id: 'a'}, state: 'stale' as const, key: 'k1', edited: true},
      {design: {id: 'b'}, state: 'fresh' as const, key: 'k2', edited: true},
      {design: {id: 'c'}, state: 'fresh' as const, key: 'k3'},
    ];
    const ids = (list: {design: {id: string}}[]) =>
      list.map((p) => p.design.id);
    expect(ids(designsToAsk(plans, {mode: 'auto', canAsk: true}))).toEqual([]);
    expect(ids(designsToAsk(plans, {mode: 'refresh', canAsk: true}))).toEqual([
      'c',
    ]);
    expect(
      ids(designsToAsk(plans, {mode: 'auto', canAsk: true}, {force: true})),
    ).toEqual(['c']);
    expect(
      ids(
        designsToAsk(
          plans,
          {mode: 'auto', canAsk: true},
          {designs: ['a', 'b'], force: true, explicit: true},
        ),
      ),
    ).toEqual(['a', 'b']);
  });
});
