import {describe, expect, it} from 'vitest';
import {loadMarkdownTools} from '../../plugin/src/core/markdown';
import {DEFAULT_MATCHERS} from '../../plugin/src/core/matchers';
import {OverrideFieldError} from '../../plugin/src/core/overrides';
import {analyzePageDesign} from '../../plugin/src/core/pageDesign';
import {ROLES} from '../../plugin/src/core/roles';

const tools = await loadMarkdownTools();

/** A page read as a single-page design: per role its ranges, rules, cut headings and text. */
function read(lines: string[]) {
  const design = analyzePageDesign(
    {file: 'doc.md'},
    lines.join('\n\n'),
    'md',
    tools,
    DEFAULT_MATCHERS,
  );
  const of = <T>(pick: (role: (typeof ROLES)[number]) => T) =>
    Object.fromEntries(ROLES.map((role) => [role, pick(role)]));
  return {
    design,
    headings: of(
      (role) => design.sections[role]?.ranges?.map((r) => r.heading) ?? [],
    ),
    rules: of(
      (role) => design.sections[role]?.ranges?.map((r) => r.rule) ?? [],
    ),
    cut: of((role) => design.sections[role]?.cut ?? []),
    text: of(
      (role) =>
        design.prompt.find((section) => section.role === role)?.markdown ?? '',
    ),
  };
}

describe('requirements wherever a template puts them', () => {
  it('a requirements part of a deploy chapter is the problem; the rest of the chapter stays out', () => {
    const {headings, rules, text} = read([
      '## 1. Постановка задачи',
      'Предсказать отток.',
      '## 3. Данные',
      'Логи за год.',
      '## 4. Модели',
      'GBDT.',
      '## 5. Внедрение',
      'Kubernetes, два пода.',
      '### 5.1. Архитектура решения',
      'Сервис за балансировщиком.',
      '### 5.2. Требования к работе системы',
      'p99 ≤ 200 мс, 50 RPS.',
      '### 5.3. NON-FUNCTIONAL REQUIREMENTS',
      'Доступность 99.9%.',
    ]);
    expect(headings.problem).toEqual([
      '1. Постановка задачи',
      '5.2. Требования к работе системы',
      '5.3. NON-FUNCTIONAL REQUIREMENTS',
    ]);
    expect(rules.problem).toEqual(['title', 'requirements', 'requirements']);
    // A deploy chapter's solution architecture is the deployment's.
    expect(headings.architecture).toEqual(['4. Модели']);
    expect(text.problem).toContain('p99 ≤ 200 мс');
    expect(text.problem).toContain('99.9%');
    expect(Object.values(text).join()).not.toContain('Kubernetes');
    expect(Object.values(text).join()).not.toContain('балансировщиком');
  });

  it('a bare Requirements is the system’s as a chapter, the validation scheme’s inside it', () => {
    const {headings, text} = read([
      '# Design doc',
      '## 1) Overview',
      'Locate buildings from photos.',
      '## 2) REQUIREMENTS',
      'Mean error ≤ 50 m, one GPU.',
      '## 3) DATA',
      'Street photos.',
      '## 4) MODEL',
      'Embeddings and a vector index.',
      '## 5) Validation Schema',
      '### Requirements',
      'A time-based split.',
    ]);
    expect(headings.problem).toEqual(['1) Overview', '2) REQUIREMENTS']);
    expect(headings.data).toEqual(['3) DATA']);
    expect(headings.architecture).toEqual(['4) MODEL']);
    expect(text.problem).toContain('one GPU');
    expect(Object.values(text).join()).not.toContain('time-based split');
  });

  it('a course template in capitals: its requirements chapter and the REQUIREMENTS inside it are the problem', () => {
    const {headings, text} = read([
      '# Churn Scoring System Design',
      "## MOTIVATION (Why's)",
      'Subscribers leave without warning.',
      "## REQUIREMENTS (What's)",
      '### SCOPE',
      'Monthly plans only.',
      '### REQUIREMENTS',
      '#### What are our (system) Requirements?',
      'Score 2M accounts nightly, p95 below 50 ms online.',
      '## DATA',
      'Billing and usage logs.',
      '## MODEL DEVELOPMENT',
      'Gradient boosting, weekly retraining.',
      '## OPERATIONS',
      '### POST-DEPLOYMENT MONITORING',
      'Drift alerts.',
    ]);
    expect(headings).toEqual({
      problem: ["MOTIVATION (Why's)", "REQUIREMENTS (What's)"],
      data: ['DATA'],
      architecture: ['MODEL DEVELOPMENT'],
    });
    expect(text.problem).toContain('p95 below 50 ms');
    expect(Object.values(text).join()).not.toContain('Drift alerts');
  });

  it('the ML model’s architecture is taken even inside a pilot chapter', () => {
    const {headings} = read([
      '## 1. Goals and Premises',
      'Forecast demand.',
      '## 2. Methodology',
      '### 2.1. Data Collection',
      'Sales history.',
      '## 3. Pilot Version Training',
      '### 3.1. ML Solution Architecture',
      'Quantile regression over lags.',
      '### 3.2. Pilot Project Success Criteria',
      'MAPE below 20%.',
    ]);
    expect(headings).toEqual({
      problem: ['1. Goals and Premises'],
      data: ['2.1. Data Collection'],
      architecture: ['2. Methodology', '3.1. ML Solution Architecture'],
    });
  });
});

