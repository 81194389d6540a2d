import {join, resolve} from 'node:path';
import logger from '@docusaurus/logger';
import type {LoadContext} from '@docusaurus/types';
import {
  DEFAULT_PARSE_FRONT_MATTER,
  DEFAULT_PLUGIN_ID,
  getPluginI18nPath,
  GlobExcludeDefault,
  normalizeUrl,
} from '@docusaurus/utils';
import type {EditUrlFunction} from 'docusaurus-plugin-mlsd-deploy';
import {
  defaultNumberPrefix,
  noNumberPrefix,
  type NumberPrefixParser,
} from './core/numberPrefix';
import {DOCS_INCLUDE_DEFAULT, type DocsTreeOptions} from './docs/tree';
import {MlsdError} from './errors';
import type {Complete} from './model/client';
import {MODES, type Mode, type PluginOptions} from './options';

/** Where messages go. `warn`: a failure the run survives; `error`: right before the run stops. */
export type Log = Record<'info' | 'warn' | 'error', (message: string) => void>;

/** Everything one run needs, resolved once from the site, the options and the environment. */
export interface RunContext extends DocsTreeOptions {
  siteDir: string;
  /** Local, uncommitted state (failures, the memo): inside `.docusaurus`. */
  stateDir: string;
  options: PluginOptions;
  mode: Mode;
  /** `MLSD_MODEL`, else the `model` option. */
  model: string;
  /** `MLSD_MAX_GENERATIONS`, else the `maxGenerationsPerRun` option. */
  maxGenerations: number;
  apiKey?: string;
  baseURL?: string;
  /** Where the source links lead: the docs plugin's `editUrl`, a base URL or a function. */
  editUrl?: string | EditUrlFunction;
  numberPrefixParser?: NumberPrefixParser;
  /** URL of the docs instance's root (base URL and `routeBasePath`), for `editUrl` functions. */
  permalinkBase?: string;
  locale?: string;
  /** The locale of the pages in `docsDir`: the default one, or a translation's (`locales.ts`). */
  docsLocale?: string;
  /** The site's locales, the default one first. */
  locales?: string[];
  /** Each other locale's docs translations folder, by locale. */
  translationDirs?: Record<string, string>;
  /** The site's `markdown.format`: how Docusaurus reads `.md` pages. */
  markdownFormat?: 'mdx' | 'md' | 'detect';
  /** A frozen build requires every answer reviewed: the option, or `MLSD_REQUIRE_REVIEW=1`. */
  requireReview?: boolean;
  /** Asks nothing, whatever the mode: the pages are written from the cache. */
  cacheOnly?: boolean;
  /** Replaces the `openai` client. */
  complete?: Complete;
  log: Log;
}

export const PLUGIN_NAME = 'docusaurus-plugin-mlsd-deploy';

