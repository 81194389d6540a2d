import {Joi} from '@docusaurus/utils-validation';
import type {OptionValidationContext} from '@docusaurus/types';
import type {MatcherOption} from './core/roles';

/** How the plugin treats cache misses. */
export type Mode = 'auto' | 'frozen' | 'offline' | 'refresh';

/** The resolved options of the plugin. */
export interface PluginOptions {
  /** Plugin instance id, as for every Docusaurus plugin. */
  id: string;
  /**
   * Folder of the docs to scan, relative to the site folder. `undefined`: the `path` of the
   * classic preset's docs (or of `@docusaurus/plugin-content-docs`), else `docs`.
   */
  docsPath?: string;
  /** Folder of cached answers, relative to the site folder. Commit it. */
  cacheDir: string;
  /**
   * The prompt template: `ru` or `en` for a built-in Deploy prompt, or a file relative to the
   * site folder. `undefined`: the built-in Russian prompt. A design's `mlsd_template` front
   * matter chooses its own.
   */
  promptTemplate?: string;
  /** Chat model asked for the Deploy section. The `MLSD_MODEL` environment variable overrides it. */
  model: string;
  /** Sampling temperature sent with every request. */
  temperature: number;
  /** Upper bound of answer tokens (`max_tokens`) sent with every request. */
  maxTokens: number;
  /**
   * More request parameters, merged over `temperature` and `max_tokens`; `null` removes one.
   * For reasoning models: `{max_tokens: null, temperature: null, max_completion_tokens: 8000}`.
   * Every parameter is part of the cache key.
   */
  params: Record<string, unknown>;
  /** `auto`, `frozen`, `offline` or `refresh`; the `MLSD_MODE` environment variable overrides it. */
  mode: Mode;
  /** How many requests may be in flight at once. */
  concurrency: number;
  /** Timeout of one request, in milliseconds. */
  timeout: number;
  /** Retries of a failed request (408, 409, 429, 5xx, connection errors), with backoff. */
  maxRetries: number;
  /** File name of the generated page in a folder design. */
  outputFileName: string;
  /** Sidebar label and title of the generated page. */
  pageTitle: string;
  /**
   * Most requests one run may make; a run that would make more stops before asking anything
   * and lists what it would ask. `MLSD_MAX_GENERATIONS` overrides it.
   */
  maxGenerationsPerRun: number;
  /** What a stale design's page shows: its last answer under a banner, or a placeholder. */
  onStale: 'banner' | 'placeholder';
  /** Largest prompt, in estimated tokens, that is sent; a larger one is an error on its page. */
  maxPromptTokens: number;
  /**
   * What a failed request does to the build once every answer obtained is cached: `warn` shows
   * it on the design's page and in the log, and the build passes; `throw` fails the build.
   * A refused key, a forbidden or unknown model always stops the run.
   */
  onGenerationError: 'warn' | 'throw';
  /**
   * Send the key over plain `http://` to a host other than this machine. Off: such a base URL
   * stops the run before anything is sent.
   */
  allowInsecureBaseUrl: boolean;
  /** Generate for a design that lacks a section, from the sections it has. */
  allowIncomplete: boolean;
  /**
   * A `frozen` build fails, listing every design whose answer no person has reviewed (or whose
   * review lapsed). `MLSD_REQUIRE_REVIEW=1` turns it on too.
   */
  requireReview: boolean;
  /** Globs, relative to the docs folder, of pages that are single-page designs (as `mlsd: true` does). */
  include: string[];
  /** Matchers of your own: `{role, pattern}`, tested before the built-in ones on the normalized title. */
  roleMatchers: MatcherOption[];
  /** Use only `roleMatchers`, none of the built-in ones. */
  replaceDefaultMatchers: boolean;
  /**
   * Base URL to edit the sources, as the docs plugin's `editUrl` string. `undefined`: taken from
   * the classic preset's docs options when it is a string.
   */
  editUrl?: string;
}

/** The options a user writes: all optional. */
export type Options = Partial<PluginOptions>;

export const DEFAULT_OPTIONS: Omit<
  PluginOptions,
  'id' | 'docsPath' | 'promptTemplate' | 'editUrl'
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
  maxGenerationsPerRun: 25,
  onStale: 'banner',
  maxPromptTokens: 32_000,
  allowIncomplete: false,
  requireReview: false,
  onGenerationError: 'warn',
  allowInsecureBaseUrl: false,
  include: [],
  roleMatchers: [],
  replaceDefaultMatchers: false,
};

export const MODES: readonly Mode[] = ['auto', 'frozen', 'offline', 'refresh'];

const schema = Joi.object<PluginOptions>({
  id: Joi.string(),
  docsPath: Joi.string(),
  cacheDir: Joi.string().default(DEFAULT_OPTIONS.cacheDir),
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
  editUrl: Joi.string().uri(),
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
  include: Joi.array().items(Joi.string()).default(DEFAULT_OPTIONS.include),
  roleMatchers: Joi.array()
    .items(
      Joi.object({
        role: Joi.string().valid('problem', 'data', 'architecture').required(),
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
