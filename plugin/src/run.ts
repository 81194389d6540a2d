import {readFileSync} from 'node:fs';
import {readFile, rm} from 'node:fs/promises';
import {join, relative, resolve} from 'node:path';
import {fenceAsText, mdxCompileError, sanitizeAnswer} from './core/answer';
import {findDesigns, isGeneratedPage, type Design} from './core/discover';
import {
  cacheKey,
  canonicalJson,
  inputDigests,
  sha256,
  type ChatRequest,
} from './core/key';
import {loadMarkdownTools, type MarkdownTools} from './core/markdown';
import {
  renderDeployPage,
  type DeployPage,
  type PageSource,
  type PageState,
} from './core/page';
import {
  buildMessages,
  buildPrompt,
  checkTemplate,
  estimateTokens,
  type PromptSection,
} from './core/prompt';
import {analyzePageDesign} from './core/pageDesign';
import {
  resolveMatchers,
  ROLES,
  ROLE_TITLES,
  type Role,
  type RoleMatcher,
} from './core/roles';
import {extractPageSection} from './core/sections';
import {readDocsTree, type DocsTree} from './docs';
import {FailureLog, type Failure} from './failures';
import {createChatClient, GenerationError, redact, type Complete} from './llm';
import type {Mode, PluginOptions} from './options';
import {Progress} from './progress';
import {SectionCache} from './sectionCache';
import {CacheStore, writeFileAtomic, type CacheEntry} from './store';

/** Where messages go; `@docusaurus/logger` in the plugin, a collector in tests. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Everything one run needs, resolved from options and environment by the plugin entry. */
export interface RunContext {
  siteDir: string;
  /** Absolute path of the docs folder. */
  docsDir: string;
  /** Folder for local, uncommitted state (the last failures): inside `.docusaurus`. */
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
  /** Replaces the `openai` client. */
  complete?: Complete;
  log: Log;
}

/** A design's state, as `mlsd status` reports it. */
export type DesignState =
  | 'fresh'
  | 'stale'
  | 'missing'
  | 'pinned'
  | 'incomplete'
  | 'failed'
  | 'too-large';

/** A design with its prompt, key and cached answers. */
export interface DesignPlan {
  design: Design;
  sections: PromptSection[];
  prompt: string;
  /** Estimated size of the prompt in tokens. */
  promptTokens: number;
  request: ChatRequest;
  key: string;
  inputs: Record<string, string>;
  /** The answer cached under `key`. */
  entry?: CacheEntry;
  /** The newest answer cached for this design under another key. */
  previous?: CacheEntry;
  /** The answer a person pinned for this design. */
  pin?: CacheEntry;
  /** The last failed request for the current key. */
  failure?: Failure;
  state: DesignState;
  /** Inputs that changed since the answer the design would show (stale, or pinned against an older prompt). */
  changed: string[];
  /** Why the design is in its state, for `status` and the page. */
  reason: string;
}

/** What one run did. */
export interface RunSummary {
  designs: number;
  fromCache: number;
  pinned: number;
  generated: number;
  failed: number;
  incomplete: number;
  notGenerated: number;
  requests: number;
  tokensIn: number;
  tokensOut: number;
  seconds: number;
  written: string[];
  removed: string[];
}

/** What to generate in a run. */
export interface SyncRequest {
  /** Only these designs are generated (all are still written). */
  designs?: readonly string[];
  /** Generate the selected designs even when cached (pinned ones never). */
  force?: boolean;
  /** Explicit `generate` command: generate misses whatever the mode, a key is required. */
  explicit?: boolean;
}

/** The build cannot go on; the message lists what to do. */
export class MlsdError extends Error {
  override name = 'MlsdError';
}

/** Version of how sections are read from pages: bump it when that changes, to drop cached readings. */
const SECTION_READING_VERSION = `1/${(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {version: string}).version}`;

const BUILT_IN_TEMPLATE = join(
  __dirname,
  '..',
  'templates',
  'deploy-prompt.ru.txt',
);

