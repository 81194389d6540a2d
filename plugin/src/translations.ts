/**
 * The theme components' strings in the locales the plugin ships besides English (the messages
 * in the components). A site's own `i18n/<locale>/code.json` wins over these.
 */
export const CODE_TRANSLATIONS: Record<string, Record<string, string>> = {
  ru: {
    'theme.mlsdDeploy.state.fresh': 'Сгенерирован',
    'theme.mlsdDeploy.state.stale': 'Устарел',
    'theme.mlsdDeploy.state.missing': 'Ещё не сгенерирован',
    'theme.mlsdDeploy.state.incomplete': 'Не хватает разделов',
    'theme.mlsdDeploy.state.failed': 'Ошибка генерации',
    'theme.mlsdDeploy.state.pinned': 'Закреплён',
    'theme.mlsdDeploy.state.tooLarge': 'Слишком большой промпт',
    'theme.mlsdDeploy.state.generating': 'Генерируется',
    'theme.mlsdDeploy.copied': 'Скопировано',
    'theme.mlsdDeploy.copyPrompt': 'Скопировать промпт',
    'theme.mlsdDeploy.copyAnswer': 'Скопировать Markdown',
    'theme.mlsdDeploy.prompt': 'Промпт',
    'theme.mlsdDeploy.answer': 'Ответ',
    'theme.mlsdDeploy.sources': 'Источники:',
    'theme.mlsdDeploy.tokens': '{count} токенов',
    'theme.mlsdDeploy.part.instructions': 'Инструкция',
    'theme.mlsdDeploy.part.section': 'Раздел',
    'theme.mlsdDeploy.review.reviewed': 'Проверено: {name}, {date}',
    'theme.mlsdDeploy.review.lapsed':
      'Проверка устарела: ответ изменён после проверки ({name}, {date})',
    'theme.mlsdDeploy.review.draft': 'Черновик — не проверен',
    'theme.mlsdDeploy.edited': 'Отредактирован вручную',
    'theme.mlsdDeploy.coverage.title':
      'Что покрывает ответ: {found} из {total}',
    'theme.mlsdDeploy.coverage.missing': 'не найдено',
    'theme.mlsdDeploy.coverage.foundUnder': 'в разделе «{heading}»',
    'theme.mlsdDeploy.coverage.rejectedUnder':
      'отклонено в разделе «{heading}»',
    'theme.mlsdDeploy.coverage.infrastructure':
      'Инфраструктура выбрана и обоснована',
    'theme.mlsdDeploy.coverage.docker': 'Docker',
    'theme.mlsdDeploy.coverage.kubernetes': 'Kubernetes',
    'theme.mlsdDeploy.coverage.service': 'Микросервис с REST API (FastAPI)',
    'theme.mlsdDeploy.coverage.retraining': 'Регулярное дообучение (Airflow)',
    'theme.mlsdDeploy.coverage.technicalMetrics':
      'Технические метрики (задержка, ошибки)',
    'theme.mlsdDeploy.coverage.mlMetrics':
      'ML-метрики: дрифт данных и концепта',
    'theme.mlsdDeploy.coverage.mlflow': 'MLflow',
    'theme.mlsdDeploy.coverage.prometheusGrafana': 'Prometheus + Grafana',
    'theme.mlsdDeploy.coverage.skew':
      'Kafka / Spark / Feast против Training-Serving Skew',
  },
};
