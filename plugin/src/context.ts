import {join, resolve} from 'node:path';
import logger from '@docusaurus/logger';
import type {LoadContext} from '@docusaurus/types';
import {MlsdError} from './errors';
import type {Complete} from './llm';
import {MODES, type Mode, type PluginOptions} from './options';

/**
 * Where messages go: `@docusaurus/logger` in the plugin, a collector in tests. `warn` is for a
 * failure the run survives; `error` only for what stops it, right before it stops.
 */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Everything one run needs, resolved once from the site, the options and the environment. */
export interface RunContext {
  siteDir: string;
  /** Absolute path of the docs folder. */
  docsDir: string;
  /** Folder for local, uncommitted state (failures, section readings): inside `.docusaurus`. */
  stateDir: string;
  options: PluginOptions;
  mode: Mode;
  /** The model asked: `MLSD_MODEL`, else the `model` option. */
  model: string;
  /** `MLSD_MAX_GENERATIONS`, else the `maxGenerationsPerRun` option. */
  maxGenerations: number;
  apiKey?: string;
  baseURL?: string;
  /** Base URL to edit sources, as the docs plugin's `editUrl`. */
  editUrl?: string;
  /** The site's `markdown.format`: how Docusaurus reads `.md` pages. */
  markdownFormat?: 'mdx' | 'md' | 'detect';
  /** A frozen build requires every answer to be reviewed: the option, or `MLSD_REQUIRE_REVIEW=1`. */
  requireReview?: boolean;
  /** Replaces the `openai` client. */
  complete?: Complete;
  log: Log;
}

const PLUGIN_NAME = 'docusaurus-plugin-mlsd-deploy';

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

/** `MLSD_MAX_GENERATIONS` wins over the option; a wrong value fails with what is allowed. */
export function resolveMaxGenerations(
  option: number,
  env: NodeJS.ProcessEnv,
): number {
  const value = env.MLSD_MAX_GENERATIONS?.trim();
  if (!value) return option;
  if (!/^\d+$/.test(value)) {
    throw new MlsdError(
      `Cannot use \`${value}\` for MLSD_MAX_GENERATIONS, expected a whole number.`,
    );
  }
  return Number(value);
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

/** Messages through `@docusaurus/logger`, tagged with the plugin's name. */
export function docusaurusLog(): Log {
  const tag = logger.bold('[mlsd-deploy]');
  return {
    info: (message) => logger.info(`${tag} ${message}`),
    warn: (message) => logger.warn(`${tag} ${message}`),
    error: (message) => logger.error(`${tag} ${message}`),
  };
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
    requireReview:
      options.requireReview ||
      /^(1|true|yes)$/i.test(env.MLSD_REQUIRE_REVIEW?.trim() ?? ''),
    model: env.MLSD_MODEL?.trim() || options.model,
    apiKey: env.OPENAI_API_KEY?.trim() || undefined,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    editUrl,
    markdownFormat: context.siteConfig.markdown?.format ?? 'mdx',
    log,
  };
}