/** Reads the prompt template: the user's file, or the built-in Deploy prompt. */
export async function loadTemplate(
  ctx: Pick<RunContext, 'siteDir' | 'options'>,
): Promise<{text: string; file: string}> {
  const file = ctx.options.promptTemplate
    ? resolve(ctx.siteDir, ctx.options.promptTemplate)
    : BUILT_IN_TEMPLATE;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MlsdError(
      `Cannot read the prompt template ${file} (option \`promptTemplate\`): ${(error as Error).message}. ` +
        'Point the option at an existing file, relative to the site folder, or remove it to use the built-in prompt.',
      {cause: error},
    );
  }
  checkTemplate(text, file);
  return {text, file};
}

/** The cache folder of a run: the `cacheDir` option, relative to the site folder. */
export function cacheStoreOf(
  ctx: Pick<RunContext, 'siteDir' | 'options'>,
): CacheStore {
  return new CacheStore(resolve(ctx.siteDir, ctx.options.cacheDir));
}

/** Request parameters besides model and messages: all part of the key. `null` in `params` removes one. */
export function requestParams(
  options: Pick<PluginOptions, 'temperature' | 'maxTokens' | 'params'>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    temperature: options.temperature,
    max_tokens: options.maxTokens,
    ...options.params,
  };
  return Object.fromEntries(
    Object.entries(merged).filter(
      ([, value]) => value !== null && value !== undefined,
    ),
  );
}

/**
 * How Docusaurus reads a page: as MDX, unless the site's `markdown.format` is `md`, or `detect`
 * and the page is `.md`.
 */
function formatOf(
  file: string,
  ctx: Pick<RunContext, 'markdownFormat'>,
): 'md' | 'mdx' {
  if (ctx.markdownFormat === 'md') return 'md';
  if (ctx.markdownFormat === 'detect')
    return file.endsWith('.mdx') ? 'mdx' : 'md';
  return 'mdx';
}

const INPUT_NAMES: Record<string, string> = {
  template: 'the prompt template',
  model: 'the model',
  params: 'the request parameters',
  version: 'the cache format',
};

/** Names the inputs whose digests differ between an old answer and the current request. */
function changedInputs(
  previous: Record<string, string>,
  current: Record<string, string>,
  sections: PromptSection[],
): string[] {
  const changed: string[] = [];
  for (const [name, digest] of Object.entries(current)) {
    if (previous[name] === digest) continue;
    const section = sections.find((candidate) => candidate.role === name);
    changed.push(section ? `"${section.title}"` : (INPUT_NAMES[name] ?? name));
  }
  for (const name of Object.keys(previous)) {
    if (!(name in current) && ROLES.includes(name as Role))
      changed.push(`"${ROLE_TITLES[name as Role]}" (removed)`);
  }
  return changed;
}

function missingRolesText(missing: Role[]): string {
  return missing.map((role) => `"${ROLE_TITLES[role]}"`).join(', ');
}

/** Works out a design's state, and why, from what the cache holds for it. */
function stateOf(
  plan: Omit<DesignPlan, 'state' | 'changed' | 'reason'>,
  ctx: RunContext,
): Pick<DesignPlan, 'state' | 'changed' | 'reason'> {
  const {design, sections, inputs} = plan;
  if (plan.pin) {
    const changed =
      plan.pin.key === plan.key
        ? []
        : changedInputs(plan.pin.inputs, inputs, sections);
    return {
      state: 'pinned',
      changed,
      reason: changed.length
        ? `pinned against an older prompt: ${changed.join(', ')} changed since`
        : 'a person pinned this answer; generation never replaces it',
    };
  }
  if (design.missing.length > 0 && !ctx.options.allowIncomplete) {
    return {
      state: 'incomplete',
      changed: [],
      reason: `no section ${missingRolesText(design.missing)}`,
    };
  }
  if (plan.promptTokens > ctx.options.maxPromptTokens) {
    return {
      state: 'too-large',
      changed: [],
      reason: `the prompt is about ${plan.promptTokens} tokens, over the \`maxPromptTokens\` limit of ${ctx.options.maxPromptTokens}`,
    };
  }
  if (plan.entry)
    return {
      state: 'fresh',
      changed: [],
      reason: 'the answer for the current inputs is cached',
    };
  if (plan.failure)
    return {
      state: 'failed',
      changed: [],
      reason: `the last request failed: ${plan.failure.message}`,
    };
  if (plan.previous) {
    const changed = changedInputs(plan.previous.inputs, inputs, sections);
    return {
      state: 'stale',
      changed,
      reason: `${changed.join(', ') || 'the inputs'} changed since the last answer`,
    };
  }
  return {
    state: 'missing',
    changed: [],
    reason: 'no answer was ever generated for this design',
  };
}

