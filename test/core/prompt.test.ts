import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {
  buildPrompt,
  checkTemplate,
  TemplateError,
  type PromptSection,
} from '../../plugin/src/core/prompt';
import {ROOT} from '../support/site';

/** The seed prompt, copied into the fixtures under a header that names its source and digest. */
const SEED_FIXTURE = readFileSync(
  join(ROOT, 'test', 'fixtures', 'seed', '000_f10fc238c6ee92d0.txt'),
  'utf8',
);
const SEED_HEADER = /^<!--\n[\s\S]*?\n-->\n/.exec(SEED_FIXTURE)![0];
const SEED = SEED_FIXTURE.slice(SEED_HEADER.length);
const SHIPPED = readFileSync(
  join(ROOT, 'plugin', 'templates', 'deploy-prompt.ru.txt'),
  'utf8',
);
const PLACEHOLDER =
  '[Вставь сюда готовые разделы: "1. Постановка Задачи", "3. Данные", "4. Архитектура и Модели"]';

const sections: PromptSection[] = [
  {
    role: 'problem',
    title: '1. Постановка задачи',
    markdown: 'Рекомендации, p99 ≤ 120 мс.',
  },
  {
    role: 'data',
    title: '3. Данные',
    markdown: '| a | b |\n| - | - |\n| 1 | 2 |',
  },
  {
    role: 'architecture',
    title: '4. Архитектура и модели',
    markdown: 'DCN-v2.\n\n#### Ranking\n\nText.',
  },
];

describe('buildPrompt', () => {
  it('ships the seed prompt word for word', () => {
    // The fixture is the seed itself: its text still has the digest its header recorded.
    const digest = /sha256:\s+([0-9a-f]{64})/.exec(SEED_HEADER)?.[1];
    expect(createHash('sha256').update(SEED).digest('hex')).toBe(digest);
    expect(SHIPPED).toBe(SEED);
  });

  it('keeps the seed intact and puts the sections where the placeholder line stood', () => {
    const prompt = buildPrompt(SHIPPED, sections);
    const [before, after] = SEED.split(PLACEHOLDER);
    expect(prompt.startsWith(before!)).toBe(true);
    expect(prompt.endsWith(after!)).toBe(true);
    expect(prompt).not.toContain('[Вставь сюда');
    const inserted = prompt.slice(
      before!.length,
      prompt.length - after!.length,
    );
    expect(inserted).toBe(
      '### 1. Постановка задачи\n\nРекомендации, p99 ≤ 120 мс.\n\n### 3. Данные\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n### 4. Архитектура и модели\n\nDCN-v2.\n\n#### Ranking\n\nText.',
    );
  });

  it('takes a template of your own with a `{{sections}}` line', () => {
    expect(
      buildPrompt(
        'Write Deploy.\n\n{{ sections }}\n\nBe brief.',
        sections.slice(0, 1),
      ),
    ).toBe(
      'Write Deploy.\n\n### 1. Постановка задачи\n\nРекомендации, p99 ≤ 120 мс.\n\nBe brief.',
    );
  });

  it('does not treat `$&` in a section as a replacement pattern', () => {
    expect(
      buildPrompt('{{sections}}', [
        {role: 'data', title: '3. Данные', markdown: 'cost $& and $1'},
      ]),
    ).toBe('### 3. Данные\n\ncost $& and $1');
  });

  it('refuses a template with no placeholder, or with two, saying how to fix it', () => {
    expect(() => checkTemplate('No placeholder here', 'my.txt')).toThrow(
      TemplateError,
    );
    expect(() => checkTemplate('No placeholder here', 'my.txt')).toThrow(
      /my\.txt has no placeholder lines.*\{\{sections\}\}/,
    );
    expect(() =>
      checkTemplate('{{sections}}\n{{sections}}', 'two.txt'),
    ).toThrow(/has 2 placeholder lines/);
  });
});
