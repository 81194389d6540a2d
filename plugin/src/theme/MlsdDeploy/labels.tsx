import {translate} from '@docusaurus/Translate';
import type {Props} from '@theme/MlsdDeploy';

type Data = Props['data'];

/** The badge text of each state. */
export const STATE_LABELS: Record<Data['state'], string> = {
  fresh: translate({
    id: 'theme.mlsdDeploy.state.fresh',
    message: 'Generated',
    description: 'Deploy page state: answer is current',
  }),
  stale: translate({
    id: 'theme.mlsdDeploy.state.stale',
    message: 'Stale',
    description: 'Deploy page state: sources changed since the answer',
  }),
  missing: translate({
    id: 'theme.mlsdDeploy.state.missing',
    message: 'Not generated yet',
    description: 'Deploy page state: no answer yet',
  }),
  incomplete: translate({
    id: 'theme.mlsdDeploy.state.incomplete',
    message: 'Sections missing',
    description: 'Deploy page state: design lacks sections',
  }),
  failed: translate({
    id: 'theme.mlsdDeploy.state.failed',
    message: 'Generation failed',
    description: 'Deploy page state: last request failed',
  }),
  pinned: translate({
    id: 'theme.mlsdDeploy.state.pinned',
    message: 'Pinned',
    description: 'Deploy page state: answer pinned by a person',
  }),
  'too-large': translate({
    id: 'theme.mlsdDeploy.state.tooLarge',
    message: 'Prompt too large',
    description: 'Deploy page state: prompt over the size limit',
  }),
  generating: translate({
    id: 'theme.mlsdDeploy.state.generating',
    message: 'Generating',
    description: 'Deploy page state: the model is being asked',
  }),
};

/** The built-in checklist's labels, in the site's language whatever the prompt's. */
export const COVERAGE_LABELS: Record<string, string> = {
  infrastructure: translate({
    id: 'theme.mlsdDeploy.coverage.infrastructure',
    message: 'Infrastructure chosen, with its reason',
    description: 'Checklist item: deployment environment chosen and justified',
  }),
  docker: translate({
    id: 'theme.mlsdDeploy.coverage.docker',
    message: 'Docker',
    description: 'Checklist item: Docker packaging',
  }),
  kubernetes: translate({
    id: 'theme.mlsdDeploy.coverage.kubernetes',
    message: 'Kubernetes',
    description: 'Checklist item: Kubernetes orchestration',
  }),
  service: translate({
    id: 'theme.mlsdDeploy.coverage.service',
    message: 'A REST microservice (FastAPI)',
    description: 'Checklist item: the model as a REST microservice',
  }),
  retraining: translate({
    id: 'theme.mlsdDeploy.coverage.retraining',
    message: 'Scheduled retraining (Airflow)',
    description: 'Checklist item: scheduled retraining pipeline',
  }),
  'technical-metrics': translate({
    id: 'theme.mlsdDeploy.coverage.technicalMetrics',
    message: 'Technical metrics (latency, errors)',
    description: 'Checklist item: technical monitoring metrics',
  }),
  'ml-metrics': translate({
    id: 'theme.mlsdDeploy.coverage.mlMetrics',
    message: 'ML metrics: data and concept drift',
    description: 'Checklist item: drift monitoring',
  }),
  mlflow: translate({
    id: 'theme.mlsdDeploy.coverage.mlflow',
    message: 'MLflow',
    description: 'Checklist item: MLflow',
  }),
  'prometheus-grafana': translate({
    id: 'theme.mlsdDeploy.coverage.prometheusGrafana',
    message: 'Prometheus + Grafana',
    description: 'Checklist item: Prometheus and Grafana',
  }),
  'training-serving-skew': translate({
    id: 'theme.mlsdDeploy.coverage.skew',
    message: 'Kafka / Spark / Feast against training-serving skew',
    description: 'Checklist item: data tools against training-serving skew',
  }),
};

/** The day of an ISO date (`YYYY-MM-DD`); empty when there is none. */
export function shortDate(iso: string | undefined): string {
  return (iso ?? '').slice(0, 10);
}
