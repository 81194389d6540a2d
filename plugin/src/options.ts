import {DEFAULT_PLUGIN_ID} from '@docusaurus/utils';
import {Joi} from '@docusaurus/utils-validation';
import type {OptionValidationContext} from '@docusaurus/types';
import type {Mode, Options, PluginOptions} from 'docusaurus-plugin-mlsd-deploy';
import {ROLES} from './core/roles';

// The option types are the public contract, declared in `plugin-mlsd-deploy.d.ts`.
export type {Mode, Options, PluginOptions};

/** The options' defaults; `cacheDir` is the default instance's (each instance has its own). */
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

const rules: Record<keyof PluginOptions, Joi.Schema> = {
  id: Joi.string(),
  docsPluginId: Joi.string().min(1).default(DEFAULT_PLUGIN_ID),
  docsPath: Joi.string(),
  cacheDir: Joi.string().default(({id}: {id?: string}) =>
    !id || id === DEFAULT_PLUGIN_ID
      ? DEFAULT_OPTIONS.cacheDir
      : `${DEFAULT_OPTIONS.cacheDir}-${id}`,
  ),
  promptTemplate: Joi.string(),
  model: Joi.string().min(1),
  temperature: Joi.number().min(0).max(2),
  maxTokens: Joi.number().integer().min(1),
  params: Joi.object()
    .pattern(Joi.string(), Joi.any())
    .custom((value: Record<string, unknown>) => {
      for (const reserved of ['model', 'messages', 'stream'])
        if (reserved in value)
          throw new Error(
            `\`params.${reserved}\` is set by the plugin; use the \`model\` option for the model`,
          );
      return value;
    }),
  mode: Joi.string().valid(...MODES),
  concurrency: Joi.number().integer().min(1).max(64),
  timeout: Joi.number().integer().min(1000),
  maxRetries: Joi.number().integer().min(0).max(10),
  outputFileName: Joi.string()
    .pattern(/^[^/\\]+\.mdx$/)
    .message(
      '"outputFileName" must be a file name ending in .mdx, without folders',
    ),
  pageTitle: Joi.string().min(1),
  pageTitleFormat: Joi.string().min(1),
  editUrl: Joi.alternatives(Joi.string().uri(), Joi.function()),
  maxGenerationsPerRun: Joi.number().integer().min(0),
  onStale: Joi.string().valid('banner', 'placeholder'),
  maxPromptTokens: Joi.number().integer().min(100),
  allowIncomplete: Joi.boolean(),
  requireReview: Joi.boolean(),
  onGenerationError: Joi.string().valid('warn', 'throw'),
  allowInsecureBaseUrl: Joi.boolean(),
  devDebounceMs: Joi.number().integer().min(0),
  include: Joi.array().items(Joi.string()),
  roleMatchers: Joi.array().items(
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
  ),
  replaceDefaultMatchers: Joi.boolean(),
};

/** Every option with a default takes it from `DEFAULT_OPTIONS`, but `cacheDir` (see above). */
const schema = Joi.object<PluginOptions>(
  Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [
      name,
      name in DEFAULT_OPTIONS && name !== 'cacheDir'
        ? rule.default(DEFAULT_OPTIONS[name as keyof typeof DEFAULT_OPTIONS])
        : rule,
    ]),
  ),
);

/** Validates and normalizes the user's options (Docusaurus calls it before the plugin). */
export function validateOptions({
  validate,
  options,
}: OptionValidationContext<Options, PluginOptions>): PluginOptions {
  return validate(schema, options);
}
