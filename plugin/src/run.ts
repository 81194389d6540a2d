import {mkdir, readFile, rm} from 'node:fs/promises';
import {dirname, join, relative, resolve} from 'node:path';
import {fenceAsText, mdxCompileError, sanitizeAnswer} from './core/answer';
import {findDesigns, isGeneratedPage, type Design} from './core/discover';
import {cacheKey, inputDigests, type ChatRequest} from './core/key';
import {loadMarkdownTools, type MarkdownTools} from './core/markdown';
import {renderDeployPage, type DeployPage, type PageSource, type PageState} from './core/page';
import {buildMessages, buildPrompt, checkTemplate, type PromptSection} from './core/prompt';
import {DEFAULT_MATCHERS, ROLES, ROLE_TITLES, type Role} from './core/roles';
import {extractPageSection} from './core/sections';
import {readDocsTree, type DocsTree} from './docs';
import {createChatClient, GenerationError, redact, type Complete} from './llm';
import type {Mode, PluginOptions} from './options';
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
  options: PluginOptions;
  mode: Mode;
  /** The model asked: `MLSD_MODEL`, else the `model` option. */
  model: string;
  apiKey?: string;
  baseURL?: string;
  /** Base URL to edit sources, as the docs plugin's `editUrl`. */
  editUrl?: string;
  /** Replaces the `openai` client (tests of failure paths use a real server instead). */
  complete?: Complete;
  log: Log;
}

/** A design's state before generation. */
export type DesignState = 'fresh' | 'stale' | 'missing' | 'incomplete';

/** A design with its prompt, key and cached answers. */
export interface DesignPlan {
  design: Design;
  sections: PromptSection[];
  prompt: string;
  request: ChatRequest;
  key: string;
  inputs: Record<string, string>;
  /** The answer cached under `key`. */
  entry?: CacheEntry;
  /** The newest answer cached for this design under another key. */
  previous?: CacheEntry;
  state: DesignState;
  /** For a stale design: the inputs that changed since `previous`, named for a reader. */
  changed: string[];
}

/** What one run did. */
export interface RunSummary {
  designs: number;
  fromCache: number;
  generated: number;
  failed: number;
  incomplete: number;
  notGenerated: number;
  tokens: number;
  seconds: number;
  written: string[];
  removed: string[];
}

/** The build cannot go on; the message lists what to do. */
export class MlsdError extends Error {
  override name = 'MlsdError';
}

const BUILT_IN_TEMPLATE = join(__dirname, '..', 'templates', 'deploy-prompt.ru.txt');