/** `MLSD_MODE` wins over the `mode` option; a wrong value fails with what is allowed. */
function resolveMode(option: Mode, env: NodeJS.ProcessEnv): Mode {
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
function resolveMaxGenerations(option: number, env: NodeJS.ProcessEnv): number {
  const value = env.MLSD_MAX_GENERATIONS?.trim();
  if (!value) return option;
  if (!/^\d+$/.test(value)) {
    throw new MlsdError(
      `Cannot use \`${value}\` for MLSD_MAX_GENERATIONS, expected a whole number.`,
    );
  }
  return Number(value);
}

/** A docs plugin instance's options as written in the site config. */
type DocsOptionsLike = Record<string, unknown>;

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Every docs plugin instance's options in the site config (preset `docs`, `plugins`), by id. */
function docsInstancesOf(
  siteConfig: LoadContext['siteConfig'],
): Map<string, DocsOptionsLike> {
  const found = new Map<string, DocsOptionsLike>();
  const add = (name: unknown, pattern: RegExp, options: unknown) => {
    if (typeof name !== 'string' || !pattern.test(name)) return;
    const docs = (
      options && typeof options === 'object' ? options : {}
    ) as DocsOptionsLike;
    found.set(typeof docs.id === 'string' ? docs.id : DEFAULT_PLUGIN_ID, docs);
  };
  for (const preset of siteConfig.presets ?? []) {
    const [name, options] = (Array.isArray(preset) ? preset : []) as [
      unknown,
      {docs?: unknown}?,
    ];
    if (options?.docs !== false)
      add(name, /(^classic$|preset-classic)/, options?.docs);
  }
  for (const plugin of siteConfig.plugins ?? []) {
    const [name, options] = Array.isArray(plugin) ? plugin : [plugin];
    add(name, /(^content-docs$|plugin-content-docs)/, options);
  }
  return found;
}

/** What the plugin reads of docs instance `docsPluginId`; only the default one may be absent. */
export function docsInstanceOf(
  siteConfig: LoadContext['siteConfig'],
  docsPluginId: string,
) {
  const instances = docsInstancesOf(siteConfig);
  const options = instances.get(docsPluginId);
  if (!options && docsPluginId !== DEFAULT_PLUGIN_ID) {
    const known = [...instances.keys()].map((id) => `\`${id}\``).join(', ');
    throw new MlsdError(
      `Cannot use \`${docsPluginId}\` for \`docsPluginId\`: the site config has no docs plugin instance with that id${known ? ` (it has ${known})` : ''}. Set \`docsPluginId\` to the \`id\` of the docs instance whose designs this plugin serves.`,
    );
  }
  const docs = options ?? {};
  const parser = docs.numberPrefixParser;
  return {
    path: typeof docs.path === 'string' ? docs.path : 'docs',
    routeBasePath:
      typeof docs.routeBasePath === 'string' ? docs.routeBasePath : 'docs',
    include: isStrings(docs.include) ? docs.include : DOCS_INCLUDE_DEFAULT,
    exclude: isStrings(docs.exclude) ? docs.exclude : GlobExcludeDefault,
    editUrl:
      typeof docs.editUrl === 'string' || typeof docs.editUrl === 'function'
        ? (docs.editUrl as string | EditUrlFunction)
        : undefined,
    numberPrefixParser:
      typeof parser === 'function'
        ? (parser as NumberPrefixParser)
        : parser === false
          ? noNumberPrefix
          : defaultNumberPrefix,
  };
}

/** An instance's CLI command: `mlsd`, or `mlsd:<id>` as the docs plugin names `docs:version`. */
export function commandName(pluginId: string): string {
  return pluginId === DEFAULT_PLUGIN_ID ? 'mlsd' : `mlsd:${pluginId}`;
}

/** The site's locales, the default first, and where each other one's docs translations are. */
function siteLocales(
  context: LoadContext,
  docsPluginId: string,
): Pick<RunContext, 'locales' | 'translationDirs'> {
  const {i18n, siteDir} = context;
  if (!i18n.defaultLocale) return {}; // A context made by hand (a test's).
  const locales = [
    i18n.defaultLocale,
    ...(i18n.locales ?? []).filter((locale) => locale !== i18n.defaultLocale),
  ];
  // As Docusaurus places them: the i18n folder, the locale's own `path`, the docs instance's name.
  const translationDirs = Object.fromEntries(
    locales.slice(1).map((locale) => [
      locale,
      getPluginI18nPath({
        localizationDir: resolve(
          siteDir,
          i18n.path ?? 'i18n',
          i18n.localeConfigs?.[locale]?.path ?? locale,
        ),
        pluginName: 'docusaurus-plugin-content-docs',
        pluginId: docsPluginId,
        subPaths: ['current'],
      }),
    ]),
  );
  return {locales, translationDirs};
}

/** `log` with `prefix` before every message. */
export function prefixLog(log: Log, prefix: string): Log {
  const to = (level: keyof Log) => (message: string) =>
    log[level](prefix + message);
  return {info: to('info'), warn: to('warn'), error: to('error')};
}

/** Resolves what a run needs from the site, the options and the environment. */
export function runContext(
  context: LoadContext,
  options: PluginOptions,
  env: NodeJS.ProcessEnv = process.env,
  log: Log = prefixLog(logger, `${logger.bold('[mlsd-deploy]')} `),
): RunContext {
  const docs = docsInstanceOf(context.siteConfig, options.docsPluginId);
  const parse = context.siteConfig.markdown?.parseFrontMatter;
  return {
    siteDir: context.siteDir,
    docsDir: resolve(context.siteDir, options.docsPath ?? docs.path),
    stateDir: join(context.generatedFilesDir, PLUGIN_NAME, options.id),
    options,
    mode: resolveMode(options.mode, env),
    maxGenerations: resolveMaxGenerations(options.maxGenerationsPerRun, env),
    requireReview:
      options.requireReview ||
      /^(1|true|yes)$/i.test(env.MLSD_REQUIRE_REVIEW?.trim() ?? ''),
    model: env.MLSD_MODEL?.trim() || options.model,
    apiKey: env.OPENAI_API_KEY?.trim() || undefined,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    editUrl: options.editUrl ?? docs.editUrl,
    docsGlobs: {include: docs.include, exclude: docs.exclude},
    numberPrefixParser: docs.numberPrefixParser,
    // Docusaurus's default parser reads the same YAML as the core's cheaper split: skip it.
    parseFrontMatter: parse === DEFAULT_PARSE_FRONT_MATTER ? undefined : parse,
    permalinkBase: normalizeUrl([context.baseUrl, docs.routeBasePath]),
    locale: context.i18n.currentLocale,
    docsLocale: context.i18n.defaultLocale,
    ...siteLocales(context, options.docsPluginId),
    markdownFormat: context.siteConfig.markdown?.format ?? 'mdx',
    log,
  };
}
