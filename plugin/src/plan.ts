import {resolve} from 'node:path';
import {findDesigns, type Design} from './core/discover';
import type {CacheEntry} from './core/entry';
import {
  cacheKey,
  canonicalJson,
  inputDigests,
  sha256,
  type ChatRequest,
} from './core/key';
import {loadMarkdownTools, type MarkdownTools} from './core/markdown';
import {buildMessages, buildPrompt, type PromptSection} from './core/prompt';
import {resolveMatchers} from './core/roles';
import {
  decideState,
  type Decision,
  type StateFacts,
  type StateSettings,
} from './core/state';
import {commandName, type RunContext} from './context';
import {readDocsTree, type DocsTree} from './docs';
import {FailureLog, type Failure} from './failures';
import type {PluginOptions} from './options';
import {
  createSectionReader,
  digestOf,
  MarkdownToolsNeeded,
  type SectionReader,
} from './reader';
import {CacheStore, type HeadMemo, type SkippedEntry} from './store';
import {POOL_FROM, WorkerPool} from './workers';
import {countPrompts} from './promptTokens';
import {encodingOfModel} from './core/tokens';
import {loadTemplates, templateNameOf, type Template} from './template';

/** A design with its prompt, key, cached answers and state: all a run knows before asking. */
export interface DesignPlan extends StateFacts {
  design: Design;
  sections: PromptSection[];
  prompt: string;
  /** Size of the prompt in tokens: counted for known models, else estimated. */
  promptTokens: number;
  /** `promptTokens` was counted with the model's tokenizer, not estimated. */
  promptTokensExact: boolean;
  request: ChatRequest;
  key: string;
  /**
   * Names what decides the request (the section readings, the template, the model, the
   * parameters): equal names, equal prompts and keys.
   */
  requestId: string;
  inputs: Record<string, string>;
  failure?: Failure;
  state: Decision['state'];
  /** Inputs that changed since the answer the design would show. */
  changed: string[];
  /** Why the design is in its state, for `status`. */
  reason: string;
  /** The prompt template of this design: the option's, or its front matter's `mlsd_template`. */
  template: Template;
  /** The answer the page shows before generation, if any (stale: the last one). */
  shown?: CacheEntry;
  edited: boolean;
  review?: Decision['review'];
}

/** What the plan stage read and decided. */
export interface RunPlan {
  plans: DesignPlan[];
  /** The docs tree as read at the start of the run. */
  tree: DocsTree;
  /** Cache files that are not valid entries. */
  skipped: SkippedEntry[];
  /** Every valid cached answer by key. */
  entries: Map<string, CacheEntry>;
  pins: Map<string, CacheEntry>;
  /** Markdown tools, when this run has loaded them (a rebuild with nothing changed does not). */
  md?: MarkdownTools;
  /** The local cache of readings, for results as costly to redo (sanitized answers). */
  reader: SectionReader;
}

/**
 * Lets go of what a plan holds, once its run is done with it: V8 may keep the scope of a run's
 * closure alive for a while after the run, while it optimizes that closure on another thread,
 * and with it everything the run read (about 200 MB at 10 000 designs), into the next run of a
 * dev-server process. With `keepReadings`, the readings stay: plans handed on (to be asked in
 * the background) read their prompts' texts from them.
 */
export function releasePlan(
  plan: RunPlan,
  {keepReadings = false}: {keepReadings?: boolean} = {},
): void {
  plan.plans.length = 0;
  plan.tree.files.length = 0;
  plan.entries.clear();
  plan.pins.clear();
  plan.reader.release({keepReadings});
}

