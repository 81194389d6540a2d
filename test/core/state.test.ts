import {describe, expect, it} from 'vitest';
import {designsToAsk} from '../../plugin/src/core/ask';
import type {CacheEntry} from '../../plugin/src/core/entry';
import {
  decideState,
  type StateFacts,
  type StateSettings,
} from '../../plugin/src/core/state';

const settings: StateSettings = {
  mode: 'auto',
  allowIncomplete: false,
  maxPromptTokens: 1000,
  onStale: 'banner',
};
const inputs = {problem: 'p1', data: 'd1', architecture: 'a1', template: 't1'};
const answer = (key: string, extra: Partial<CacheEntry> = {}): CacheEntry => ({
  key,
  design: 'recs',
  model: 'm',
  created: '2026-01-01T00:00:00.000Z',
  finishReason: 'stop',
  usage: {},
  inputs,
  answer: 'Deploy.',
  ...extra,
});
const facts = (extra: Partial<StateFacts> = {}): StateFacts => ({
  design: {id: 'recs', kind: 'folder', missing: []},
  sections: [{role: 'data', title: '3. Данные', markdown: 'D.'}],
  inputs,
  key: 'k2',
  promptTokens: 100,
  ...extra,
});

describe('decideState', () => {
  it('says fresh for a cached answer, missing for none', () => {
    expect(decideState(facts({entry: answer('k2')}), settings)).toMatchObject({
      state: 'fresh',
      message: null,
    });
    expect(decideState(facts(), settings)).toMatchObject({
      state: 'missing',
      message: expect.stringContaining('OPENAI_API_KEY'),
    });
  });

  it('names the section that changed since a stale answer, and shows it under a banner', () => {
    const previous = answer('k1', {inputs: {...inputs, data: 'd0'}});
    const decision = decideState(facts({previous}), settings);
    expect(decision).toMatchObject({
      state: 'stale',
      changed: ['"3. Данные"'],
      answer: previous,
      reason: '"3. Данные" changed since the last answer',
    });
    expect(
      decideState(facts({previous}), {...settings, onStale: 'placeholder'})
        .answer,
    ).toBeUndefined();
  });

  it('decides again after generation: an answer makes it fresh, a failure keeps the last answer', () => {
    const previous = answer('k1', {inputs: {...inputs, data: 'd0'}});
    const entry = answer('k2');
    expect(
      decideState(facts({previous}), settings, {ok: true, entry}),
    ).toMatchObject({state: 'fresh', generated: true, answer: entry});
    const failed = decideState(facts({previous}), settings, {
      ok: false,
      message: 'HTTP 500: boom',
      hint: 'Rebuild later.',
    });
    expect(failed).toMatchObject({state: 'failed', answer: previous});
    expect(failed.message).toBe(
      'Generation failed: HTTP 500: boom Rebuild later. The last answer is shown.',
    );
  });

  it('puts a pin first, then a missing section, then the prompt size', () => {
    const pin = answer('k0', {
      pinned: true,
      inputs: {...inputs, template: 't0'},
    });
    expect(decideState(facts({pin}), settings)).toMatchObject({
      state: 'pinned',
      changed: ['the prompt template'],
    });
    const incomplete = facts({
      design: {id: 'recs', kind: 'page', missing: ['architecture']},
      promptTokens: 5000,
    });
    expect(decideState(incomplete, settings).state).toBe('incomplete');
    expect(
      decideState(incomplete, {...settings, allowIncomplete: true}).state,
    ).toBe('too-large');
  });

  it('says it sentence by sentence for the page, to be said in the site language, command lines verbatim', () => {
    const previous = answer('k1', {inputs: {...inputs, data: 'd0'}});
    expect(
      decideState(facts({previous}), {...settings, command: 'mlsd:b2b'}).notice,
    ).toEqual([
      {id: 'stale', values: {changed: [{section: '3. Данные'}]}},
      {id: 'howAuto', values: {generate: 'docusaurus mlsd:b2b generate'}},
    ]);
    expect(decideState(facts(), {...settings, mode: 'offline'})).toMatchObject({
      notice: [
        {id: 'missing'},
        {id: 'howOffline', values: {generate: 'docusaurus mlsd generate'}},
      ],
      message: expect.stringContaining('run `docusaurus mlsd generate`.'),
    });
    expect(decideState(facts({entry: answer('k2')}), settings).notice).toBe(
      null,
    );
  });

  it('names the instance and the locale in what to do with an answer edited by hand', () => {
    const previous = answer('k1', {
      inputs: {...inputs, data: 'd0'},
      answerSha256: 'the digest of the answer before the edit',
    });
    const decision = decideState(facts({previous}), {
      ...settings,
      command: 'mlsd:b2b',
      locale: 'en',
    });
    expect(decision).toMatchObject({state: 'stale', edited: true});
    expect(decision.notice).toEqual([
      {
        id: 'editedStale',
        values: {
          changed: [{section: '3. Данные'}],
          pin: 'docusaurus mlsd:b2b pin --design recs --from FILE --locale en',
          replace:
            'docusaurus mlsd:b2b generate --design recs --force --locale en',
        },
      },
    ]);
  });

  it('says what to do in the run mode', () => {
    expect(
      decideState(facts(), {...settings, mode: 'offline'}).message,
    ).toContain('MLSD_MODE=offline');
    expect(
      decideState(facts({failure: {message: 'HTTP 429: slow down'}}), settings)
        .reason,
    ).toBe('the last request failed: HTTP 429: slow down');
  });

  it('an incomplete page lists the headings closest to the role it lacks and the front matter line that names one', () => {
    const decision = decideState(
      facts({
        design: {
          id: 'salary',
          kind: 'page',
          missing: ['data'],
          closest: {
            data: [
              {heading: 'Conceptual Data Flow', line: 93},
              {heading: 'Model training pipeline:', line: 112},
            ],
          },
        },
      }),
      settings,
    );
    expect(decision.state).toBe('incomplete');
    expect(decision.notice?.map((part) => part.id)).toEqual([
      'incompletePage',
      'closestHeadings',
    ]);
    expect(decision.message).toContain(
      'The headings closest to "3. Данные": "Conceptual Data Flow" (line 93), "Model training pipeline:" (line 112). To read the first as that section, add to the front matter: `mlsd_sections: {data: "Conceptual Data Flow"}`.',
    );
    expect(decision.message).not.toContain('roleMatchers');
  });

  it('an override naming no heading of the page is an error on the page, naming its headings', () => {
    const decision = decideState(
      facts({
        design: {
          id: 'salary',
          kind: 'page',
          missing: ['data'],
          overrideProblems: [
            {
              role: 'data',
              named: '3. Данные',
              headings: [{heading: '1. Цели', line: 4}],
            },
          ],
        },
      }),
      {...settings, allowIncomplete: true},
    );
    expect(decision).toMatchObject({
      state: 'incomplete',
      reason:
        'front matter mlsd_sections.data names "3. Данные", which is no heading of the page',
      message:
        'The front matter names "3. Данные" as the section "3. Данные" (`mlsd_sections.data`), but the page has no such heading, so no answer is generated. Its headings: "1. Цели" (line 4).',
    });
  });
});

