import {resolve} from 'node:path';
import {
  designFiles,
  findDesigns,
  type Design,
  type DocFile,
} from '../core/discover';
import type {CacheEntry} from '../core/entry';
import type {ChatRequest} from '../core/key';
import {buildMessages, buildPrompt} from '../core/prompt';
import {loadMarkdownTools, MarkdownToolsNeeded} from '../core/markdown';
import {resolveMatchers} from '../core/matchers';
import {
  decideState,
  shownAnswer,
  type Decision,
  type StateFacts,
  type StateSettings,
} from '../core/state';
import {AnswerStore, type SkippedEntry} from '../answers/store';
import {FailureLog, type Failure} from '../answers/failures';
import {commandName, type RunContext} from '../context';
import type {DocsTree} from '../docs/tree';
import {readRunTree} from '../docs/overlay';
import {Memo, readingVersion} from '../memo/memo';
import {createReadings} from './readings';
import {requestParams, requestShapes} from './requests';
import {pageLanguage} from '../translations';
import {
  loadTemplates,
  localeTemplateName,
  templateNameOf,
  type Template,
} from './templates';

/** A design with its prompt, key, cached answers and state: all a run knows before asking. */
export interface DesignPlan
  extends
    StateFacts,
    Pick<Decision, 'state' | 'changed' | 'reason' | 'review'> {
  design: Design;
  /** The design's id in the cache and failures; `<locale>:<id>` for a locale's translation. */
  cacheId: string;
  /** Built when read: the sections' texts are read then. */
  readonly prompt: string;
  /** Size of the prompt in tokens: counted where it could be near the limit, else estimated. */
  promptTokens: number;
  /** `promptTokens` was counted with the model's tokenizer, not estimated. */
  promptTokensExact: boolean;
  readonly request: ChatRequest;
  /** Names what decides the request: equal names, equal prompts and keys. */
  requestId: string;
  failure?: Failure;
  /** The prompt template of this design: the option's, or its front matter's `mlsd_template`. */
  template: Template;
  /** The answer the page shows before generation, if any (stale: the last one). */
  shown?: CacheEntry;
  edited: boolean;
}

/** What the plan stage read and decided. */
export interface RunPlan {
  plans: DesignPlan[];
  /** The docs tree as read at the start of the run. */
  tree: DocsTree;
  /** Files in the cache folder that are not valid answers. */
  skipped: SkippedEntry[];
  /** Every valid cached answer by key. */
  entries: Map<string, CacheEntry>;
  /** What the run remembers for the next one: the caller saves it when the run is done. */
  memo: Memo;
}

/** The committed answers of a run: the `cacheDir` option, relative to the site folder. */
export function answerStoreOf(
  ctx: Pick<RunContext, 'siteDir' | 'options'>,
): AnswerStore {
  return new AnswerStore(resolve(ctx.siteDir, ctx.options.cacheDir));
}

/** The settings `decideState` reads, from the run context. */
export function stateSettings(ctx: RunContext): StateSettings {
  return {
    mode: ctx.mode,
    allowIncomplete: ctx.options.allowIncomplete,
    maxPromptTokens: ctx.options.maxPromptTokens,
    onStale: ctx.options.onStale,
    command: commandName(ctx.options.id),
    ...(ctx.translation ? {locale: ctx.translation.locale} : {}),
    language: pageLanguage(ctx.docsLocale),
  };
}