/** Cache entries' heads kept by the digest of their file: a rebuild parses no YAML of them. */
export function entryHeadMemo(reader: SectionReader): HeadMemo {
  return (digest, read) => reader.cache.get('entry-head', digest, read);
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

/** The newest answer cached for each design. */
function newestByDesign(
  entries: Map<string, CacheEntry>,
): Map<string, CacheEntry> {
  const newest = new Map<string, CacheEntry>();
  for (const entry of entries.values()) {
    const known = newest.get(entry.design);
    if (!known || known.created < entry.created)
      newest.set(entry.design, entry);
  }
  return newest;
}

/**
 * A design with its sections and template, before it is planned. A class, where an object
 * literal with a getter would do: V8 keeps such a literal as a dictionary of about 450 bytes.
 */
class Draft {
  constructor(
    readonly design: Design,
    readonly sections: PromptSection[],
    readonly template: Template,
  ) {}

  /**
   * Built each time it is read, and not kept: a rebuild with nothing changed never reads it,
   * and a first run does not hold every prompt at once.
   */
  get prompt(): string {
    return buildPrompt(this.template.text, this.sections, this.template.file);
  }
}

/**
 * The plan stage: reads the docs tree, finds the designs, and works out each one's prompt, key,
 * cached answers and state. Calls no model and writes nothing: the caller keeps the readings
 * with `plan.reader.save()` when its run is done.
 */
export async function planDesigns(
  ctx: RunContext,
  options: PlanOptions = {},
): Promise<RunPlan> {
  if (options.pool) return planWith(ctx, options, options.pool);
  const own = new WorkerPool();
  try {
    return await planWith(ctx, options, own);
  } finally {
    await own.close();
  }
}

/** How the plan stage works. */
export interface PlanOptions {
  /** Markdown tools loaded already. */
  tools?: MarkdownTools;
  /** Worker threads of the run (else the stage starts its own, if it needs them). */
  pool?: WorkerPool;
  /**
   * Count each prompt's tokens (`always`, for `status` and the other commands), or only those
   * that could be over `maxPromptTokens` (`near-limit`, for a build: see `countPrompts`).
   */
  tokens?: 'always' | 'near-limit';
}

async function planWith(
  ctx: RunContext,
  {tools, tokens: exact = 'always'}: PlanOptions,
  workers: WorkerPool,
): Promise<RunPlan> {
  const tree = await readDocsTree(ctx);
  const matchers = resolveMatchers(
    ctx.options.roleMatchers,
    ctx.options.replaceDefaultMatchers,
  );
  const reader = await createSectionReader(
    ctx,
    tree.files,
    tools,
    matchers,
    ctx.options.maxPromptTokens,
  );
  const findAll = () => {
    const designs = findDesigns(tree.files, {
      matchers,
      outputFileName: ctx.options.outputFileName,
      include: ctx.options.include,
      categories: tree.categories,
      numberPrefix: ctx.numberPrefixParser,
      readPage: reader.page,
      readHead: reader.head,
    });
    return {designs, sections: designs.map((d) => reader.promptSections(d))};
  };
  // Many pages new or changed since the last run (a first run): their readings are made in
  // worker threads first (see `WorkerPool`). Discovery, run without parsing,
  // notes what it lacks; a second pass can note more (a page design found by its real
  // headings), so it runs until nothing more is worth a worker. A rebuild with few changes
  // reads them itself: starting workers would cost more.
  const countUnread = () =>
    tree.files.filter(
      (file) =>
        file.generated !== true &&
        reader.cache.peek('head', digestOf(file)) === undefined,
    ).length;
  let unread = countUnread();
  if (unread >= POOL_FROM) {
    for (let pass = 0; pass < 3; pass++) {
      const lacking = reader.gather(findAll);
      const count = [...lacking.values()].reduce(
        (sum, page) => sum + page.asked.length,
        0,
      );
      if (count < POOL_FROM) break;
      await reader.readAhead(lacking, workers);
    }
    unread = countUnread();
  }
  // A page new or changed since the last run (and not read ahead) has no reading yet and is
  // parsed: the Markdown tools are loaded now, rather than found missing halfway through
  // discovery, which would then start over. A rebuild with nothing changed loads none.
  if (!reader.tools && unread > 0) {
    reader.tools = await loadMarkdownTools();
  }
  let found: ReturnType<typeof findAll>;
  try {
    found = findAll();
  } catch (error) {
    // A page must be parsed: load the Markdown tools, and read again (readings made so far
    // are kept in the cache).
    if (!(error instanceof MarkdownToolsNeeded)) throw error;
    reader.tools = await loadMarkdownTools();
    found = findAll();
  }
  // Each design's template: its own `mlsd_template`, else the option's, else the Russian one.
  const byPath = new Map(tree.files.map((file) => [file.path, file]));
  const fallback = ctx.options.promptTemplate ?? 'ru';
  const names = found.designs.map((design) =>
    templateNameOf(
      design,
      (path) => {
        const file = byPath.get(path);
        return file && (file.frontMatter ?? reader.head(file).data);
      },
      fallback,
    ),
  );
  const templates = await loadTemplates(ctx, [fallback, ...names]);
  const drafts = found.designs.map((design, i) => {
    const template = templates.get(names[i]!)!;
    const sections = found.sections[i]!;
    return new Draft(design, sections, template);
  });
  const store = cacheStoreOf(ctx);
  const memo = entryHeadMemo(reader);
  const [{entries, skipped}, {pins, skipped: skippedPins}, failures] =
    await Promise.all([
      store.readAll(memo),
      store.readPins(),
      new FailureLog(ctx.stateDir).read(),
    ]);
  const newest = newestByDesign(entries);
  const params = requestParams(ctx.options);

  const {ids, shapes} = await requestShapes(
    ctx,
    drafts,
    params,
    reader,
    workers,
    exact,
  );
  const settings = stateSettings(ctx);
  const plans = drafts.map((draft, i): DesignPlan => {
    const {design, sections, template} = draft;
    const {key, inputs, tokens, exact} = shapes[i]!;
    const requestId = ids[i]!;
    const previous = newest.get(design.id);
    const failure = failures[design.id];
    const facts = {
      design,
      sections,
      promptTokens: tokens,
      promptTokensExact: exact,
      key,
      requestId,
      inputs,
      entry: entries.get(key),
      previous: previous && previous.key !== key ? previous : undefined,
      pin: pins.get(design.id),
      failure: failure?.key === key ? failure : undefined,
    };
    const decision = decideState(facts, settings);
    const {state, changed, reason, review} = decision;
    const shown =
      decision.answer ??
      (state === 'stale' ? (facts.entry ?? facts.previous) : undefined);
    // The prompt and the request are made when read: a page left as it is needs neither.
    return {
      ...facts,
      template,
      state,
      changed,
      reason,
      shown,
      edited: decision.edited ?? false,
      review,
      get prompt() {
        return draft.prompt;
      },
      get request(): ChatRequest {
        return {
          model: ctx.model,
          messages: buildMessages(draft.prompt),
          params,
        };
      },
    };
  });
  for (const [file, problem] of reader.problems) {
    tree.problems.push({file, problem});
  }
  return {
    plans,
    tree,
    skipped: [...skipped, ...skippedPins],
    entries,
    pins,
    md: reader.tools,
    reader,
  };
}

/** Prompts worked out at once when many are (a first run): enough to keep every core busy. */
const PROMPT_CHUNK = 512;

/** What a design's request comes to: its key, its inputs' digests, its size in tokens. */
interface RequestShape {
  key: string;
  inputs: Record<string, string>;
  tokens: number;
  exact: boolean;
}

/**
 * The key, input digests and token count of each draft's request. Working them out hashes the
 * whole prompt several times, which is most of what a rebuild with nothing changed would cost:
 * they are kept in the local cache by what decides them (the readings the sections come from,
 * the template's digest, the model, the parameters, the token limit), and worked out only for
 * designs whose inputs changed.
 */
async function requestShapes(
  ctx: RunContext,
  drafts: readonly Draft[],
  params: Record<string, unknown>,
  reader: SectionReader,
  workers: WorkerPool,
  exact: 'always' | 'near-limit',
): Promise<{ids: string[]; shapes: RequestShape[]}> {
  const templateDigests = new Map<string, string>();
  const templateDigest = (text: string) => {
    let digest = templateDigests.get(text);
    if (digest === undefined)
      templateDigests.set(text, (digest = sha256(text)));
    return digest;
  };
  const limit = ctx.options.maxPromptTokens;
  const paramsJson = canonicalJson(params);
  const ids = drafts.map(({design, template}) =>
    sha256(
      JSON.stringify([
        reader.sectionsIdentity(design),
        templateDigest(template.text),
        ctx.model,
        paramsJson,
        limit,
      ]),
    ),
  );
  // A shape whose size was estimated (by a build) is worked out again when a count is asked for.
  const known = ids.map((id) => {
    const shape = reader.cache.peek<RequestShape>('request', id);
    return shape &&
      (shape.exact || exact === 'near-limit' || !encodingOfModel(ctx.model))
      ? shape
      : undefined;
  });
  const toWork = drafts.flatMap((_, i) => (known[i] ? [] : [i]));
  // Each prompt is built once here (a draft builds it anew each time it is read), a chunk at a
  // time: a first run of a large handbook does not hold every prompt at once.
  for (let from = 0; from < toWork.length; from += PROMPT_CHUNK) {
    const chunk = toWork.slice(from, from + PROMPT_CHUNK);
    await reader.texts(chunk.flatMap((i) => drafts[i]!.sections));
    const prompts = chunk.map((i) => drafts[i]!.prompt);
    const sizes = await countPrompts(prompts, ctx.model, reader, limit, {
      pool: workers,
      exact,
    });
    for (const [n, i] of chunk.entries()) {
      const {sections, template} = drafts[i]!;
      known[i] = {
        key: cacheKey({
          model: ctx.model,
          messages: buildMessages(prompts[n]!),
          params,
        }),
        inputs: inputDigests({
          sections: Object.fromEntries(
            sections.map((section) => [
              section.role,
              `${section.title}\n${section.markdown}`,
            ]),
          ),
          template: template.text,
          model: ctx.model,
          params,
        }),
        tokens: sizes.tokens[n]!,
        exact: sizes.exact[n]!,
      };
    }
  }
  return {
    ids,
    shapes: ids.map((id, i) => {
      reader.cache.set('request', id, known[i]!);
      return known[i]!;
    }),
  };
}

/** The settings `decideState` reads, from the run context. */
export function stateSettings(ctx: RunContext): StateSettings {
  return {
    mode: ctx.mode,
    allowIncomplete: ctx.options.allowIncomplete,
    maxPromptTokens: ctx.options.maxPromptTokens,
    onStale: ctx.options.onStale,
    command: commandName(ctx.options.id),
  };
}
