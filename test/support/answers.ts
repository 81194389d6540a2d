/** A Deploy answer in Russian as a good model writes it: every item of the checklist covered. */
export const ANSWER_RU = `## 1. Инфраструктура

Разворачиваем сервис в Yandex Cloud (Managed Kubernetes), потому что нагрузка в ленте скачет от 5 до 50 тыс. RPS в течение дня и облако даёт автомасштабирование без закупки железа.

## 2. Архитектура и инструменты

- **Упаковка:** модель и её зависимости собираются в образ Docker; один образ проходит тесты, стейджинг и прод.
- **Оркестрация:** Kubernetes держит не меньше 6 реплик, HPA добавляет поды по RPS и задержке.
- **Сервис:** микросервис на FastAPI с REST API \`POST /recommend\`, ответ за p99 ≤ 120 мс.

| Компонент | Зачем |
| --- | --- |
| Docker | одинаковое окружение везде |
| Kubernetes | масштабирование и отказоустойчивость |
| FastAPI | простой REST API для ленты |

## 3. MLOps-пайплайны

- **Дообучение:** DAG в Airflow раз в неделю: выгрузка кликов, обучение, офлайн-оценка, регистрация модели в MLflow, канареечный релиз.
- **Мониторинг:** технические метрики — задержка p50/p99, доля ошибок 5xx, RPS; ML-метрики — дрифт данных (PSI по признакам) и дрифт концепта (CTR по срезам). Метрики собирает Prometheus, дашборды и алерты — в Grafana.
- **Данные и фичи:** события кликов идут через Kafka, Spark считает агрегаты, Feast отдаёт одни и те же фичи в обучение и в прод — так мы закрываем training-serving skew.

\`\`\`bash
kubectl rollout status deployment/recs-api
\`\`\`
`;

/** An English answer that declines Kubernetes and leaves out the data tools. */
export const ANSWER_EN = `## 1. Infrastructure

The scorer runs in the bank's own data centre, because card data may not leave it (PCI DSS).

## 2. Delivery

- **Packaging:** a Docker image per model version.
- **Orchestration:** we do not use Kubernetes: two bare-metal hosts behind the existing load balancer give the 60 ms budget with headroom.
- **Service:** a FastAPI microservice with a REST API, called by the authorization service.

## 3. Keeping it alive

- **Retraining:** an Airflow DAG retrains monthly, once labels are complete.
- **Monitoring:** latency p99 and error rate; data drift and concept drift on the holdout; models tracked in MLflow; Prometheus and Grafana for dashboards.
`;