/** Reads the prompt template: the user's file, or the built-in Deploy prompt. */
export async function loadTemplate(ctx: Pick<RunContext, 'siteDir' | 'options'>): Promise<{text: string; file: string}> {
  const file = ctx.options.promptTemplate ? resolve(ctx.siteDir, ctx.options.promptTemplate) : BUILT_IN_TEMPLATE;
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

/** Request parameters besides model and messages: all part of the key. */
export function requestParams(options: PluginOptions): Record<string, unknown> {
  return {temperature: options.temperature, max_tokens: options.maxTokens};
}

function formatOf(file: string): 'md' | 'mdx' {
  return file.endsWith('.mdx') ? 'mdx' : 'md';
}

const INPUT_NAMES: Record<string, string> = {
  template: 'the prompt template',
  model: 'the model',
  params: 'the request parameters',
  version: 'the cache format',
};

/** Names the inputs whose digests differ between an old answer and the current request. */
function changedInputs(previous: Record<string, string>, current: Record<string, string>, sections: PromptSection[]): string[] {
  const changed: string[] = [];
  for (const [name, digest] of Object.entries(current)) {
    if (previous[name] === digest) continue;
    const section = sections.find((candidate) => candidate.role === name);
    changed.push(section ? `"${section.title}"` : INPUT_NAMES[name] ?? name);
  }
  return changed;
}

/** Finds the designs and works out each one's prompt, key and cached answers. Calls no model. */
export async function planDesigns(
  ctx: RunContext,
  tools?: MarkdownTools,
): Promise<{plans: DesignPlan[]; tree: DocsTree; skipped: {file: string; reason: string}[]}> {
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
  const designs = findDesigns(tree.files, {
    matchers: DEFAULT_MATCHERS,
    outputFileName: ctx.options.outputFileName,
    categoryLabels: tree.categoryLabels,
  });
  const contents = new Map(tree.files.map((file) => [file.path, file.content]));
  const store = new CacheStore(resolve(ctx.siteDir, ctx.options.cacheDir));
  const {entries, skipped} = await store.readAll();
  const newestByDesign = new Map<string, CacheEntry>();
  for (const entry of entries.values()) {
    const known = newestByDesign.get(entry.design);
    if (!known || known.created < entry.created) newestByDesign.set(entry.design, entry);
  }

  const params = requestParams(ctx.options);
  const plans = designs.map((design): DesignPlan => {
    const sections: PromptSection[] = [];
    for (const role of ROLES) {
      const source = design.sections[role];
      if (!source) continue;
      try {
        const text = extractPageSection(contents.get(source.file)!, formatOf(source.file), md, source.heading);
        sections.push({role, title: text.title || ROLE_TITLES[role], markdown: text.markdown});
      } catch (error) {
        throw new MlsdError(`Cannot read section ${role} of design ${design.id} from ${join(ctx.docsDir, source.file)}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    const prompt = buildPrompt(template.text, sections, template.file);
    const request: ChatRequest = {model: ctx.model, messages: buildMessages(prompt), params};
    const key = cacheKey(request);
    const inputs = inputDigests({
      sections: Object.fromEntries(sections.map((section) => [section.role, `${section.title}\n${section.markdown}`])),
      template: template.text,
      model: ctx.model,
      params,
    });
    const entry = entries.get(key);
    const previousCandidate = newestByDesign.get(design.id);
    const previous = previousCandidate && previousCandidate.key !== key ? previousCandidate : undefined;
    const state: DesignState = design.missing.length > 0 ? 'incomplete' : entry ? 'fresh' : previous ? 'stale' : 'missing';
    return {
      design,
      sections,
      prompt,
      request,
      key,
      inputs,
      entry,
      previous,
      state,
      changed: state === 'stale' && previous ? changedInputs(previous.inputs, inputs, sections) : [],
    };
  });
  return {plans, tree, skipped};
}

/** Runs `fn` over `items`, at most `limit` at once. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
  return results;
}

function missingMessage(ctx: RunContext): string {
  if (ctx.mode === 'offline') return 'Not generated yet: the build runs with MLSD_MODE=offline, which never asks the model.';
  if (ctx.mode === 'frozen') return 'Not generated yet: the build runs with MLSD_MODE=frozen, which only reads the cache.';
  return 'Not generated yet. Set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI) and run the build again; the answer is then cached and committed with the cache folder.';
}

function incompleteMessage(missing: Role[]): string {
  const names = missing.map((role) => `"${ROLE_TITLES[role]}"`).join(', ');
  return `This design has no section ${names}, so no answer is generated. Add a page to the design's folder whose title is ${names} (the handbook's numbering), then rebuild.`;
}

function editUrlOf(ctx: RunContext, file: string): string | undefined {
  if (!ctx.editUrl) return undefined;
  const fromSite = relative(ctx.siteDir, join(ctx.docsDir, file)).split('\\').join('/');
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
}

/** Decides what a design's page shows, from its plan and what this run did. */
function outcomeOf(plan: DesignPlan, ctx: RunContext, generated: Map<string, CacheEntry | GenerationError>): Outcome {
  if (plan.state === 'incomplete') return {state: 'incomplete', message: incompleteMessage(plan.design.missing)};
  const result = generated.get(plan.key);
  if (result instanceof GenerationError) {
    const kept = plan.entry ?? plan.previous;
    return {
      answer: kept,
      state: 'failed',
      message: `Generation failed: ${result.message} ${result.hint}${kept ? ' The last answer is shown below.' : ''}`,
    };
  }
  if (result) return {answer: result, state: 'fresh', message: null};
  if (plan.entry) return {answer: plan.entry, state: 'fresh', message: null};
  if (plan.previous) {
    return {
      answer: plan.previous,
      state: 'stale',
      message: `${plan.changed.join(', ') || 'The inputs'} changed since this answer was generated. ${missingMessage(ctx).replace(/^Not generated yet[.:]\s*/, '')}`,
    };
  }
  return {state: 'missing', message: missingMessage(ctx)};
}

/** Builds the page of one design; the answer is sanitized and compile-checked before it is kept. */
async function deployPageOf(plan: DesignPlan, outcome: Outcome, ctx: RunContext, md: MarkdownTools): Promise<string> {
  const sources: PageSource[] = plan.sections.map((section) => {
    const file = plan.design.sections[section.role]!.file;
    return {role: section.role, title: section.title, file, editUrl: editUrlOf(ctx, file)};
  });
  const answer = outcome.answer;
  const page: DeployPage = {
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
          }
        : null,
      sources,
      missing: plan.design.missing,
      message: outcome.message,
      answerAsText: false,
    },
  };
  let text = renderDeployPage(page);
  const error = page.answerMdx ? await mdxCompileError(text) : undefined;
  if (error && answer) {
    ctx.log.warn(`The answer for design ${plan.design.id} does not compile as MDX (${error}); it is shown as plain text.`);
    text = renderDeployPage({
      ...page,
      answerMdx: fenceAsText(answer.answer, 'markdown'),
      props: {...page.props, answerAsText: true},
    });
  }
  return text;
}

/** Reads the current bytes of a file, or `undefined` when it does not exist. */
async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The whole run: plan, generate what the mode allows, write each design's Deploy page (only when
 * its bytes change), remove generated pages whose design is gone, and log one summary line.
 */
export async function syncDeployPages(ctx: RunContext): Promise<RunSummary> {
  const started = Date.now();
  const md = await loadMarkdownTools();
  const {plans, tree, skipped} = await planDesigns(ctx, md);
  for (const entry of skipped) ctx.log.warn(`Ignoring cache file ${entry.file}: ${entry.reason}. It is left as it is; the design is regenerated when needed.`);

  // A user's own file where a generated page would go is never overwritten.
  const contents = new Map(tree.files.map((file) => [file.path, file.content]));
  const clashes = plans.filter((plan) => {
    const existing = contents.get(plan.design.outputFile);
    return existing !== undefined && !isGeneratedPage(existing);
  });
  if (clashes.length > 0) {
    throw new MlsdError(
      `These files were not written by docusaurus-plugin-mlsd-deploy, which would write its Deploy page there:\n` +
        clashes.map((plan) => `  - ${join(ctx.docsDir, plan.design.outputFile)}`).join('\n') +
        `\nRename them, or set the plugin's \`outputFileName\` option to another name (now "${ctx.options.outputFileName}"). Nothing was written.`,
    );
  }

  const complete = plans.filter((plan) => plan.state !== 'incomplete');
  const misses = complete.filter((plan) => plan.state === 'stale' || plan.state === 'missing');
  if (ctx.mode === 'frozen' && misses.length > 0) {
    throw new MlsdError(
      `MLSD_MODE=frozen: ${misses.length} design(s) have no cached answer for their current inputs:\n` +
        misses
          .map((plan) => `  - ${plan.design.id} (${plan.state}${plan.changed.length ? `: ${plan.changed.join(', ')} changed` : ''}), key ${plan.key.slice(0, 12)}`)
          .join('\n') +
        `\nGenerate them where a model is reachable (OPENAI_API_KEY set, MLSD_MODE=auto) and commit ${ctx.options.cacheDir}/. Nothing was written.`,
    );
  }

  let toGenerate: DesignPlan[] = [];
  if (ctx.mode === 'refresh') toGenerate = complete;
  else if (ctx.mode === 'auto' && (ctx.apiKey || ctx.complete)) toGenerate = misses;
  // One request per key, even when two designs ask the same.
  const byKey = new Map(toGenerate.map((plan) => [plan.key, plan]));

  const generated = new Map<string, CacheEntry | GenerationError>();
  let tokens = 0;
  if (byKey.size > 0) {
    const complete = ctx.complete ?? createChatClient({apiKey: ctx.apiKey!, baseURL: ctx.baseURL, timeout: ctx.options.timeout, maxRetries: ctx.options.maxRetries});
    const store = new CacheStore(resolve(ctx.siteDir, ctx.options.cacheDir));
    let done = 0;
    ctx.log.info(`Generating the Deploy section of ${byKey.size} design(s) with ${ctx.model}, ${ctx.options.concurrency} at a time.`);
    await mapLimit([...byKey.values()], ctx.options.concurrency, async (plan) => {
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
        tokens += completion.usage.total_tokens ?? 0;
        done++;
        ctx.log.info(`[${done}/${byKey.size}] ${plan.design.id}: generated (${completion.usage.total_tokens ?? '?'} tokens, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        const failure = error instanceof GenerationError ? error : new GenerationError('unknown', redact((error as Error).message ?? String(error), ctx.apiKey));
        generated.set(plan.key, failure);
        done++;
        ctx.log.error(`[${done}/${byKey.size}] ${plan.design.id}: ${failure.message} ${failure.hint}`);
      }
    });
  }

  const summary: RunSummary = {
    designs: plans.length,
    fromCache: 0,
    generated: 0,
    failed: 0,
    incomplete: 0,
    notGenerated: 0,
    tokens,
    seconds: 0,
    written: [],
    removed: [],
  };
  const outputs = new Set<string>();
  for (const plan of plans) {
    const outcome = outcomeOf(plan, ctx, generated);
    const result = generated.get(plan.key);
    if (outcome.state === 'incomplete') summary.incomplete++;
    else if (outcome.state === 'failed') summary.failed++;
    else if (result && !(result instanceof GenerationError)) summary.generated++;
    else if (outcome.state === 'fresh') summary.fromCache++;
    else summary.notGenerated++;

    const text = await deployPageOf(plan, outcome, ctx, md);
    const file = join(ctx.docsDir, plan.design.outputFile);
    outputs.add(plan.design.outputFile);
    if ((await readIfExists(file)) !== text) {
      await mkdir(dirname(file), {recursive: true});
      await writeFileAtomic(file, text);
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
    `${summary.designs} designs: ${summary.fromCache} from cache, ${summary.generated} generated, ${summary.failed} failed, ` +
      `${summary.incomplete} incomplete, ${summary.notGenerated} not generated; ${summary.tokens} tokens; ${summary.seconds.toFixed(1)} s`,
  );
  return summary;
}
