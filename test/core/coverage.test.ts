import {describe, expect, it} from 'vitest';
import {builtInChecklist} from '../../plugin/src/core/checklist';
import {checkCoverage, parseChecklist} from '../../plugin/src/core/coverage';

const RU = builtInChecklist('ru');
const EN = builtInChecklist('en');

/** An answer in Russian that covers every item, each under its own heading. */
const FULL_RU = `## 1. Инфраструктура

Развёртываем в Yandex Cloud, потому что нагрузка растёт неравномерно.

## 2. Упаковка

Образ Docker с моделью.

## 3. Оркестрация

Kubernetes масштабирует поды по RPS.

## 4. Сервис

Микросервис на FastAPI с REST API.

## 5. Дообучение

DAG в Airflow раз в неделю.

## 6. Мониторинг

Задержка p99 и доля ошибок 5xx; дрифт данных и концепта; MLflow для моделей; Prometheus и Grafana для дашбордов.

## 7. Данные

Kafka и Feast: одни и те же фичи в обучении и в проде против training-serving skew.
`;

const FULL_EN = `## Infrastructure

We deploy on AWS because traffic peaks every evening.

## Packaging

A Docker image per model version; Kubernetes runs it.

## Service

A FastAPI microservice behind a REST API.

## Pipelines

Airflow retrains weekly. We watch latency and error rate, data and concept drift, log runs to MLflow, and chart Prometheus metrics in Grafana.

## Features

Feast serves the same features online and offline, so there is no training-serving skew.
`;

const statuses = (answer: string, list = RU) =>
  Object.fromEntries(
    checkCoverage(answer, list).map((result) => [result.id, result.status]),
  );

