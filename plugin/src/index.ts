import {join, resolve} from 'node:path';
import logger from '@docusaurus/logger';
import type {LoadContext, Plugin, SwizzleConfig} from '@docusaurus/types';
import {registerCommands} from './cli';
import {MODES, type Mode, type PluginOptions} from './options';
import {MlsdError, syncDeployPages, type Log, type RunContext} from './run';

export {validateOptions, DEFAULT_OPTIONS} from './options';
export type {Options, PluginOptions, Mode} from './options';

const PLUGIN_NAME = 'docusaurus-plugin-mlsd-deploy';

/** The theme component's strings in the locales the plugin ships; others fall back to English. */
const CODE_TRANSLATIONS: Record<string, Record<string, string>> = {
  ru: {
    'theme.mlsdDeploy.state.fresh': 'Сгенерирован',
    'theme.mlsdDeploy.state.stale': 'Устарел',
    'theme.mlsdDeploy.state.missing': 'Ещё не сгенерирован',
    'theme.mlsdDeploy.state.incomplete': 'Не хватает разделов',
    'theme.mlsdDeploy.state.failed': 'Ошибка генерации',
    'theme.mlsdDeploy.state.pinned': 'Закреплён',
    'theme.mlsdDeploy.state.tooLarge': 'Слишком большой промпт',
    'theme.mlsdDeploy.copied': 'Скопировано',
    'theme.mlsdDeploy.copyPrompt': 'Скопировать промпт',
    'theme.mlsdDeploy.prompt': 'Промпт',
    'theme.mlsdDeploy.answer': 'Ответ',
    'theme.mlsdDeploy.sources': 'Источники:',
    'theme.mlsdDeploy.tokens': '{count} токенов',
  },
};

/**
 * Swizzling `MlsdDeploy` is safe: it receives all it shows through its props, which are the
 * plugin's public contract (`DeployPageProps`).
 */
export function getSwizzleConfig(): SwizzleConfig {
  return {
    components: {
      MlsdDeploy: {
        actions: {eject: 'safe', wrap: 'safe'},
        description:
          'The generated Deploy page: the prompt beside the answer, with its state and provenance.',
      },
    },
  };
}

/** Docusaurus commands that build pages, and so may write Deploy pages and ask the model. */
const BUILDING_COMMANDS = new Set(['build', 'start', 'deploy']);

/** The Docusaurus CLI command this process runs (`build`, `start`, `swizzle`, ...). */
export function cliCommand(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

/** `MLSD_MODE` wins over the `mode` option; a wrong value fails with what is allowed. */
export function resolveMode(option: Mode, env: NodeJS.ProcessEnv): Mode {
  const value = env.MLSD_MODE?.trim();
  if (!value) return option;
  if (!(MODES as string[]).includes(value)) {
    throw new MlsdError(
      `Cannot use \`${value}\` for MLSD_MODE, expected one of ${MODES.map((mode) => `\`${mode}\``).join(', ')}.`,
    );
  }
  return value as Mode;
}

interface DocsOptionsLike {
  path?: unknown;
  editUrl?: unknown;
  id?: unknown;
}

/** The default docs plugin's options, from the classic preset or a plugin entry of the site config. */
function defaultDocsOptions(context: LoadContext): DocsOptionsLike | undefined {
  const {presets = [], plugins = []} = context.siteConfig;
  for (const preset of presets) {
    if (!Array.isArray(preset)) continue;
    const [name, options] = preset as [unknown, {docs?: unknown} | undefined];
    if (
      typeof name === 'string' &&
      /(^classic$|preset-classic)/.test(name) &&
      options?.docs &&
      typeof options.docs === 'object'
    ) {
      return options.docs as DocsOptionsLike;
    }
  }
  for (const plugin of plugins) {
    if (!Array.isArray(plugin)) continue;
    const [name, options] = plugin as [unknown, DocsOptionsLike | undefined];
    if (
      typeof name === 'string' &&
      /(^content-docs$|plugin-content-docs)/.test(name) &&
      options &&
      (options.id ?? 'default') === 'default'
    ) {
      return options;
    }
  }
  return undefined;
}

function docusaurusLog(): Log {
  const tag = logger.bold('[mlsd-deploy]');
  return {
    info: (message) => logger.info(`${tag} ${message}`),
    warn: (message) => logger.warn(`${tag} ${message}`),
    error: (message) => logger.error(`${tag} ${message}`),
  };
}

/** `MLSD_MAX_GENERATIONS` wins over the option; a wrong value fails with what is allowed. */
export function resolveMaxGenerations(
  option: number,
  env: NodeJS.ProcessEnv,
): number {
  const value = env.MLSD_MAX_GENERATIONS?.trim();
  if (!value) return option;
  if (!/^\d+$/.test(value))
    throw new MlsdError(
      `Cannot use \`${value}\` for MLSD_MAX_GENERATIONS, expected a whole number.`,
    );
  return Number(value);
}

