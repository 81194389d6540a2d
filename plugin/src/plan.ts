import {resolve} from 'node:path';
import {findDesigns, type Design} from './core/discover';
import type {CacheEntry} from './core/entry';
import {cacheKey, inputDigests, type ChatRequest} from './core/key';
import {loadMarkdownTools, type MarkdownTools} from './core/markdown';
import {buildMessages, buildPrompt, type PromptSection} from './core/prompt';
import {resolveMatchers} from './core/roles';
import {
  decideState,
  type Decision,
  type StateFacts,
  type StateSettings,
} from './core/state';
import type {RunContext} from './context';
import {readDocsTree, type DocsTree} from './docs';
import {FailureLog, type Failure} from './failures';
import type {PluginOptions} from './options';
import {createSectionReader} from './reader';
import {CacheStore, type SkippedEntry} from './store';
import {countPrompts} from './promptTokens';
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
  md: MarkdownTools;
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
 * The plan stage: reads the docs tree, finds the designs, and works out each one's prompt, key,
 * cached answers and state. Calls no model and writes nothing but local readings.
 */
export async function planDesigns(
  ctx: RunContext,
  tools?: MarkdownTools,
): Promise<RunPlan> {
  const md = tools ?? (await loadMarkdownTools());
  const tree = await readDocsTree(ctx.docsDir);
  const matchers = resolveMatchers(
    ctx.options.roleMatchers,
    ctx.options.replaceDefaultMatchers,
  );
  const reader = await createSectionReader(
    ctx,
    tree.files,
    md,
    matchers,
    ctx.options.maxPromptTokens,
  );
  const designs = findDesigns(tree.files, {
    matchers,
    outputFileName: ctx.options.outputFileName,
    include: ctx.options.include,
    categories: tree.categories,
    readPage: reader.page,
  });
  const store = cacheStoreOf(ctx);
  const [{entries, skipped}, {pins, skipped: skippedPins}, failures] =
    await Promise.all([
      store.readAll(),
      store.readPins(),
      new FailureLog(ctx.stateDir).read(),
    ]);
  const newest = newestByDesign(entries);
  const params = requestParams(ctx.options);

  const contents = new Map(tree.files.map((file) => [file.path, file.content]));
  const fallback = ctx.options.promptTemplate ?? 'ru';
  const names = designs.map((design) =>
    templateNameOf(design, contents, fallback),
  );
  const templates = await loadTemplates(ctx, [fallback, ...names]);
  const drafts = designs.map((design, i) => {
    const template = templates.get(names[i]!)!;
    const sections = reader.promptSections(design);
    const prompt = buildPrompt(template.text, sections, template.file);
    return {design, sections, prompt, template};
  });
  const sizes = await countPrompts(
    drafts.map((draft) => draft.prompt),
    ctx.model,
    reader,
    ctx.options.maxPromptTokens,
  );
  const plans = drafts.map(
    ({design, sections, prompt, template}, i): DesignPlan => {
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
      const previous = newest.get(design.id);
      const failure = failures[design.id];
      const facts = {
        design,
        sections,
        prompt,
        promptTokens: sizes.tokens[i]!,
        promptTokensExact: sizes.exact,
        request,
        key,
        inputs,
        entry: entries.get(key),
        previous: previous && previous.key !== key ? previous : undefined,
        pin: pins.get(design.id),
        failure: failure?.key === key ? failure : undefined,
      };
      const decision = decideState(facts, stateSettings(ctx));
      const {state, changed, reason, review} = decision;
      const shown =
        decision.answer ??
        (state === 'stale' ? (facts.entry ?? facts.previous) : undefined);
      const edited = decision.edited ?? false;
      return {
        ...facts,
        template,
        state,
        changed,
        reason,
        shown,
        edited,
        review,
      };
    },
  );
  await reader.save();
  for (const [file, problem] of reader.problems) {
    tree.problems.push({file, problem});
  }
  return {
    plans,
    tree,
    skipped: [...skipped, ...skippedPins],
    entries,
    pins,
    md,
  };
}

/** The settings `decideState` reads, from the run context. */
export function stateSettings(ctx: RunContext): StateSettings {
  return {
    mode: ctx.mode,
    allowIncomplete: ctx.options.allowIncomplete,
    maxPromptTokens: ctx.options.maxPromptTokens,
    onStale: ctx.options.onStale,
  };
}