/** Plans each design (prompt, key, answers, state); writes nothing, the caller saves `memo`. */
export async function planDesigns(ctx: RunContext): Promise<RunPlan> {
  const {options, translation} = ctx;
  const tree = await readRunTree(ctx);
  const byPath = new Map(tree.files.map((file) => [file.path, file]));
  const matchers = resolveMatchers(
    options.roleMatchers,
    options.replaceDefaultMatchers,
  );
  const memo = await Memo.load(ctx.stateDir, readingVersion(matchers));
  const readings = createReadings(tree.files, {
    memo,
    docsDir: ctx.docsDir,
    defaultDocsDir: translation?.defaultDocsDir,
    markdownFormat: ctx.markdownFormat,
    matchers,
    maxPromptTokens: options.maxPromptTokens,
  });
  const discover = (files: readonly DocFile[]) =>
    findDesigns(files, {
      matchers,
      outputFileName: options.outputFileName,
      include: options.include,
      categories: tree.categories,
      numberPrefix: ctx.numberPrefixParser,
      readPage: readings.page,
      readHead: readings.head,
    });
  const findAll = () => {
    let designs = discover(tree.files);
    if (translation) {
      // A locale plans the designs it translates: a section page as the locale reads it, or as the
      // docs folder reads it (a translated title the matchers do not know still translates it).
      const translated = new Set(
        [...designs, ...discover(tree.defaultFiles ?? [])]
          .filter((design) =>
            designFiles(design).some(
              (file) => file && byPath.get(file)?.localized,
            ),
          )
          .map((design) => design.id),
      );
      designs = designs.filter((design) => translated.has(design.id));
    }
    return designs.map((design) => ({
      design,
      sections: readings.promptSections(design),
    }));
  };
  let found: ReturnType<typeof findAll>;
  try {
    found = findAll();
  } catch (error) {
    // Only a new or changed page is parsed: the Markdown tools load then, keeping readings made.
    if (!(error instanceof MarkdownToolsNeeded)) throw error;
    await loadMarkdownTools();
    found = findAll();
  }
  // Each design's template: its own `mlsd_template`, else the option's, else the Russian one;
  // a locale's translated design: the locale's built-in one, if the plugin has one.
  const siteTemplate = options.promptTemplate ?? 'ru';
  const fallback = translation
    ? localeTemplateName(translation.locale, siteTemplate)
    : siteTemplate;
  const frontMatterOf = (path: string) => {
    const file = byPath.get(path);
    return file && (file.frontMatter ?? readings.head(file).data);
  };
  const names = found.map(({design}) =>
    templateNameOf(design, frontMatterOf, fallback),
  );
  const templates = await loadTemplates(ctx.siteDir, [fallback, ...names]);
  const drafts = found.map(({design, sections}, i) => {
    const template = templates.get(names[i]!)!;
    return {
      design,
      sections,
      template,
      sectionsIdentity: readings.sectionsIdentity(design),
      get prompt() {
        return buildPrompt(template.text, sections, template.file);
      },
    };
  });
  const store = answerStoreOf(ctx);
  const [{entries, skipped}, {pins, skipped: skippedPins}, failures] =
    await Promise.all([
      store.readAll((digest, read) => memo.entryHeads.get(digest, read)),
      store.readPins(),
      new FailureLog(ctx.stateDir).read(),
    ]);
  // The newest answer cached for each design.
  const newest = new Map<string, CacheEntry>();
  for (const entry of entries.values()) {
    const known = newest.get(entry.design);
    if (!known || known.created < entry.created)
      newest.set(entry.design, entry);
  }
  const params = requestParams(options);
  const {ids, shapes} = await requestShapes(drafts, memo, {
    model: ctx.model,
    params,
    limit: options.maxPromptTokens,
  });
  const settings = stateSettings(ctx);
  const plans = drafts.map((draft, i): DesignPlan => {
    const {design, sections, template} = draft;
    const {key, inputs, tokens: promptTokens, exact} = shapes[i]!;
    const cacheId = translation
      ? `${translation.locale}:${design.id}`
      : design.id;
    const previous = newest.get(cacheId);
    const failure = failures[cacheId];
    const facts = {
      design,
      cacheId,
      sections,
      promptTokens,
      promptTokensExact: exact,
      key,
      requestId: ids[i]!,
      inputs,
      entry: entries.get(key),
      previous: previous && previous.key !== key ? previous : undefined,
      // Pins are the default locale's only.
      pin: translation ? undefined : pins.get(design.id),
      failure: failure?.key === key ? failure : undefined,
    };
    const decision = decideState(facts, settings);
    return {
      ...facts,
      template,
      state: decision.state,
      changed: decision.changed,
      reason: decision.reason,
      shown: shownAnswer(decision, facts),
      edited: decision.edited ?? false,
      review: decision.review,
      // Made when read: a page left as it is needs neither.
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
  for (const [file, problem] of readings.problems)
    tree.problems.push({file, problem});
  return {
    plans,
    tree,
    skipped: [...skipped, ...skippedPins],
    entries,
    memo,
  };
}
