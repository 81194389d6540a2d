/**
 * The public types: the options, the page's props and the swizzlable theme components. The
 * plugin's own modules import them from here: the one contract a site and the plugin share.
 */

declare module 'docusaurus-plugin-mlsd-deploy' {
  import type {
    LoadContext,
    OptionValidationContext,
    Plugin,
  } from '@docusaurus/types';

  /** How the plugin treats cache misses. */
  export type Mode = 'auto' | 'frozen' | 'offline' | 'refresh';

  /** The three sections a Deploy prompt is built from. */
  export type Role = 'problem' | 'data' | 'architecture';

  /** A matcher as a user writes it in the plugin options. */
  export interface MatcherOption {
    role: Role;
    /** A regular expression (or its source), tested against the normalized title. */
    pattern: RegExp | string;
    name?: string;
  }

  /** What the docs plugin hands an `editUrl` function (see its `EditUrlFunction`). */
  export interface EditUrlParams {
    version: string;
    /** The docs folder, relative to the site folder, with `/` separators. */
    versionDocsDirPath: string;
    /** The page, relative to the docs folder, with `/` separators. */
    docPath: string;
    /** The page's URL as the docs plugin places a page without a `slug`. */
    permalink: string;
    locale: string;
  }

  /** An `editUrl` function, as the docs plugin takes it. */
  export type EditUrlFunction = (params: EditUrlParams) => string | undefined;

  /** The resolved options of the plugin. */
  export interface PluginOptions {
    /** Plugin instance id, as for every Docusaurus plugin. */
    id: string;
    /** The docs plugin instance whose docs are read, with its `path`, `editUrl` and `include`. */
    docsPluginId: string;
    /** Docs folder to scan, relative to the site folder; default: the docs instance's `path`. */
    docsPath?: string;
    /** Cache folder relative to the site; commit it. `mlsd-cache`, `mlsd-cache-<id>` for others. */
    cacheDir: string;
    /**
     * `ru` or `en` for a built-in Deploy prompt (default `ru`), or a template file relative to
     * the site folder. A design's `mlsd_template` front matter chooses its own.
     */
    promptTemplate?: string;
    /** The chat model; `MLSD_MODEL` overrides it. */
    model: string;
    /** Sampling temperature sent with every request. */
    temperature: number;
    /** `max_tokens` of each request. */
    maxTokens: number;
    /**
     * More request parameters, merged over `temperature` and `max_tokens`; `null` removes one.
     * For reasoning models: `{max_tokens: null, temperature: null, max_completion_tokens: 8000}`.
     * Every parameter is part of the cache key.
     */
    params: Record<string, unknown>;
    /** `auto`, `frozen`, `offline` or `refresh`; `MLSD_MODE` overrides it. */
    mode: Mode;
    /** How many requests may be in flight at once. */
    concurrency: number;
    /** Timeout of one request, in milliseconds. */
    timeout: number;
    /** Retries of a transient failure (408, 409, 429, 5xx, connection, malformed answer). */
    maxRetries: number;
    /** File name of the generated page in a folder design. */
    outputFileName: string;
    /** The generated page's name: the sidebar label of a folder design's page. */
    pageTitle: string;
    /** The generated page's title, from `{pageTitle}` and `{design}` (the design's title). */
    pageTitleFormat: string;
    /** The cost guard: most requests one run may make; `MLSD_MAX_GENERATIONS` overrides it. */
    maxGenerationsPerRun: number;
    /** What a stale design's page shows: its last answer under a banner, or a placeholder. */
    onStale: 'banner' | 'placeholder';
    /** Largest prompt, in tokens, that is sent; a larger one is an error on its page, never cut. */
    maxPromptTokens: number;
    /** Generate for a design that lacks a section, or whose section is empty. */
    allowIncomplete: boolean;
    /**
     * A failed request, once every answer obtained is cached: `warn` shows it on its page and in
     * the log; `throw` fails the build. A refused key, a forbidden or unknown model always stop it.
     */
    onGenerationError: 'warn' | 'throw';
    /** A `frozen` build fails on answers not reviewed; `MLSD_REQUIRE_REVIEW=1` turns it on too. */
    requireReview: boolean;
    /** Allow a plain `http://` base URL to a host other than this machine. */
    allowInsecureBaseUrl: boolean;
    /** Dev server: milliseconds of quiet after a save before the plugin runs. */
    devDebounceMs: number;
    /** Globs, relative to the docs folder, of single-page designs (as `mlsd: true` marks one). */
    include: string[];
    /** Matchers of your own, tried before the built-in ones. */
    roleMatchers: MatcherOption[];
    /** Use only `roleMatchers`, none of the built-in ones. */
    replaceDefaultMatchers: boolean;
    /** Where source links lead, as the docs plugin's `editUrl`; default: the docs instance's. */
    editUrl?: string | EditUrlFunction;
  }

