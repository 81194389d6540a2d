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
    'theme.mlsdDeploy.review.how': 'Отметить проверку: {command}',
    'theme.mlsdDeploy.edited': 'Отредактирован вручную',
    'theme.mlsdDeploy.pinnedByPerson': 'Закреплён человеком',
    'theme.mlsdDeploy.coverage.title':
      'Что покрывает ответ: {found} из {total}',
    'theme.mlsdDeploy.coverage.missing': 'не найдено',
    'theme.mlsdDeploy.figures.title':
      'Числа дизайна в ответе: {used} из {total} · пропущено: {leftOut} · новых: {introduced}',
    'theme.mlsdDeploy.figures.note':
      'Числа с единицей или масштабом, сравнённые по значению: подсказка для проверяющего, а не оценка дизайна.',
    'theme.mlsdDeploy.figures.introduced':
      'Новые в ответе: сверьте их с дизайном',
    'theme.mlsdDeploy.figures.leftOut':
      'Пропущены: есть в дизайне, нет в ответе',
    'theme.mlsdDeploy.figures.used': 'Использованы: есть в дизайне и в ответе',
    'theme.mlsdDeploy.figures.inAnswer': 'ответ: «{heading}»',
    'theme.mlsdDeploy.figures.where': '{section}, «{heading}», строка {line}',
    'theme.mlsdDeploy.figures.whereTop': '{section}, строка {line}',
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
    'theme.mlsdDeploy.notice.missing': 'Ответ ещё не сгенерирован.',
    'theme.mlsdDeploy.notice.stale':
      'С тех пор как этот ответ был сгенерирован, изменились входные данные: {changed}.',
    'theme.mlsdDeploy.notice.staleHidden':
      'С тех пор как был сгенерирован последний ответ, изменились входные данные: {changed}.',
    'theme.mlsdDeploy.notice.editedStale':
      'Этот ответ отредактирован вручную, а с тех пор изменились входные данные: {changed}. Генерация его не заменяет: закрепите его с исправленным текстом (`{pin}`) или замените новым ответом (`{replace}`).',
    'theme.mlsdDeploy.notice.pinnedOld':
      'Этот ответ закреплён человеком для прежнего промпта, а с тех пор изменились входные данные: {changed}. Генерация никогда не заменяет закреплённый ответ: выполните `{pin}` с исправленным ответом или `{unpin}`, чтобы ответила модель.',
    'theme.mlsdDeploy.notice.incompletePage':
      'В этом дизайне нет раздела {roles}, поэтому ответ не генерируется. Добавьте на страницу заголовок {roles} или назовите заголовок, который им является, во front matter страницы (`mlsd_sections`) и пересоберите сайт (`{status}` покажет, что найдено и почему) либо задайте опцию плагина `allowIncomplete: true`, чтобы генерировать по имеющимся разделам.',
    'theme.mlsdDeploy.notice.closestHeadings':
      'Ближе всего к разделу {role} заголовки {headings}. Чтобы читать первый из них как этот раздел, добавьте во front matter: `{frontMatter}`.',
    'theme.mlsdDeploy.notice.overrideUnknown':
      'Front matter называет разделом {role} заголовок {named} (`{field}`), но такого заголовка на странице нет, поэтому ответ не генерируется. Заголовки страницы: {headings}.',
    'theme.mlsdDeploy.notice.incompleteFolder':
      'В этом дизайне нет раздела {roles}, поэтому ответ не генерируется. Добавьте в папку дизайна страницу с заголовком {roles} или отметьте существующую страницу полем `mlsd_section: <problem|data|architecture>` во front matter и пересоберите сайт (`{status}` покажет, что найдено и почему) либо задайте опцию плагина `allowIncomplete: true`, чтобы генерировать по имеющимся разделам.',
    'theme.mlsdDeploy.notice.emptySection':
      'В разделе {sections} этого дизайна есть заголовок, но нет текста, поэтому ответ не генерируется. Напишите раздел и пересоберите сайт либо задайте опцию плагина `allowIncomplete: true`, чтобы генерировать по имеющимся разделам.',
    'theme.mlsdDeploy.notice.tooLarge':
      'Промпт занимает около {tokens} токенов, больше лимита {limit} (опция `maxPromptTokens`): ничего не отправлено и ничего не обрезано. Сократите разделы или поднимите лимит, если модель принимает больше.',
    'theme.mlsdDeploy.notice.generating':
      'Модель готовит этот ответ; страница обновится, когда он придёт.',
    'theme.mlsdDeploy.notice.generatingChanged':
      'Модель готовит этот ответ (изменились входные данные: {changed}); страница обновится, когда он придёт.',
    'theme.mlsdDeploy.notice.shownMeanwhile': 'Пока показан последний ответ.',
    'theme.mlsdDeploy.notice.failed': 'Генерация не удалась: {error}',
    'theme.mlsdDeploy.notice.hint': '{hint}',
    'theme.mlsdDeploy.notice.lastShown': 'Показан последний ответ.',
    'theme.mlsdDeploy.notice.failedBefore':
      'Последний запрос для этих входных данных не удался: {error}',
    'theme.mlsdDeploy.notice.howAuto':
      'Задайте OPENAI_API_KEY (и OPENAI_BASE_URL, если сервер не OpenAI) и запустите сборку снова или выполните `{generate}`, затем закоммитьте папку кэша.',
    'theme.mlsdDeploy.notice.howOffline':
      'Сборка идёт с MLSD_MODE=offline, а в этом режиме модель не вызывается: соберите сайт без него или выполните `{generate}`.',
    'theme.mlsdDeploy.notice.howFrozen':
      'Сборка идёт с MLSD_MODE=frozen, а в этом режиме ответы только читаются из кэша.',
    'theme.mlsdDeploy.notice.role.problem': '1. Постановка задачи',
    'theme.mlsdDeploy.notice.role.data': '3. Данные',
    'theme.mlsdDeploy.notice.role.architecture': '4. Архитектура и модели',
    'theme.mlsdDeploy.notice.input.template': 'шаблон промпта',
    'theme.mlsdDeploy.notice.input.model': 'модель',
    'theme.mlsdDeploy.notice.input.params': 'параметры запроса',
    'theme.mlsdDeploy.notice.input.version': 'формат кэша',
    'theme.mlsdDeploy.notice.input.inputs': 'входные данные',
    'theme.mlsdDeploy.notice.quoted': '«{text}»',
    'theme.mlsdDeploy.notice.heading': '«{text}» (строка {line})',
    'theme.mlsdDeploy.notice.removed': '{section} (раздел удалён)',
    'theme.mlsdDeploy.hint.auth':
      'Сервер отклонил ключ: проверьте OPENAI_API_KEY и что OPENAI_BASE_URL — тот сервер, для которого выдан ключ.',
    'theme.mlsdDeploy.hint.forbidden':
      'Этому ключу недоступна модель: проверьте модель (опция `model` или MLSD_MODEL) и права ключа.',
    'theme.mlsdDeploy.hint.not-found':
      'Сервер не знает такой модели или пути: проверьте модель (опция `model` или MLSD_MODEL) и OPENAI_BASE_URL (обычно он оканчивается на /v1).',
    'theme.mlsdDeploy.hint.rate-limit':
      'Сервер ограничивает частоту запросов: пересоберите сайт позже или уменьшите опцию `concurrency`.',
    'theme.mlsdDeploy.hint.timeout':
      'Время запроса истекло: увеличьте опцию `timeout` или возьмите модель поменьше.',
    'theme.mlsdDeploy.hint.connection':
      'Сервер недоступен: проверьте OPENAI_BASE_URL и что сервер запущен.',
    'theme.mlsdDeploy.hint.bad-request':
      'Сервер отклонил запрос: проверьте модель (опция `model` или MLSD_MODEL), `maxTokens` и `params`.',
    'theme.mlsdDeploy.hint.context-length':
      'Промпт длиннее, чем принимает модель: сократите разделы дизайна, возьмите модель с большим контекстом или задайте `maxPromptTokens` равным контексту модели, чтобы такая страница говорила об этом до отправки.',
    'theme.mlsdDeploy.hint.server':
      'Ошибка на сервере: пересоберите сайт позже.',
    'theme.mlsdDeploy.hint.malformed':
      'Ответ сервера — не chat completion: проверьте, что OPENAI_BASE_URL указывает на OpenAI-совместимый сервер, или пересоберите сайт позже.',
    'theme.mlsdDeploy.hint.empty':
      'Модель не вернула текста: пересоберите сайт, чтобы попробовать снова, или возьмите другую модель.',
    'theme.mlsdDeploy.hint.truncated':
      'Ответ обрезан на лимите токенов: увеличьте опцию `maxTokens` (или `max_completion_tokens` в `params`) и пересоберите сайт.',
    'theme.mlsdDeploy.hint.aborted':
      'Сборка остановилась раньше, чем завершился этот запрос: пересоберите сайт.',
    'theme.mlsdDeploy.hint.unknown':
      'Пересоберите сайт, чтобы попробовать снова.',
  },
};