describe('a role’s range is whole', () => {
  it('numbered criteria, pilot, metrics and integration parts under a taken heading stay in it', () => {
    const {headings, cut, text} = read([
      '## 1. Цели и предпосылки',
      '#### Критерии успеха итерации',
      '**1) Метрика удержания растёт на 2%**',
      'Считаем по когортам.',
      '**2) Время ответа меньше секунды**',
      'На p95.',
      '#### Что мы ожидаем от пилота',
      'Пилот на 5% трафика.',
      '## 2. Методология',
      '### Этап 1. Подготовка данных',
      'Логи кликов.',
      '### Этап 2. Обучение модели',
      'LightGBM.',
      '### Этап 3. Интеграция в сервис',
      'REST API.',
      '### Этап 4. Метрики и мониторинг',
      'Дрифт признаков.',
      '## 3. Подготовка пилота',
      'A/B на неделю.',
    ]);
    expect(headings).toEqual({
      problem: ['1. Цели и предпосылки'],
      data: ['Этап 1. Подготовка данных'],
      architecture: ['2. Методология'],
    });
    for (const kept of ['на 2%', 'меньше секунды', 'Пилот на 5%'])
      expect(text.problem).toContain(kept);
    for (const kept of ['LightGBM', 'REST API', 'Дрифт признаков'])
      expect(text.architecture).toContain(kept);
    expect(Object.values(text).join()).not.toContain('A/B на неделю');
    expect(cut).toEqual({
      problem: [],
      data: [],
      architecture: [
        {heading: 'Этап 1. Подготовка данных', line: 19, why: 'another role'},
      ],
    });
  });

  it('the doc’s own no-input chapter put among the steps is cut out, and said', () => {
    const {cut, text} = read([
      '## 1. Постановка задачи',
      'Задача.',
      '## 2. Данные',
      'Данные.',
      '## 3. Блок-схема решения',
      'Схема.',
      '## Этапы решения задачи',
      '### 1. Обучение',
      'Модель.',
      '### 2. Итоговый отчет и бизнес-метрики',
      'Латентность ≤ 1 с.',
      '### 3. Реализация и запуск в производство',
      '#### 8.1 Архитектура решения',
      'Docker.',
      '#### 8.2 Риски',
      'Нагрузка.',
    ]);
    expect(text.architecture).toContain('Латентность ≤ 1 с.');
    expect(text.architecture).not.toContain('Docker');
    expect(cut.architecture).toEqual([
      {
        heading: '3. Реализация и запуск в производство',
        line: 23,
        why: 'no input',
      },
    ]);
  });

  it('an italic numbered stage line is a stage heading, as a bold one is', () => {
    const {headings, cut} = read([
      '### 2. Методология',
      '#### 2.3 Этапы решения задачи',
      '*Этап 1. EDA и Подготовка данных*',
      'Диалоги продавцов.',
      '*Этап 2. Подготовка прогнозных моделей*',
      'Промпты агентов.',
      '*курсивом просто мысль*',
      'Дальше текст.',
    ]);
    expect(headings.data).toEqual(['Этап 1. EDA и Подготовка данных']);
    expect(headings.architecture).toEqual(['2. Методология']);
    expect(cut.architecture).toEqual([
      {
        heading: 'Этап 1. EDA и Подготовка данных',
        line: 5,
        why: 'another role',
      },
    ]);
  });
});