  /** The options a user writes: all optional. */
  export type Options = Partial<PluginOptions>;

  /** The options' defaults (the ones that do not depend on the instance or the site). */
  export const DEFAULT_OPTIONS: Omit<
    PluginOptions,
    'id' | 'docsPluginId' | 'docsPath' | 'promptTemplate' | 'editUrl'
  >;

  /** A design's state, as `mlsd status` reports it and its page shows it. */
  export type DesignState =
    | 'fresh'
    | 'stale'
    | 'missing'
    | 'pinned'
    | 'incomplete'
    | 'failed'
    | 'too-large'
    | 'generating';

  /** One item of the checklist of what the prompt asks, as the answer covers it. */
  export interface CoverageResult {
    id: string;
    label: string;
    status: 'found' | 'rejected' | 'missing';
    /** The answer's heading the item was found (or rejected) under; `null` before any heading. */
    heading: string | null;
  }

  /** What a figure is measured in: durations in ms, sizes in bytes, rates per second, ... */
  export type FigureUnit =
    'ms' | 'bytes' | 'per_second' | 'count' | 'percent' | `money:${string}`;

  /** A figure of the design's sections or of the answer: a number with a unit or a scale. */
  export interface FigureItem {
    /** As written (`1,5 млн`, `p95 < 200 ms`). */
    text: string;
    /** In `unit`; a range's upper end. */
    value: number;
    unit: FigureUnit;
    /** A range's lower end. */
    min?: number;
    /** Input figures: the section (role) it stands in, the heading above it, its line there. */
    role?: string;
    heading?: string | null;
    line?: number;
    /** Used and introduced figures: the answer's heading above where the answer states it. */
    answerHeading?: string | null;
  }

  /**
   * What an answer does with its design's figures (a heuristic): the figures it repeats, those it
   * leaves out, and those it introduces (matching none of the design's, in a unit they use).
   */
  export type FigureComparison = Record<
    'used' | 'leftOut' | 'introduced',
    FigureItem[]
  >;

  /** A part of the prompt as sent: the template's instructions, or an inserted section. */
  export type PromptPart =
    | {kind: 'instructions'; text: string}
    | {kind: 'section'; role: Role; title: string; text: string};

  /** Whether a person reviewed the answer shown. */
  export interface ReviewStatus {
    state: 'draft' | 'reviewed' | 'lapsed';
    by?: string;
    /** ISO date of the review. */
    at?: string;
    note?: string;
  }

  /**
   * An input a notice names: a section by title, a role (`removed`: its section is gone), another
   * input of the request (`template`, `model`, `params`, `version`; `inputs`: all), a heading.
   */
  export type NoticeItem =
    | {section: string}
    | {role: Role}
    | {removed: Role}
    | {input: string}
    | {heading: string; line: number};

  /** The sentences a page can say about its state: `theme.mlsdDeploy.notice.<id>` in the theme. */
  export type NoticeId =
    | 'missing'
    | 'stale'
    | 'staleHidden'
    | 'editedStale'
    | 'pinnedOld'
    | 'incompletePage'
    | 'closestHeadings'
    | 'overrideUnknown'
    | 'incompleteFolder'
    | 'emptySection'
    | 'tooLarge'
    | 'generating'
    | 'generatingChanged'
    | 'shownMeanwhile'
    | 'failed'
    | 'hint'
    | 'lastShown'
    | 'failedBefore'
    | 'howAuto'
    | 'howOffline'
    | 'howFrozen';

