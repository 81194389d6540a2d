import {describe, expect, it} from 'vitest';
import {
  classifyTitle,
  DEFAULT_MATCHERS,
  spelledOut,
} from '../../plugin/src/core/roles';

describe('built-in matchers', () => {
  it('read titles in Russian, English and Greek as their \\p{L}/\\p{N} originals do', () => {
    const original = /^(?:данные|data|δεδομένα)(?![\p{L}\p{N}])|^нуж\p{L}*$/u;
    const fast = spelledOut(original);
    expect(fast.source).not.toContain('\\p{');
    for (const title of [
      'данные',
      'данные и признаки',
      'данныес',
      'данные2',
      'data',
      'data-driven',
      'database',
      'datå',
      'dataé',
      'data_x',
      'δεδομένα',
      'δεδομέναα',
      'нужно',
      'нужен ли',
      'нужна',
    ])
      expect([title, fast.test(title)]).toEqual([title, original.test(title)]);
  });

  it('classify the handbook’s titles and their variants', () => {
    const role = (title: string) => {
      const found = classifyTitle(title, DEFAULT_MATCHERS);
      return found?.kind === 'role' ? found.role : found?.kind;
    };
    expect(role('1. Постановка задачи')).toBe('problem');
    expect(role('Problem definition')).toBe('problem');
    expect(role('3. Данные')).toBe('data');
    expect(role('Data collection and preparation')).toBe('data');
    expect(role('4. Архитектура и модели')).toBe('architecture');
    expect(role('Данные2024')).toBeUndefined();
    expect(role('6. Deploy')).toBe('excluded');
  });
});