/**
 * Reads the sections of a design into prompt sections. A single-page design's roles are found
 * here (its headings need a parse); a folder design's pages were found by `findDesigns`.
 */
function designSections(
  design: Design,
  contents: Map<string, string>,
  md: MarkdownTools,
  matchers: RoleMatcher[],
  ctx: RunContext,
  cache: SectionCache,
): PromptSection[] {
  try {
    if (design.kind === 'page') {
      const format = formatOf(design.file!, ctx);
      const content = contents.get(design.file!)!;
      const read = cache.get(`page-${format}`, content, () =>
        analyzePageDesign({file: ''}, content, format, md, matchers),
      );
      design.sections = Object.fromEntries(
        ROLES.map((role) => [
          role,
          read.sections[role]
            ? {...read.sections[role], file: design.file!}
            : null,
        ]),
      ) as Design['sections'];
      design.missing = read.missing;
      return read.prompt;
    }
    const sections: PromptSection[] = [];
    for (const role of ROLES) {
      const source = design.sections[role];
      if (!source) continue;
      const format = formatOf(source.file, ctx);
      const content = contents.get(source.file)!;
      const text = cache.get(
        `section-${format}-${source.heading}`,
        content,
        () => extractPageSection(content, format, md, source.heading),
      );
      sections.push({
        role,
        title: text.title || ROLE_TITLES[role],
        markdown: text.markdown,
      });
    }
    return sections;
  } catch (error) {
    throw new MlsdError(
      `Cannot read the sections of design ${design.id} in ${ctx.docsDir}: ${(error as Error).message}`,
      {cause: error},
    );
  }
}

/** Finds the designs and works out each one's prompt, key, cached answers and state. Calls no model. */
export async function planDesigns(
  ctx: RunContext,
  tools?: MarkdownTools,
): Promise<{
  plans: DesignPlan[];
  tree: DocsTree;
  skipped: {file: string; reason: string}[];
  entries: Map<string, CacheEntry>;
  pins: Map<string, CacheEntry>;
}> {
  const md = tools ?? (await loadMarkdownTools());
  let tree: DocsTree;
  try {
    tree = await readDocsTree(ctx.docsDir);
  } catch (error) {
    throw new MlsdError(
      `Cannot read the docs folder ${ctx.docsDir}: ${(error as Error).message}. Set the plugin's \`docsPath\` option to the docs folder, relative to the site folder.`,
      {cause: error},
    );
  }
  const template = await loadTemplate(ctx);
  const matchers = resolveMatchers(
    ctx.options.roleMatchers,
    ctx.options.replaceDefaultMatchers,
  );
  const designs = findDesigns(tree.files, {
    matchers,
    outputFileName: ctx.options.outputFileName,
    include: ctx.options.include,
    categories: tree.categories,
  });
  const contents = new Map(tree.files.map((file) => [file.path, file.content]));
  const store = cacheStoreOf(ctx);
  const [{entries, skipped}, {pins, skipped: skippedPins}, failures] =
    await Promise.all([
      store.readAll(),
      store.readPins(),
      new FailureLog(ctx.stateDir).read(),
    ]);
  const newestByDesign = new Map<string, CacheEntry>();
  for (const entry of entries.values()) {
    const known = newestByDesign.get(entry.design);
    if (!known || known.created < entry.created)
      newestByDesign.set(entry.design, entry);
  }

  const params = requestParams(ctx.options);
  const sectionCache = await SectionCache.load(
    ctx.stateDir,
    sha256(
      canonicalJson({
        reading: SECTION_READING_VERSION,
        matchers: matchers.map((matcher) => [
          matcher.role,
          String(matcher.pattern),
        ]),
      }),
    ),
  );
  const plans = designs.map((design): DesignPlan => {
    const sections = designSections(
      design,
      contents,
      md,
      matchers,
      ctx,
      sectionCache,
    );
    const prompt = buildPrompt(template.text, sections, template.file);
    const request: ChatRequest = {
      model: ctx.model,
      messages: buildMessages(prompt),
      params,
    };
    const key = cacheKey(request);
    const inputs = inputDigests({
      sections: Object.fromEntries(
        sections.map((section) => [
          section.role,
          `${section.title}\n${section.markdown}`,
        ]),
      ),
      template: template.text,
      model: ctx.model,
      params,
    });
    const previousCandidate = newestByDesign.get(design.id);
    const failure = failures[design.id];
    const base = {
      design,
      sections,
      prompt,
      promptTokens: estimateTokens(prompt),
      request,
      key,
      inputs,
      entry: entries.get(key),
      previous:
        previousCandidate && previousCandidate.key !== key
          ? previousCandidate
          : undefined,
      pin: pins.get(design.id),
      failure: failure?.key === key ? failure : undefined,
    };
    return {...base, ...stateOf(base, ctx)};
  });
  await sectionCache.save();
  return {plans, tree, skipped: [...skipped, ...skippedPins], entries, pins};
}