/** Resolves what a run needs from the site, the options and the environment. */
export function runContext(
  context: LoadContext,
  options: PluginOptions,
  env: NodeJS.ProcessEnv = process.env,
  log: Log = docusaurusLog(),
): RunContext {
  const docs = defaultDocsOptions(context);
  const docsPath =
    options.docsPath ?? (typeof docs?.path === 'string' ? docs.path : 'docs');
  const editUrl =
    options.editUrl ??
    (typeof docs?.editUrl === 'string' ? docs.editUrl : undefined);
  return {
    siteDir: context.siteDir,
    docsDir: resolve(context.siteDir, docsPath),
    stateDir: join(context.generatedFilesDir, PLUGIN_NAME),
    options,
    mode: resolveMode(options.mode, env),
    maxGenerations: resolveMaxGenerations(options.maxGenerationsPerRun, env),
    model: env.MLSD_MODEL?.trim() || options.model,
    apiKey: env.OPENAI_API_KEY?.trim() || undefined,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    editUrl,
    markdownFormat: context.siteConfig.markdown?.format ?? 'mdx',
    log,
  };
}

/**
 * The plugin. Deploy pages are written here, in the plugin function, which Docusaurus awaits
 * before any plugin loads content: the docs plugin then reads finished files, with no race.
 */
export default async function pluginMlsdDeploy(
  context: LoadContext,
  options: PluginOptions,
): Promise<Plugin<void>> {
  const command = cliCommand(process.argv);
  const building = command !== undefined && BUILDING_COMMANDS.has(command);
  const ctx = runContext(context, options);

  if (building) {
    try {
      await syncDeployPages(ctx);
    } catch (error) {
      // Our errors already say what to do; a stack trace would bury that, so it is left out.
      if (error instanceof MlsdError)
        error.stack = `[mlsd-deploy] ${error.message}`;
      throw error;
    }
  }

  let firstLoad = true;
  return {
    name: PLUGIN_NAME,

    getThemePath() {
      return '../lib/theme';
    },

    getTypeScriptThemePath() {
      return '../src/theme';
    },

    getPathsToWatch() {
      // Sources and the template. Our own output is among the sources, but a page is written
      // only when its bytes change, so the reload it causes writes nothing and stops there.
      const paths = [`${ctx.docsDir}/**/*.{md,mdx}`];
      if (options.promptTemplate)
        paths.push(resolve(context.siteDir, options.promptTemplate));
      return paths;
    },

    async loadContent() {
      // The first load follows the run in the plugin function; later ones are dev-server reloads.
      if (command === 'start' && !firstLoad) {
        try {
          await syncDeployPages(ctx);
        } catch (error) {
          // A reload must not kill the dev server: say what is wrong and keep serving.
          ctx.log.error(error instanceof Error ? error.message : String(error));
        }
      }
      firstLoad = false;
    },

    async getDefaultCodeTranslationMessages() {
      return CODE_TRANSLATIONS[context.i18n.currentLocale.split('-')[0]!] ?? {};
    },

    extendCli(cli) {
      registerCommands(cli, ctx);
    },
  };
}
