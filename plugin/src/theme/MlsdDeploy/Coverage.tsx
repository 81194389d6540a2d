import type {ReactNode} from 'react';
import clsx from 'clsx';
import Translate, {translate} from '@docusaurus/Translate';
import type {DeployPageProps as Data} from 'docusaurus-plugin-mlsd-deploy';
import styles from './styles.module.css';

type Item = NonNullable<Data['coverage']>[number];

/** The built-in checklist's labels, in the site's language whatever the prompt's. */
const COVERAGE_LABELS: Record<string, string> = {
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

const MARKS: Record<Item['status'], string> = {
  found: '✓',
  rejected: '⊘',
  missing: '✗',
};

function Where({item}: {item: Item}): ReactNode {
  if (item.status === 'missing')
    return (
      <Translate
        id="theme.mlsdDeploy.coverage.missing"
        description="Checklist: the item is not in the answer">
        not found
      </Translate>
    );
  const heading = item.heading ?? '—';
  return item.status === 'found' ? (
    <Translate
      id="theme.mlsdDeploy.coverage.foundUnder"
      description="Checklist: the answer's heading an item was found under"
      values={{heading}}>
      {'under “{heading}”'}
    </Translate>
  ) : (
    <Translate
      id="theme.mlsdDeploy.coverage.rejectedUnder"
      description="Checklist: the answer mentions the item only to decline it"
      values={{heading}}>
      {'declined under “{heading}”'}
    </Translate>
  );
}

/**
 * What the answer covers of what the prompt asks: each item found (with the answer's heading
 * it is under), declined ("we do not use Kubernetes"), or not found.
 */
export default function Coverage({data}: {data: Data}): ReactNode {
  const items = data.coverage;
  if (!items || items.length === 0) return null;
  const builtIn = data.template === 'ru' || data.template === 'en';
  const found = items.filter((item) => item.status === 'found').length;
  return (
    <details className={styles.coverage} open data-mlsd="coverage">
      <summary className={styles.coverageHead}>
        <Translate
          id="theme.mlsdDeploy.coverage.title"
          description="Title of the checklist of what the answer covers"
          values={{found, total: items.length}}>
          {'What the answer covers: {found} of {total}'}
        </Translate>
      </summary>
      <ul className={styles.coverageList}>
        {items.map((item) => (
          <li
            key={item.id}
            className={clsx(styles.coverageItem, styles[`item_${item.status}`])}
            data-mlsd-item={item.id}
            data-mlsd-status={item.status}>
            <span className={styles.mark} aria-hidden="true">
              {MARKS[item.status]}
            </span>
            <span className={styles.itemLabel}>
              {(builtIn &&
                Object.hasOwn(COVERAGE_LABELS, item.id) &&
                COVERAGE_LABELS[item.id]) ||
                item.label}
            </span>
            <span
              className={styles.itemWhere}
              title={item.heading ?? undefined}>
              <Where item={item} />
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