describe('designsToAsk', () => {
  const plans = [
    {design: {id: 'a'}, state: 'missing', key: 'ka'},
    {design: {id: 'b'}, state: 'fresh', key: 'kb'},
    {design: {id: 'c'}, state: 'pinned', key: 'kc'},
    {design: {id: 'd'}, state: 'stale', key: 'ka'},
  ] as const;
  // One request per key: `a` and `d` make the same prompt.
  const ids = (asked: readonly {key: string}[]) =>
    asked.map((plan) => plan.key.slice(1));

  it('asks for misses once per key when the mode allows and a client can be made', () => {
    expect(ids(designsToAsk(plans, {mode: 'auto', canAsk: true}))).toEqual([
      'a',
    ]);
    expect(designsToAsk(plans, {mode: 'auto', canAsk: false})).toEqual([]);
    expect(designsToAsk(plans, {mode: 'offline', canAsk: true})).toEqual([]);
  });

  it('asks for every askable design on refresh or force, never a pinned one', () => {
    expect(ids(designsToAsk(plans, {mode: 'refresh', canAsk: true}))).toEqual([
      'a',
      'b',
    ]);
    expect(
      ids(
        designsToAsk(
          plans,
          {mode: 'frozen', canAsk: true},
          {designs: ['b', 'c'], force: true},
        ),
      ),
    ).toEqual(['b']);
    expect(
      ids(
        designsToAsk(plans, {mode: 'frozen', canAsk: false}, {explicit: true}),
      ),
    ).toEqual(['a']);
  });
});