describe('a writer’s override, per page', () => {
  const page = (front: string, lines: string[]) =>
    analyzePageDesign(
      {file: 'doc.md'},
      `---\nmlsd: true\n${front}\n---\n\n${lines.join('\n\n')}\n`,
      'md',
      tools,
      DEFAULT_MATCHERS,
    );
  const LINES = [
    '## 1. Постановка задачи',
    'Задача.',
    '## 2. Методология',
    '### Этап 0 — подготовка и проверка входа',
    'Логи кликов, чистка ботов.',
    '### Этап 1 — обучение модели',
    'LightGBM.',
    '## Ресурсы',
    '### Данные',
    'Шаблон, не заполнен.',
  ];

  it('names the heading of a role as a reader sees it: that heading is the role, and no other', () => {
    const read = page(
      'mlsd_sections: {data: "Этап 0 —  Подготовка и проверка входа"}',
      LINES,
    );
    expect(read.sections.data?.ranges).toEqual([
      {
        heading: 'Этап 0 — подготовка и проверка входа',
        line: 12,
        depth: 3,
        rule: 'override',
        reason: 'front matter mlsd_sections.data',
      },
    ]);
    // The role's matched heading is no longer taken; the named one is cut out of the method.
    expect(read.sections.architecture?.cut).toEqual([
      {
        heading: 'Этап 0 — подготовка и проверка входа',
        line: 12,
        why: 'another role',
      },
    ]);
    expect(read.overrideProblems).toBeUndefined();
    expect(read.missing).toEqual([]);
  });

  it('takes a list of headings, and may name a role the matchers gave another', () => {
    const read = page(
      'mlsd_sections:\n  architecture: ["1. Постановка задачи", "2. Методология"]',
      LINES,
    );
    expect(read.sections.architecture?.ranges?.map((r) => r.heading)).toEqual([
      '1. Постановка задачи',
      '2. Методология',
    ]);
    expect(read.sections.problem).toBeNull();
  });

  it('an override that names no heading of the page is an error on the page, naming the headings there are', () => {
    const read = page('mlsd_sections: {data: "3. Данные"}', LINES);
    expect(read.sections.data).toBeNull();
    expect(read.overrideProblems).toEqual([
      {
        role: 'data',
        named: '3. Данные',
        headings: [
          {heading: '1. Постановка задачи', line: 6},
          {heading: '2. Методология', line: 10},
          {heading: 'Этап 0 — подготовка и проверка входа', line: 12},
          {heading: 'Этап 1 — обучение модели', line: 16},
          {heading: 'Ресурсы', line: 20},
          {heading: 'Данные', line: 22},
        ],
      },
    ]);
  });

  it('a field that maps no role to a heading cannot be read, and says what is allowed', () => {
    expect(() =>
      page('mlsd_sections: {deploy: "2. Методология"}', LINES),
    ).toThrow(
      /Cannot use `deploy: "2\. Методология"` in `mlsd_sections`: expected a mapping of problem, data, architecture/,
    );
    expect(() => page('mlsd_sections: "2. Методология"', LINES)).toThrow(
      OverrideFieldError,
    );
  });
});

describe('the incomplete page helps', () => {
  it('lists the headings closest to a missing role, with their lines', () => {
    const read = analyzePageDesign(
      {file: 'doc.md'},
      [
        '# Salary prediction',
        '## 1. Project Motivation',
        'Recruiters guess salaries.',
        '## 2. Solution Architecture',
        '### System Overview',
        'A web app and a model.',
        '### Conceptual Data Flow',
        'Upload, extract, embed, predict.',
        '## 3. Deployment',
        'Docker.',
      ].join('\n\n'),
      'md',
      tools,
      DEFAULT_MATCHERS,
    );
    expect(read.missing).toEqual(['data']);
    // `System Overview` is the architecture's by its title: never offered for the data.
    expect(read.closest).toEqual({
      data: [{heading: 'Conceptual Data Flow', line: 13}],
    });
  });

  it('when no title comes close, offers the stages no role took', () => {
    const read = analyzePageDesign(
      {file: 'doc.md'},
      [
        '### 1. Цели и предпосылки',
        'Платформа агентов.',
        '### 2. Методология',
        '##### Этап 0 Прототипирование',
        'Прототип на ноутбуке.',
        '##### Этап 1 Прямая связка с RAG',
        'Вызов существующего RAG.',
        '### 4. Внедрение',
        'Не требуется.',
      ].join('\n\n'),
      'md',
      tools,
      DEFAULT_MATCHERS,
    );
    expect(read.closest).toEqual({
      data: [
        {heading: 'Этап 0 Прототипирование', line: 7},
        {heading: 'Этап 1 Прямая связка с RAG', line: 11},
      ],
    });
  });
});
