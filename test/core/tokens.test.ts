import {describe, expect, it} from 'vitest';
import {
  encodingOfModel,
  estimateTokens,
  loadTokenCounter,
} from '../../plugin/src/core/tokens';

describe('encodingOfModel', () => {
  it('knows the encodings of OpenAI models, with or without a provider prefix', () => {
    expect(encodingOfModel('gpt-4o-mini')).toBe('o200k_base');
    expect(encodingOfModel('openai/gpt-4o-mini')).toBe('o200k_base');
    expect(encodingOfModel('gpt-4')).toBe('cl100k_base');
    expect(encodingOfModel('gpt-3.5-turbo')).toBe('cl100k_base');
  });

  it('knows no encoding for models of other families', () => {
    expect(encodingOfModel('llama3.1:8b')).toBeUndefined();
    expect(encodingOfModel('qwen2.5-coder')).toBeUndefined();
    expect(encodingOfModel('m')).toBeUndefined();
  });
});

describe('loadTokenCounter', () => {
  it('counts a prompt exactly, differently per encoding, the chat framing included', async () => {
    const o200k = await loadTokenCounter('o200k_base', 'gpt-4o-mini');
    const cl100k = await loadTokenCounter('cl100k_base', 'gpt-4');
    // Framing without the model's chat parameters: the text and OpenAI's usual 7 tokens.
    const bare = await loadTokenCounter('o200k_base');
    const prompt =
      '### 3. Данные\n\n| Источник | Объём |\n|---|---|\n| Камеры | 2 ТБ |\n\n```python\nprint("hi")\n```\n';
    const counted = o200k(prompt);
    expect(counted).toBeGreaterThan(10);
    expect(o200k(`${prompt}${prompt}`)).toBeGreaterThan(counted);
    expect(cl100k(prompt)).not.toBe(counted);
    expect(bare(prompt)).toBe(counted);
    expect(o200k('hi there')).toBe(9);
  });
});

describe('estimateTokens', () => {
  it('counts about 4 ASCII characters or 2.5 others per token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd'.repeat(10))).toBe(10);
    expect(estimateTokens('абвгд'.repeat(10))).toBe(20);
    expect(estimateTokens('ab' + 'я')).toBe(1);
  });
});