/** Runs `fn` over `items`, at most `limit` at once. */
async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(
    Array.from({length: Math.min(limit, items.length)}, worker),
  );
}

function howToGenerate(ctx: RunContext): string {
  if (ctx.mode === 'offline')
    return 'The build runs with MLSD_MODE=offline, which never asks the model: build without it, or run `npm run mlsd -- generate`.';
  if (ctx.mode === 'frozen')
    return 'The build runs with MLSD_MODE=frozen, which only reads the cache.';
  return 'Set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI) and run the build again, or run `npm run mlsd -- generate`; then commit the cache folder.';
}

function incompleteMessage(design: Design): string {
  const names = missingRolesText(design.missing);
  const how =
    design.kind === 'page'
      ? `Add a heading ${names} to the page, or teach the plugin your heading with its \`roleMatchers\` option`
      : `Add a page whose title is ${names} to the design's folder, or mark an existing page with \`mlsd_section: <problem|data|architecture>\` in its front matter`;
  return `This design has no section ${names}, so no answer is generated. ${how}, then rebuild (\`npm run mlsd -- status\` shows what was found and why), or set the plugin option \`allowIncomplete: true\` to generate from the sections there are.`;
}

function editUrlOf(ctx: RunContext, file: string): string | undefined {
  if (!ctx.editUrl) return undefined;
  const fromSite = relative(ctx.siteDir, join(ctx.docsDir, file))
    .split('\\')
    .join('/');
  const base = ctx.editUrl.endsWith('/') ? ctx.editUrl : `${ctx.editUrl}/`;
  try {
    return new URL(fromSite, base).toString();
  } catch {
    return undefined;
  }
}

interface Outcome {
  /** The answer to show, if any. */
  answer?: CacheEntry;
  state: PageState;
  message: string | null;
  changed: string[];
}

/** Decides what a design's page shows, from its plan and what this run did. */
function outcomeOf(
  plan: DesignPlan,
  ctx: RunContext,
  generated: Map<string, CacheEntry | GenerationError>,
): Outcome {
  const result = generated.get(plan.key);
  const changed = plan.changed;
  switch (plan.state) {
    case 'pinned':
      return {
        answer: plan.pin,
        state: 'pinned',
        changed,
        message: changed.length
          ? `This answer was pinned by a person against an older prompt: ${changed.join(', ')} changed since. Generation never replaces a pin; run \`npm run mlsd -- pin\` with a revised answer, or \`npm run mlsd -- unpin --design ${plan.design.id}\` to let the model answer.`
          : null,
      };
    case 'incomplete':
      return {
        state: 'incomplete',
        changed,
        message: incompleteMessage(plan.design),
      };
    case 'too-large':
      return {
        state: 'too-large',
        changed,
        answer: plan.entry ?? plan.previous,
        message: `The prompt is about ${plan.promptTokens} tokens, over the limit of ${ctx.options.maxPromptTokens} (option \`maxPromptTokens\`): nothing was sent, and nothing is cut. Shorten the sections, or raise the limit if the model takes more.`,
      };
    default:
  }
  if (result instanceof GenerationError) {
    const kept = plan.entry ?? plan.previous;
    return {
      answer: kept,
      state: 'failed',
      changed,
      message: `Generation failed: ${result.message} ${result.hint}${kept ? ' The last answer is shown.' : ''}`,
    };
  }
  if (result)
    return {answer: result, state: 'fresh', changed: [], message: null};
  if (plan.entry)
    return {answer: plan.entry, state: 'fresh', changed: [], message: null};
  if (plan.state === 'failed') {
    return {
      answer: plan.previous,
      state: 'failed',
      changed,
      message: `The last request for these inputs failed: ${plan.failure!.message} ${howToGenerate(ctx)}`,
    };
  }
  if (plan.previous) {
    const banner = ctx.options.onStale === 'banner';
    return {
      answer: banner ? plan.previous : undefined,
      state: 'stale',
      changed,
      message: `${changed.join(', ') || 'The inputs'} changed since ${banner ? 'this' : 'the last'} answer was generated. ${howToGenerate(ctx)}`,
    };
  }
  return {
    state: 'missing',
    changed,
    message: `Not generated yet. ${howToGenerate(ctx)}`,
  };
}

