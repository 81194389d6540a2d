import {describe, expect, it} from 'vitest';
import {DEFAULT_MATCHERS, spelledOut} from '../../plugin/src/core/matchers';
import {classifyTitle} from '../../plugin/src/core/titles';

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

describe('titles read by meaning', () => {
  const read = (title: string) => {
    const found = classifyTitle(title, DEFAULT_MATCHERS);
    if (found?.kind !== 'role') return found?.kind;
    return `${found.role} (${found.rule})`;
  };

  it('a title about the data is the data, in any wording and grammatical form', () => {
    for (const title of [
      'Этап 0 — подготовка и проверка данных',
      'Этап 1. EDA и Подготовка данных',
      'Процесс генерации данных',
      'Данные для задачи',
      'Выбор новых/дополнительных временных фичей',
      'Проведение первичного EDA, dummy вариант решения задачи',
      'Очистка датасетов',
      'Разметка выборки',
      'Сбор корпуса',
      'Stage 2: Data labelling',
      'Step 1 - Sampling',
      'iii. Data Preprocessing',
      '4) Data & Storage (TBD)',
      'Data sets',
      'Checking the dataset',
      'EDA',
    ])
      expect([title, read(title)]).toEqual([title, 'data (meaning)']);
  });

  it('a stage about building, training, choosing or testing models is the architecture', () => {
    for (const title of [
      'Stage 3. Model selection',
      'Выбор способа реализации Baseline модели',
      'Этап 4: Тестирование модели',
      'Обучение модели и валидация на отложенных тестовых данных',
      'Model training and evaluation',
      'Feature Baselines',
      'Architecture Diagrams',
      'Model diagram',
    ])
      expect([title, read(title)]).toEqual([title, 'architecture (meaning)']);
  });

  it('a title about both takes the role it leads with', () => {
    expect(read('EDA новых моделей и данных')).toBe('data (meaning)');
    expect(read('Сбор и проверка данных для модели')).toBe('data (meaning)');
    expect(read('Обучение модели на размеченных данных')).toBe(
      'architecture (meaning)',
    );
  });

  it('a title whose head is something else names no role', () => {
    for (const title of [
      'Безопасность данных',
      'Data Security',
      'Conceptual Data Flow',
      'Поток обработки данных',
      'Пайплайн работы с данными',
      'Требования к данным',
      'Требования к модели',
      'Исследование и сервис с baseline моделью',
      'Описать процесс обновления модели',
      'Model Retraining / Automated Model Replacement',
      '2.2.1. Пайплайн индексации (Data Enrichment):',
      'Данные2024',
    ])
      expect([title, read(title)]).toEqual([title, undefined]);
  });

  it('title words that are no input keep a section out, whatever else it names', () => {
    for (const title of [
      'Выбор ключевых метрик и построение модели',
      'Подготовка модели к деплою',
      'Stage 3. MVP Deployment',
      'Этап 7 - Подготовка финального отчета',
      'Мониторинг качества данных',
      'Data pipeline integration',
      'Pilot Project Success Criteria',
    ])
      expect([title, read(title)]).toEqual([title, 'excluded']);
    // Testing is no such word: a test chapter names no role, a model's test is the architecture.
    expect(read('6. Тестирование')).toBeUndefined();
  });

  it('requirements are the problem in any wording and in capitals', () => {
    for (const title of [
      'FUNCTIONAL REQUIREMENTS',
      'Non-functional requirements',
      'System Requirements',
      '3.7. System Operation Requirements',
      '5.3. System Performance Requirements',
      '4.3. Требования к работе системы',
      'Системные требования к модели',
      'SLA',
      'REQUIREMENTS',
    ])
      expect([title, read(title)]).toEqual([title, 'problem (requirements)']);
    expect(read('ASSUMPTIONS')).toBe('problem (title)');
    expect(read('Constraints')).toBe('problem (title)');
  });
});
