import {parseChecklist, W, type CoverageItem} from './coverage';

/** What the built-in prompts ask, as a template's `coverage` is written; `en` where it differs. */
const ITEMS = [
  {
    id: 'infrastructure',
    ru: 'Инфраструктура выбрана и обоснована',
    en: 'Infrastructure chosen, with its reason',
    match: `${W}(облак|cloud|on-?prem|aws|gcp|google cloud|azure|yandex cloud|яндекс[ .]облак|bare[- ]metal|собственн\\S* (сервер|цод|дата-центр)|data ?cent(er|re)|дата-центр)`,
    with: `${W}(потому что|так как|поскольку|чтобы|благодаря|обоснован|because|since|so that|due to|given|which gives|to keep|to meet)`,
  },
  {
    id: 'docker',
    ru: 'Docker',
    match: `${W}(docker|докер)`,
  },
  {
    id: 'kubernetes',
    ru: 'Kubernetes',
    match: `${W}(kubernetes|k8s|кубернетес)`,
  },
  {
    id: 'service',
    ru: 'Микросервис с REST API (FastAPI)',
    en: 'A REST microservice (FastAPI)',
    match: `${W}(fastapi|rest(ful)?[ -]?api|микросервис|microservice)`,
  },
  {
    id: 'retraining',
    ru: 'Регулярное дообучение (Airflow)',
    en: 'Scheduled retraining (Airflow)',
    match: `${W}(airflow|дообучени|переобучени|retrain)`,
  },
  {
    id: 'technical-metrics',
    ru: 'Технические метрики (задержка, ошибки)',
    en: 'Technical metrics (latency, errors)',
    match: `${W}(latency|задержк|p(50|9[059])${W}|error rate|доля ошибок|5xx)`,
  },
  {
    id: 'ml-metrics',
    ru: 'ML-метрики: дрифт данных и концепта',
    en: 'ML metrics: data and concept drift',
    match: `${W}(drift|дрифт|дрейф)`,
  },
  {
    id: 'mlflow',
    ru: 'MLflow',
    match: `${W}mlflow`,
  },
  {
    id: 'prometheus-grafana',
    ru: 'Prometheus + Grafana',
    match: `${W}prometheus`,
    with: `${W}grafana`,
  },
  {
    id: 'training-serving-skew',
    ru: 'Kafka / Spark / Feast против Training-Serving Skew',
    en: 'Kafka / Spark / Feast against training-serving skew',
    match: `${W}(kafka|spark|feast)`,
    with: `${W}(skew|скью|рассогласован|расхожден|консистентн|consisten|feature store)`,
  },
];

/** What the built-in Deploy prompt asks, with labels in its language. */
export function builtInChecklist(language: 'ru' | 'en'): CoverageItem[] {
  return parseChecklist(
    ITEMS.map(({ru, en = ru, ...item}) => ({
      ...item,
      label: language === 'ru' ? ru : en,
    })),
    'the built-in prompt',
  );
}