  /**
   * A sentence of a page's notice, for the theme to translate. Its values are put in verbatim,
   * never read as markup. A `hint` part's `kind` selects the advice; `hint` is it in English.
   */
  export interface NoticePart {
    id: NoticeId;
    values?: Record<string, string | number | NoticeItem[]>;
  }

  /** The answer's provenance, shown under the page title. */
  export interface AnswerMeta {
    model: string;
    /** ISO date the answer was generated. */
    created: string;
    /** First 12 hex digits of the cache key. */
    key: string;
    promptTokens?: number;
    completionTokens?: number;
    totalTokens?: number;
    /** Set for a pinned answer. */
    pinned?: true;
    /** A pinned answer's note, when its pin has one: who wrote it, or why it was pinned. */
    pinnedNote?: string;
  }

  /** A source section, for links back to it. */
  export interface PageSource {
    role: Role;
    title: string;
    file: string;
    editUrl?: string;
  }

  /** The props of the `@theme/MlsdDeploy` component, as serialized into the page. */
  export interface DeployPageProps {
    designId: string;
    designTitle: string;
    state: DesignState;
    /** The prompt exactly as sent (or as it would be sent). */
    prompt: string | null;
    meta: AnswerMeta | null;
    sources: PageSource[];
    missing: Role[];
    /** What went wrong and what to do, for the states that need it: in English (see `notice`). */
    message: string | null;
    /** The same as `message`, sentence by sentence, for the theme to say in the site's language. */
    notice: NoticePart[] | null;
    /** Set when the answer could not be shown as Markdown and is shown as text. */
    answerAsText: boolean;
    /** Inputs that changed since the answer shown (stale, or pinned against an older prompt). */
    changed: string[];
    /** The prompt's parts, whose texts joined are `prompt`; `null` when it is too large to send. */
    parts: PromptPart[] | null;
    /** The prompt template: `ru`, `en`, or `custom` for a file of your own. */
    template: string;
    /** The answer as Markdown, as the cache holds it: what the answer's copy button copies. */
    answerMarkdown: string | null;
    /** The answer was edited by hand in the cache. */
    edited: boolean;
    /** Whether a person reviewed the answer shown; `null` when there is none. */
    review: ReviewStatus | null;
    /** The command that records a review of the answer shown; `null` when there is none. */
    reviewCommand: string | null;
    /** What the answer covers of the prompt's checklist; `null` when there is no answer. */
    coverage: CoverageResult[] | null;
    /** The design's figures the answer uses, leaves out, or replaces; `null` with no answer. */
    figures: FigureComparison | null;
  }

  /** Validates and normalizes the user's options (Docusaurus calls it before the plugin). */
  export function validateOptions(
    context: OptionValidationContext<Options, PluginOptions>,
  ): PluginOptions;

  /** The plugin: writes each design's Deploy page before the docs plugin reads the docs. */
  export default function pluginMlsdDeploy(
    context: LoadContext,
    options: PluginOptions,
  ): Promise<Plugin<void>>;
}

declare module '@theme/MlsdDeploy' {
  import type {ReactNode} from 'react';
  import type {DeployPageProps} from 'docusaurus-plugin-mlsd-deploy';

  export interface Props {
    /** Everything the page shows but the answer, as the plugin wrote it into the page. */
    readonly data: DeployPageProps;
    /** The answer, as Markdown rendered by MDX. */
    readonly children?: ReactNode;
  }

  export default function MlsdDeploy(props: Props): ReactNode;
}

declare module '@theme/MlsdDeploySource' {
  import type {ReactNode} from 'react';

  export interface Props {
    /** The role of the section linked: `problem`, `data` or `architecture`. */
    readonly role: string;
    /** The link, as Docusaurus resolved it from Markdown. */
    readonly children?: ReactNode;
  }

  export default function MlsdDeploySource(props: Props): ReactNode;
}
