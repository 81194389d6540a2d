import {describe, expect, it} from 'vitest';
import {
  CACHE_FORMAT_VERSION,
  cacheKey,
  canonicalJson,
  inputDigests,
  type ChatRequest,
} from '../../plugin/src/core/key';
import {buildMessages, buildPrompt} from '../../plugin/src/core/prompt';

const base: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [{role: 'user', content: 'Prompt'}],
  params: {temperature: 0.2, max_tokens: 4096},
};

describe('cacheKey', () => {
  it('is a sha256 hex digest, stable across calls and key order', () => {
    const key = cacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(structuredClone(base))).toBe(key);
    expect(
      cacheKey({
        params: {max_tokens: 4096, temperature: 0.2},
        messages: base.messages,
        model: base.model,
      }),
    ).toBe(key);
  });

  it.each([
    [
      'the prompt text',
      {...base, messages: [{role: 'user' as const, content: 'Prompt.'}]},
    ],
    [
      'the message role',
      {...base, messages: [{role: 'system' as const, content: 'Prompt'}]},
    ],
    [
      'an added message',
      {
        ...base,
        messages: [...base.messages, {role: 'user' as const, content: ''}],
      },
    ],
    ['the model', {...base, model: 'gpt-4o'}],
    ['the temperature', {...base, params: {...base.params, temperature: 0.3}}],
    ['max_tokens', {...base, params: {...base.params, max_tokens: 4095}}],
    ['a new parameter', {...base, params: {...base.params, top_p: 1}}],
  ])('changes with %s', (_name, request) => {
    expect(cacheKey(request)).not.toBe(cacheKey(base));
  });

  it('covers the cache format version', () => {
    expect(canonicalJson({version: CACHE_FORMAT_VERSION, ...base})).toContain(
      `"version":${CACHE_FORMAT_VERSION}`,
    );
  });
});

describe('inputDigests', () => {
  it('changes only the digest of the input that changed', () => {
    const inputs = {
      sections: {problem: 'a', data: 'b', architecture: 'c'},
      template: 't',
      model: 'm',
      params: {temperature: 0},
    };
    const before = inputDigests(inputs);
    const after = inputDigests({
      ...inputs,
      sections: {...inputs.sections, data: 'b2'},
    });
    expect(
      Object.keys(before).filter((name) => before[name] !== after[name]),
    ).toEqual(['data']);
  });
});

describe('the key of a design prompt', () => {
  const template =
    'Напиши раздел Deploy.\n\n{{sections}}\n\nОтвет — Markdown.\n';
  const data = [
    'Источники данных:',
    '',
    '| Источник | Объём | Обновление |',
    '| --- | --- | --- |',
    '| Камеры линии | 2 ТБ | онлайн |',
    '| Журнал брака | 40 МБ | раз в сутки |',
    '',
    '```python',
    'def load(path):',
    '    return pd.read_parquet(path)  # snappy',
    '```',
  ].join('\n');
  const keyOf = (markdown: string, model = 'gpt-4o-mini') =>
    cacheKey({
      model,
      messages: buildMessages(
        buildPrompt(template, [
          {role: 'problem', title: '1. Постановка задачи', markdown: 'Брак.'},
          {role: 'data', title: '3. Данные', markdown},
        ]),
      ),
      params: {temperature: 0.2, max_tokens: 4096},
    });

  it('is the same for the same section, table and code block included', () => {
    expect(keyOf(data)).toBe(keyOf(`${data}`));
  });

  it.each([
    ['a table cell', data.replace('2 ТБ', '3 ТБ')],
    ['a line of code', data.replace('snappy', 'zstd')],
    ['the code indentation', data.replace('    return', '  return')],
    [
      'a new row',
      data.replace('| Журнал', '| Метки | 1 МБ | вручную |\n| Журнал'),
    ],
  ])('changes when %s changes', (_what, changed) => {
    expect(keyOf(changed)).not.toBe(keyOf(data));
  });

  it('changes with the model', () => {
    expect(keyOf(data, 'gpt-4o')).not.toBe(keyOf(data));
  });
});