describe('checkCoverage', () => {
  it('finds every item of a full Russian answer, each under its heading', () => {
    const results = checkCoverage(FULL_RU, RU);
    expect(results.every((result) => result.status === 'found')).toBe(true);
    const heading = Object.fromEntries(
      results.map((result) => [result.id, result.heading]),
    );
    expect(heading).toMatchObject({
      infrastructure: '1. Инфраструктура',
      docker: '2. Упаковка',
      kubernetes: '3. Оркестрация',
      service: '4. Сервис',
      retraining: '5. Дообучение',
      'technical-metrics': '6. Мониторинг',
      'ml-metrics': '6. Мониторинг',
      mlflow: '6. Мониторинг',
      'prometheus-grafana': '6. Мониторинг',
      'training-serving-skew': '7. Данные',
    });
    expect(results[0]!.label).toBe('Инфраструктура выбрана и обоснована');
  });

  it('finds every item of a full English answer, with English labels', () => {
    const results = checkCoverage(FULL_EN, EN);
    expect(results.filter((result) => result.status !== 'found')).toEqual([]);
    expect(results[1]).toMatchObject({
      label: 'Docker',
      heading: 'Packaging',
    });
  });

  it('marks each item missing when its line is taken out', () => {
    const lines: Record<string, RegExp> = {
      infrastructure: /Yandex Cloud/,
      docker: /Docker/,
      kubernetes: /Kubernetes/,
      service: /FastAPI/,
      retraining: /Airflow|Дообучение/,
      'training-serving-skew': /Kafka/,
    };
    for (const [id, line] of Object.entries(lines)) {
      const answer = FULL_RU.split('\n')
        .filter((text) => !line.test(text))
        .join('\n');
      const result = statuses(answer);
      expect(result[id], id).toBe('missing');
      expect(
        Object.values(result).filter((status) => status !== 'found'),
      ).toHaveLength(1);
    }
    const noMonitoring = FULL_RU.replace(/Задержка[^\n]+/, 'Мониторинг позже.');
    expect(statuses(noMonitoring)).toMatchObject({
      'technical-metrics': 'missing',
      'ml-metrics': 'missing',
      mlflow: 'missing',
      'prometheus-grafana': 'missing',
    });
  });

  it('needs the reason and the second tool under the same heading', () => {
    expect(
      statuses('## Инфра\n\nYandex Cloud.\n\n## Другое\n\nПотому что так.'),
    ).toMatchObject({infrastructure: 'missing'});
    expect(statuses('Prometheus для метрик.')).toMatchObject({
      'prometheus-grafana': 'missing',
    });
    expect(statuses('Kafka для событий.')).toMatchObject({
      'training-serving-skew': 'missing',
    });
  });

  it('counts an item mentioned only to be declined as rejected, not found, in Russian and English', () => {
    for (const answer of [
      '## Оркестрация\n\nМы не используем Kubernetes: хватает одной ВМ.',
      '## Оркестрация\n\nОдна ВМ, без Kubernetes.',
      '## Оркестрация\n\nKubernetes не нужен при такой нагрузке.',
      '## Оркестрация\n\nВместо Kubernetes — Docker Compose.',
    ]) {
      expect(checkCoverage(answer, RU)[2], answer).toMatchObject({
        status: 'rejected',
        heading: 'Оркестрация',
      });
    }
    for (const answer of [
      '## Orchestration\n\nWe do not use Kubernetes: one VM is enough.',
      '## Orchestration\n\nA single VM, without Kubernetes.',
      '## Orchestration\n\nKubernetes is overkill at this load.',
      "## Orchestration\n\nWe won't run a Kubernetes cluster.",
    ]) {
      expect(checkCoverage(answer, EN)[2], answer).toMatchObject({
        status: 'rejected',
        heading: 'Orchestration',
      });
    }
  });

  it('counts mentions under a heading that declines the item, and rows of a table of rejected options, as rejections', () => {
    const answer = [
      '## Оркестрация: Airflow + YARN вместо Kubernetes',
      '',
      '| Предложение по умолчанию | Почему не подходит | Выбор |',
      '| --- | --- | --- |',
      '| Kubernetes с автоскейлингом | нагрузка ровная | YARN |',
      '| REST-микросервис на FastAPI | один прогон в неделю | батч |',
      '',
      '## Why not',
      '',
      '| Option | Why not |',
      '| --- | --- |',
      '| Kafka streaming | daily batches suffice |',
    ].join('\n');
    expect(statuses(answer)).toMatchObject({
      kubernetes: 'rejected',
      service: 'rejected',
    });
    expect(checkCoverage(answer, RU)[2]!.heading).toBe(
      'Оркестрация: Airflow + YARN вместо Kubernetes',
    );
    // The same tools in an ordinary table are found.
    expect(
      statuses('| Tool | Why |\n| --- | --- |\n| Kubernetes | scaling |', EN)
        .kubernetes,
    ).toBe('found');
  });

  it('counts an item found when one mention accepts it, even if another declines it', () => {
    expect(
      statuses(
        'Без Kubernetes на пилоте.\n\n## Прод\n\nВ проде Kubernetes масштабирует сервис.',
      ).kubernetes,
    ).toBe('found');
    // A negation that is about something else is no rejection.
    expect(
      statuses('Выкатываем без простоя благодаря Kubernetes.').kubernetes,
    ).toBe('found');
    expect(statuses('We use Docker, not bare processes.', EN).docker).toBe(
      'found',
    );
  });

  it('reads no heading inside a code block', () => {
    const answer =
      '## Упаковка\n\n```dockerfile\n# base image\nFROM python\n```\n\nDocker-образ.';
    expect(checkCoverage(answer, RU)[1]).toMatchObject({
      status: 'found',
      heading: 'Упаковка',
    });
  });
});

describe('parseChecklist', () => {
  it('reads a template front matter checklist, patterns as strings', () => {
    const list = parseChecklist(
      [
        {id: 'ray', label: 'Ray Serve', match: 'ray serve'},
        {label: 'GPU with a reason', match: ['gpu', 'a100'], with: 'because'},
      ],
      'my.txt',
    );
    expect(list.map((item) => item.id)).toEqual(['ray', 'item-2']);
    expect(
      checkCoverage(
        'We serve with Ray Serve on an A100 because of latency.',
        list,
      ).map((result) => result.status),
    ).toEqual(['found', 'found']);
    expect(parseChecklist(undefined, 'my.txt')).toEqual([]);
  });

  it('says what is wrong with a bad checklist', () => {
    expect(() => parseChecklist({a: 1}, 'my.txt')).toThrow(
      /my\.txt.*not a list/,
    );
    expect(() => parseChecklist([{label: 'x'}], 'my.txt')).toThrow(
      /no `match`/,
    );
    expect(() => parseChecklist([{label: 'x', match: '('}], 'my.txt')).toThrow(
      /not a pattern/,
    );
  });
});