/**
 * Builds the page of one design; the answer is sanitized, and compile-checked unless the page is
 * `current` (the bytes on disk) already.
 */
async function deployPageOf(
  plan: DesignPlan,
  outcome: Outcome,
  ctx: RunContext,
  md: MarkdownTools,
  current: string | undefined,
): Promise<string> {
  const sources: PageSource[] = plan.sections.map((section) => {
    const file = plan.design.sections[section.role]!.file;
    return {
      role: section.role,
      title: section.title,
      file,
      editUrl: editUrlOf(ctx, file),
    };
  });
  const answer = outcome.answer;
  const page: DeployPage = {
    id: plan.design.outputId,
    title: ctx.options.pageTitle,
    sidebarPosition: plan.design.sidebarPosition,
    editUrl: sources[0]?.editUrl ?? null,
    description: `Deploy section of ${plan.design.title}, drafted from its sections 1, 3 and 4.`,
    answerMdx: answer ? sanitizeAnswer(answer.answer, md) : null,
    props: {
      designId: plan.design.id,
      designTitle: plan.design.title,
      state: outcome.state,
      prompt: plan.prompt,
      meta: answer
        ? {
            model: answer.model,
            created: answer.created,
            key: answer.key.slice(0, 12),
            promptTokens: answer.usage.prompt_tokens,
            completionTokens: answer.usage.completion_tokens,
            totalTokens: answer.usage.total_tokens,
            ...(answer.pinned
              ? {pinnedNote: answer.note ?? 'Pinned by a person'}
              : {}),
          }
        : null,
      sources,
      missing: plan.design.missing,
      message: outcome.message,
      answerAsText: false,
      changed: outcome.changed,
    },
  };
  const text = renderDeployPage(page);
  // A page whose bytes are already on disk was checked when it was written: skip the compile.
  if (text === current || !page.answerMdx || !answer) return text;
  const error = await mdxCompileError(text);
  if (!error) return text;
  ctx.log.warn(
    `The answer for design ${plan.design.id} does not compile as MDX (${error}); it is shown as plain text.`,
  );
  return renderDeployPage({
    ...page,
    answerMdx: fenceAsText(answer.answer, 'markdown'),
    props: {...page.props, answerAsText: true},
  });
}

/** The designs a run would ask the model for, before the cost guard. */
export function designsToGenerate(
  plans: readonly DesignPlan[],
  ctx: RunContext,
  request: SyncRequest = {},
): DesignPlan[] {
  const selected = request.designs
    ? plans.filter((plan) => request.designs!.includes(plan.design.id))
    : plans;
  const askable = selected.filter(
    (plan) => !['pinned', 'incomplete', 'too-large'].includes(plan.state),
  );
  const misses = askable.filter((plan) => plan.state !== 'fresh');
  let chosen: DesignPlan[];
  if (request.force || (!request.explicit && ctx.mode === 'refresh'))
    chosen = askable;
  else if (
    request.explicit ||
    (ctx.mode === 'auto' && (ctx.apiKey || ctx.complete))
  )
    chosen = misses;
  else chosen = [];
  // One request per key, even when two designs ask the same.
  return [...new Map(chosen.map((plan) => [plan.key, plan])).values()];
}