/** The language of what a Deploy page itself says (not its theme's strings): its docs folder's. */
export function pageLanguage(docsLocale: string | undefined): 'ru' | 'en' {
  return docsLocale?.split('-')[0] === 'ru' ? 'ru' : 'en';
}

/**
 * A Deploy page's description (its `<meta name="description">`), in the locale of the docs
 * folder it is written to; English for a locale the plugin does not ship.
 */
export function pageDescription(
  designTitle: string,
  sections: readonly string[],
  docsLocale: string | undefined,
): string {
  const inputs = sections.map((title) => `«${title}»`).join(', ');
  if (pageLanguage(docsLocale) === 'ru')
    return sections.length
      ? `Раздел Deploy проекта «${designTitle}», составленный по его разделам ${inputs}.`
      : `Раздел Deploy проекта «${designTitle}».`;
  return sections.length
    ? `Deploy section of ${designTitle}, drafted from its sections ${inputs.replace(/[«»]/g, '"')}.`
    : `Deploy section of ${designTitle}.`;
}

/** What ends the shown part of a prompt too large to send, in the page's language. */
export function tooLargeTail(
  hidden: number,
  docsLocale: string | undefined,
): string {
  return pageLanguage(docsLocale) === 'ru'
    ? `[… ещё ${hidden} символов не показаны: этот промпт слишком велик, чтобы его отправить]`
    : `[… ${hidden} more characters, not shown: this prompt is too large to send]`;
}
