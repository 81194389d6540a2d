import {DEFAULT_PLUGIN_ID} from '@docusaurus/utils';
import {Joi} from '@docusaurus/utils-validation';
import type {OptionValidationContext} from '@docusaurus/types';
import type {Mode, Options, PluginOptions} from 'docusaurus-plugin-mlsd-deploy';
import {ROLES} from './core/roles';

// The option types are the public contract, declared in `plugin-mlsd-deploy.d.ts`.
export type {Mode, Options, PluginOptions};

/** The options' defaults; `cacheDir` is the default instance's (see `cacheDirOf`). */
export const DEFAULT_OPTIONS: Omit<
  PluginOptions,
  'id' | 'docsPluginId' | 'docsPath' | 'promptTemplate' | 'editUrl'
> = {
  cacheDir: 'mlsd-cache',
  model: 'gpt-4o-mini',
  temperature: 0.2,
  maxTokens: 4096,
  params: {},
  mode: 'auto',
  concurrency: 4,
  timeout: 120_000,
  maxRetries: 2,
  outputFileName: '6-deploy.mdx',
  pageTitle: '6. Deploy',
  pageTitleFormat: '{pageTitle} — {design}',
  maxGenerationsPerRun: 25,
  onStale: 'banner',
  maxPromptTokens: 32_000,
  allowIncomplete: false,
  requireReview: false,
  onGenerationError: 'warn',
  allowInsecureBaseUrl: false,
  devDebounceMs: 2000,
  include: [],
  roleMatchers: [],
  replaceDefaultMatchers: false,
};

export const MODES: readonly Mode[] = ['auto', 'frozen', 'offline', 'refresh'];

/** The default cache folder of a plugin instance: each instance has its own. */
export function cacheDirOf(pluginId: string | undefined): string {
  return !pluginId || pluginId === DEFAULT_PLUGIN_ID
    ? DEFAULT_OPTIONS.cacheDir
    : `${DEFAULT_OPTIONS.cacheDir}-${pluginId}`;
}

const schema = Joi.object<PluginOptions>({
  id: Joi.string(),
  docsPluginId: Joi.string().min(1).default(DEFAULT_PLUGIN_ID),
  docsPath: Joi.string(),
  cacheDir: Joi.string().default((parent: {id?: string}) =>
    cacheDirOf(parent.id),
  ),
  promptTemplate: Joi.string(),
  model: Joi.string().min(1).default(DEFAULT_OPTIONS.model),
  temperature: Joi.number().min(0).max(2).default(DEFAULT_OPTIONS.temperature),
  maxTokens: Joi.number().integer().min(1).default(DEFAULT_OPTIONS.maxTokens),
  params: Joi.object()
    .pattern(Joi.string(), Joi.any())
    .custom((value: Record<string, unknown>) => {
      for (const reserved of ['model', 'messages', 'stream']) {
        if (reserved in value)
          throw new Error(
            `\`params.${reserved}\` is set by the plugin; use the \`model\` option for the model`,
          );
      }
      return value;
    })
    .default(DEFAULT_OPTIONS.params),
  mode: Joi.string()
    .valid(...MODES)
    .default(DEFAULT_OPTIONS.mode),
  concurrency: Joi.number()
    .integer()
    .min(1)
    .max(64)
    .default(DEFAULT_OPTIONS.concurrency),
  timeout: Joi.number().integer().min(1000).default(DEFAULT_OPTIONS.timeout),
  maxRetries: Joi.number()
    .integer()
    .min(0)
    .max(10)
    .default(DEFAULT_OPTIONS.maxRetries),
  outputFileName: Joi.string()
    .pattern(/^[^/\\]+\.mdx$/)
    .message(
      '"outputFileName" must be a file name ending in .mdx, without folders',
    )
    .default(DEFAULT_OPTIONS.outputFileName),
  pageTitle: Joi.string().min(1).default(DEFAULT_OPTIONS.pageTitle),
  pageTitleFormat: Joi.string().min(1).default(DEFAULT_OPTIONS.pageTitleFormat),
  editUrl: Joi.alternatives(Joi.string().uri(), Joi.function()),
  maxGenerationsPerRun: Joi.number()
    .integer()
    .min(0)
    .default(DEFAULT_OPTIONS.maxGenerationsPerRun),
  onStale: Joi.string()
    .valid('banner', 'placeholder')
    .default(DEFAULT_OPTIONS.onStale),
  maxPromptTokens: Joi.number()
    .integer()
    .min(100)
    .default(DEFAULT_OPTIONS.maxPromptTokens),
  allowIncomplete: Joi.boolean().default(DEFAULT_OPTIONS.allowIncomplete),
  requireReview: Joi.boolean().default(DEFAULT_OPTIONS.requireReview),
  onGenerationError: Joi.string()
    .valid('warn', 'throw')
    .default(DEFAULT_OPTIONS.onGenerationError),
  allowInsecureBaseUrl: Joi.boolean().default(
    DEFAULT_OPTIONS.allowInsecureBaseUrl,
  ),
  devDebounceMs: Joi.number()
    .integer()
    .min(0)
    .default(DEFAULT_OPTIONS.devDebounceMs),
  include: Joi.array().items(Joi.string()).default(DEFAULT_OPTIONS.include),
  roleMatchers: Joi.array()
    .items(
      Joi.object({
        role: Joi.string()
          .valid(...ROLES)
          .required(),
        pattern: Joi.alternatives(
          Joi.object().instance(RegExp),
          Joi.string().min(1),
        ).required(),
        name: Joi.string(),
      }),
    )
    .default(DEFAULT_OPTIONS.roleMatchers),
  replaceDefaultMatchers: Joi.boolean().default(
    DEFAULT_OPTIONS.replaceDefaultMatchers,
  ),
});

/** Validates and normalizes the user's options (Docusaurus calls it before the plugin). */
export function validateOptions({
  validate,
  options,
}: OptionValidationContext<Options, PluginOptions>): PluginOptions {
  return validate(schema, options);
}