/** Checks the names given to `--design`; throws listing the known ids. */
export function checkDesignIds(
  plans: readonly DesignPlan[],
  ids: readonly string[] | undefined,
): void {
  const unknown = (ids ?? []).filter(
    (id) => !plans.some((plan) => plan.design.id === id),
  );
  if (unknown.length) {
    throw new MlsdError(
      `No design ${unknown.map((id) => `\`${id}\``).join(', ')}. The designs are: ${plans.map((plan) => plan.design.id).join(', ') || 'none'}.`,
    );
  }
}

/**
 * The whole run: plan, generate what the mode allows, write each design's Deploy page (only when
 * its bytes change), remove generated pages whose design is gone, and log one summary line.
 */
export async function syncDeployPages(
  ctx: RunContext,
  request: SyncRequest = {},
): Promise<RunSummary> {
  const started = Date.now();
  const md = await loadMarkdownTools();
  const {plans, tree, skipped} = await planDesigns(ctx, md);
  checkDesignIds(plans, request.designs);
  for (const entry of skipped)
    ctx.log.warn(
      `Ignoring cache file ${entry.file}: ${entry.reason}. It is left as it is; the design is regenerated when needed.`,
    );

  // A user's own file where a generated page would go is never overwritten.
  const contents = new Map(tree.files.map((file) => [file.path, file.content]));
  const clashes = plans.filter((plan) => {
    const existing = contents.get(plan.design.outputFile);
    return existing !== undefined && !isGeneratedPage(existing);
  });
  if (clashes.length > 0) {
    throw new MlsdError(
      `These files were not written by docusaurus-plugin-mlsd-deploy, which would write its Deploy page there:\n` +
        clashes
          .map((plan) => `  - ${join(ctx.docsDir, plan.design.outputFile)}`)
          .join('\n') +
        `\nRename them, or set the plugin's \`outputFileName\` option to another name (now "${ctx.options.outputFileName}"). Nothing was written.`,
    );
  }

  if (ctx.mode === 'frozen' && !request.explicit) {
    const misses = plans.filter((plan) =>
      ['stale', 'missing', 'failed'].includes(plan.state),
    );
    if (misses.length > 0) {
      throw new MlsdError(
        `MLSD_MODE=frozen: ${misses.length} design(s) have no cached answer for their current inputs:\n` +
          misses
            .map(
              (plan) =>
                `  - ${plan.design.id} (${plan.state}${plan.changed.length ? `: ${plan.changed.join(', ')} changed` : ''}), key ${plan.key.slice(0, 12)}`,
            )
            .join('\n') +
          `\nGenerate them where a model is reachable (\`npm run mlsd -- generate\` with OPENAI_API_KEY set) and commit ${ctx.options.cacheDir}/. Nothing was written.`,
      );
    }
  }

  const toGenerate = designsToGenerate(plans, ctx, request);
  if (toGenerate.length > ctx.maxGenerations) {
    throw new MlsdError(
      `This run would ask the model ${toGenerate.length} times, over the limit of ${ctx.maxGenerations} (option \`maxGenerationsPerRun\`, or MLSD_MAX_GENERATIONS):\n` +
        toGenerate
          .map(
            (plan) =>
              `  - ${plan.design.id} (${plan.state}, about ${plan.promptTokens} prompt tokens)`,
          )
          .join('\n') +
        `\nRaise the limit for this run (MLSD_MAX_GENERATIONS=${toGenerate.length}), or generate a few with \`npm run mlsd -- generate --design <id>\`. Nothing was asked.`,
    );
  }
  if (
    request.explicit &&
    toGenerate.length > 0 &&
    !ctx.apiKey &&
    !ctx.complete
  ) {
    throw new MlsdError(
      '`generate` needs OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI). Nothing was asked.',
    );
  }

  const generated = new Map<string, CacheEntry | GenerationError>();
  const summary: RunSummary = {
    designs: plans.length,
    fromCache: 0,
    pinned: 0,
    generated: 0,
    failed: 0,
    incomplete: 0,
    notGenerated: 0,
    requests: 0,
    tokensIn: 0,
    tokensOut: 0,
    seconds: 0,
    written: [],
    removed: [],
  };
  if (toGenerate.length > 0) {
    const complete =
      ctx.complete ??
      createChatClient({
        apiKey: ctx.apiKey!,
        baseURL: ctx.baseURL,
        timeout: ctx.options.timeout,
        maxRetries: ctx.options.maxRetries,
      });
    const store = cacheStoreOf(ctx);
    const failures = new FailureLog(ctx.stateDir);
    const progress = new Progress(toGenerate.length, ctx.log);
    ctx.log.info(
      `Asking ${ctx.model} for the Deploy section of ${toGenerate.length} design(s), ${ctx.options.concurrency} at a time.`,
    );
    await mapLimit(toGenerate, ctx.options.concurrency, async (plan) => {
      progress.begin(plan.design.id);
      summary.requests++;
      try {
        const completion = await complete(plan.request);
        const entry: CacheEntry = {
          key: plan.key,
          design: plan.design.id,
          model: completion.model,
          created: new Date().toISOString(),
          finishReason: completion.finishReason,
          usage: completion.usage,
          inputs: plan.inputs,
          answer: completion.text,
        };
        await store.put(entry);
        generated.set(plan.key, entry);
        summary.tokensIn += completion.usage.prompt_tokens ?? 0;
        summary.tokensOut += completion.usage.completion_tokens ?? 0;
        progress.end(
          plan.design.id,
          `generated, ${completion.usage.total_tokens ?? '?'} tokens`,
        );
      } catch (error) {
        const failure =
          error instanceof GenerationError
            ? error
            : new GenerationError(
                'unknown',
                redact((error as Error)?.message ?? String(error), ctx.apiKey),
              );
        generated.set(plan.key, failure);
        await failures.record(plan.design.id, {
          key: plan.key,
          kind: failure.kind,
          message: failure.message,
          at: new Date().toISOString(),
        });
        progress.end(
          plan.design.id,
          `failed: ${failure.message} ${failure.hint}`,
          true,
        );
      }
    });
    progress.finish();
    await failures.clear(
      [...generated]
        .filter(([, result]) => !(result instanceof GenerationError))
        .map(([key]) => key),
    );
  }

  const outputs = new Set<string>();
  for (const plan of plans) {
    const outcome = outcomeOf(plan, ctx, generated);
    const result = generated.get(plan.key);
    if (outcome.state === 'pinned') summary.pinned++;
    else if (outcome.state === 'incomplete') summary.incomplete++;
    else if (outcome.state === 'failed' || outcome.state === 'too-large')
      summary.failed++;
    else if (result && !(result instanceof GenerationError))
      summary.generated++;
    else if (outcome.state === 'fresh') summary.fromCache++;
    else summary.notGenerated++;
    if (outcome.state === 'too-large' || outcome.state === 'incomplete')
      ctx.log.warn(`${plan.design.id}: ${outcome.message}`);

    // The tree read at the start of the run holds the page's current bytes (generated pages
    // are docs pages too), and its folder exists: the design's sources are in it.
    const current = contents.get(plan.design.outputFile);
    const text = await deployPageOf(plan, outcome, ctx, md, current);
    outputs.add(plan.design.outputFile);
    if (current !== text) {
      await writeFileAtomic(join(ctx.docsDir, plan.design.outputFile), text);
      summary.written.push(plan.design.outputFile);
    }
  }
  for (const file of tree.files) {
    if (!outputs.has(file.path) && isGeneratedPage(file.content)) {
      await rm(join(ctx.docsDir, file.path), {force: true});
      summary.removed.push(file.path);
      ctx.log.info(`Removed ${file.path}: its design is gone.`);
    }
  }
  summary.seconds = (Date.now() - started) / 1000;
  ctx.log.info(
    `${summary.designs} designs: ${summary.fromCache} from cache, ${summary.pinned} pinned, ${summary.generated} generated, ${summary.failed} failed, ` +
      `${summary.incomplete} incomplete, ${summary.notGenerated} not generated; ${summary.requests} requests, ` +
      `${summary.tokensIn} tokens in, ${summary.tokensOut} out; ${summary.seconds.toFixed(1)} s`,
  );
  return summary;
}
