import {rm} from 'node:fs/promises';
import {join, posix, relative} from 'node:path';
import {
  fileToPath,
  getEditUrl,
  normalizeUrl,
  posixPath,
} from '@docusaurus/utils';
import {fenceAsText, mdxCompileError, sanitizeAnswer} from './core/answer';
import {checkCoverage, type CoverageResult} from './core/coverage';
import {isGeneratedFile, type DocFile} from './core/discover';
import {sha256} from './core/key';
import {loadMarkdownTools, type MarkdownTools} from './core/markdown';
import {defaultNumberPrefix} from './core/numberPrefix';
import {
  headingAnchor,
  renderDeployPage,
  type DeployPage,
  type DeployPageProps,
  type PageSource,
  type SourceLink,
} from './core/page';
import {promptParts} from './core/prompt';
import type {Decision} from './core/state';
import type {RunContext} from './context';
import {MlsdError} from './errors';
import {
  fileErrorCause,
  mapLimit,
  OPEN_FILES_LIMIT,
  writeFileAtomic,
} from './files';
import type {DesignPlan, RunPlan} from './plan';
import type {Template} from './template';
import {pageDescription, tooLargeTail} from './translations';
import {digestOf, type SectionReader} from './reader';
import type {SectionCache} from './sectionCache';
import {POOL_FROM, WorkerLost, type WorkerPool} from './workers';

/** Each checklist as JSON, made once per run: coverage and page digests name it per design. */
const checklistJson = new WeakMap<Template['checklist'], string>();

function jsonOfChecklist(checklist: Template['checklist']): string {
  let json = checklistJson.get(checklist);
  if (json === undefined) {
    // Patterns by their source: JSON would write every RegExp as `{}`, and a checklist whose
    // patterns changed would be taken for the one before.
    json = JSON.stringify(checklist, (_key, value: unknown) =>
      value instanceof RegExp ? String(value) : value,
    );
    checklistJson.set(checklist, json);
  }
  return json;
}

/**
 * `checkCoverage` of an answer against a checklist, kept in the local cache by the digest of
 * both: pages and `mlsd status` read it, and a rebuild checks no answer twice.
 */
export function cachedCoverage(
  cache: SectionCache,
  answer: string,
  checklist: Template['checklist'],
): {digest: string; coverage: CoverageResult[]} {
  const digest = sha256(`${jsonOfChecklist(checklist)}\n${answer}`);
  const coverage = cache.get('coverage', digest, () =>
    checkCoverage(answer, checklist),
  );
  return {digest, coverage};
}

/**
 * Results of Markdown work on answers, kept in the local cache by the digest of their input:
 * a rebuild renders every page again, and must not parse every answer again to do it. The
 * Markdown tools are loaded only when one is missing.
 */
class AnswerWork {
  private md: MarkdownTools | undefined;
  /** The cached results the page being rendered used, by kind and digest. */
  used: [kind: string, digest: string][] = [];

  constructor(
    private readonly reader: SectionReader,
    /** Worker threads to do the work in, when there is much of it. */
    private readonly pool?: WorkerPool,
  ) {
    this.md = reader.tools;
  }

  /** Work done in a worker thread when the run has them, else here. */
  private async offload<T>(
    inWorker: (pool: WorkerPool) => Promise<T>,
    here: () => Promise<T>,
  ): Promise<T> {
    if (this.pool) {
      try {
        return await inWorker(this.pool);
      } catch (error) {
        if (!(error instanceof WorkerLost)) throw error;
      }
    }
    return here();
  }

  private async cached<T>(
    kind: string,
    input: string,
    compute: () => Promise<T>,
  ): Promise<T> {
    const digest = sha256(input);
    this.used.push([kind, digest]);
    const known = this.reader.cache.peek<T>(kind, digest);
    const value = known === undefined ? await compute() : known;
    return this.reader.cache.get(kind, digest, () => value);
  }

  /** `sanitizeAnswer` of an answer. */
  sanitize(answer: string): Promise<string> {
    return this.cached('answer-mdx', answer, () =>
      this.offload(
        (pool) => pool.call('sanitize', answer),
        async () => {
          this.md ??= await loadMarkdownTools();
          return sanitizeAnswer(answer, this.md);
        },
      ),
    );
  }

  /** `checkCoverage` of an answer against a checklist. */
  coverage(answer: string, checklist: Template['checklist']): CoverageResult[] {
    const {digest, coverage} = cachedCoverage(
      this.reader.cache,
      answer,
      checklist,
    );
    this.used.push(['coverage', digest]);
    return coverage;
  }

  /**
   * Whether a page with this sanitized answer compiles, as `mdxCompileError` says: `''` when it
   * does. The rest of the page is the plugin's own (YAML front matter, props as escaped JSON),
   * so whether it compiles follows from the answer, and the check is kept by the answer's digest.
   */
  compileError(answerMdx: string, page: string): Promise<string> {
    return this.cached('answer-compiles', answerMdx, () =>
      this.offload(
        (pool) => pool.call('compileError', page),
        async () => (await mdxCompileError(page)) ?? '',
      ),
    );
  }
}

/**
 * The "Edit this page" target of a source file, as the docs plugin computes it from its
 * `editUrl`: a base URL joined with the file's path from the site folder, or a function's answer.
 */
function editUrlOf(ctx: RunContext, file: string): string | undefined {
  const {editUrl} = ctx;
  if (!editUrl) return undefined;
  if (typeof editUrl === 'function') {
    const parser = ctx.numberPrefixParser ?? defaultNumberPrefix;
    // The page's URL as the docs plugin places a page that has no `slug`.
    const route = file
      .replace(/\.mdx?$/, '')
      .split('/')
      .map((part) => parser(part).filename)
      .join('/');
    return (
      editUrl({
        version: 'current',
        versionDocsDirPath: posixPath(relative(ctx.siteDir, ctx.docsDir)),
        docPath: file,
        permalink: normalizeUrl([
          ctx.permalinkBase ?? '/',
          fileToPath(`${route}.md`),
        ]),
        locale: ctx.locale ?? 'en',
      }) ?? undefined
    );
  }
  return getEditUrl(
    posixPath(relative(ctx.siteDir, join(ctx.docsDir, file))),
    editUrl,
  );
}

/**
 * A pin's note as its page shows it. Pins made before the page said it in its own language hold
 * the English default, `mlsd pin` wrote when given no note: that one counts as none.
 */
function pinnedNoteOf(note: string | undefined): {pinnedNote?: string} {
  return note && note !== 'Pinned by a person' ? {pinnedNote: note} : {};
}

/** Characters of a prompt that was never sent shown on its page: enough to see what it holds. */
const TOO_LARGE_SHOWN = 20_000;

/** The prompt as the page shows it: whole, unless it is too large to send (and so to show). */
function shownPrompt(
  prompt: string,
  decision: Decision,
  docsLocale: string | undefined,
): string {
  if (decision.state !== 'too-large' || prompt.length <= TOO_LARGE_SHOWN) {
    return prompt;
  }
  // In the language of the page's description, which its frame holds: a page kept by its
  // inputs' digest (see `pageInputs`) has this tail in the same language.
  return `${prompt.slice(0, TOO_LARGE_SHOWN)}\n\n${tooLargeTail(prompt.length - TOO_LARGE_SHOWN, docsLocale)}`;
}

/** A page's props but for its large parts: the prompt, its parts, the answer and its coverage. */
type FrameProps = Omit<
  DeployPageProps,
  'prompt' | 'parts' | 'answerMarkdown' | 'coverage'
>;

/** The page of one design but for its large parts (see `deployPageOf`): cheap to make. */
interface PageFrame extends Omit<DeployPage, 'answerMdx' | 'props'> {
  props: FrameProps;
}

function pageFrame(
  ctx: RunContext,
  plan: DesignPlan,
  decision: Decision,
): PageFrame {
  const sources: PageSource[] = plan.sections.map((section) => {
    const file = plan.design.sections[section.role]!.file;
    return {
      role: section.role,
      title: section.title,
      file,
      editUrl: editUrlOf(ctx, file),
    };
  });
  const answer = decision.answer;
  const sourceLinks: SourceLink[] = plan.sections.map((section) => {
    const source = plan.design.sections[section.role]!;
    const path = posix.relative(
      posix.dirname(plan.design.outputFile),
      source.file,
    );
    const anchor =
      plan.design.kind === 'page' ? `#${headingAnchor(source.heading)}` : '';
    return {
      role: section.role,
      title: section.title,
      href: `${path.startsWith('.') ? '' : './'}${path}${anchor}`,
    };
  });
  return {
    sourceLinks,
    id: plan.design.kind === 'page' ? plan.design.outputId : undefined,
    title: ctx.options.pageTitle,
    sidebarPosition: plan.design.sidebarPosition,
    editUrl: sources[0]?.editUrl ?? null,
    description: pageDescription(plan.design.title, ctx.docsLocale),
    props: {
      designId: plan.design.id,
      designTitle: plan.design.title,
      state: decision.state,
      meta: answer
        ? {
            model: answer.model,
            created: answer.created,
            key: answer.key.slice(0, 12),
            promptTokens: answer.usage.prompt_tokens,
            completionTokens: answer.usage.completion_tokens,
            totalTokens: answer.usage.total_tokens,
            ...(answer.pinned
              ? {
                  pinned: true as const,
                  ...pinnedNoteOf(answer.note),
                }
              : {}),
          }
        : null,
      sources,
      missing: plan.design.missing,
      message: decision.message,
      notice: decision.notice,
      answerAsText: false,
      changed: decision.changed,
      template: ['ru', 'en'].includes(plan.template.name)
        ? plan.template.name
        : 'custom',
      edited: decision.edited ?? false,
      review: decision.review ?? null,
    },
  };
}

/**
 * What decides a design's page, named by a digest: its frame, and the large parts by what they
 * are made of. The prompt is named by the request key (its digest with the model and
 * parameters), its parts by `requestId` (the section readings and the template), the answer
 * by its own digest (its sanitized form follows from it) and its coverage by that and the
 * checklist. A rebuild whose page on disk is the one these inputs rendered last time leaves it
 * alone without making the large parts at all.
 */
function pageInputs(
  plan: DesignPlan,
  decision: Decision,
  frame: PageFrame,
): string {
  const answer = decision.answer?.answer;
  return sha256(
    JSON.stringify([
      frame,
      plan.key,
      plan.requestId,
      answer === undefined ? null : sha256(answer),
      answer === undefined ? null : jsonOfChecklist(plan.template.checklist),
    ]),
  );
}

/** The page of one design, with its large parts: before its answer is compile-checked. */
async function deployPageOf(
  plan: DesignPlan,
  decision: Decision,
  work: AnswerWork,
  frame: PageFrame,
  docsLocale: string | undefined,
): Promise<DeployPage> {
  const answer = decision.answer;
  const {props} = frame;
  return {
    sourceLinks: frame.sourceLinks,
    id: frame.id,
    title: frame.title,
    sidebarPosition: frame.sidebarPosition,
    editUrl: frame.editUrl,
    description: frame.description,
    answerMdx: answer ? await work.sanitize(answer.answer) : null,
    // In the order pages have always been written, so that no page changes for it.
    props: {
      designId: props.designId,
      designTitle: props.designTitle,
      state: props.state,
      prompt: shownPrompt(plan.prompt, decision, docsLocale),
      meta: props.meta,
      sources: props.sources,
      missing: props.missing,
      message: props.message,
      notice: props.notice,
      answerAsText: props.answerAsText,
      changed: props.changed,
      parts:
        decision.state === 'too-large'
          ? null
          : promptParts(plan.template.text, plan.sections),
      template: props.template,
      answerMarkdown: answer?.answer ?? null,
      edited: props.edited,
      review: props.review,
      coverage: answer
        ? work.coverage(answer.answer, plan.template.checklist)
        : null,
    },
  };
}

/**
 * Renders the page of one design; the answer is sanitized, and compile-checked unless the page
 * is `current` (the bytes on disk, checked when they were written) already. Gives the text, and
 * whether it differs from `current`.
 */
async function renderChecked(
  ctx: RunContext,
  page: DeployPage,
  answer: string | undefined,
  current: DocFile | undefined,
  work: AnswerWork,
): Promise<{text: string; digest: string; changed: boolean}> {
  const text = renderDeployPage(page);
  const digest = sha256(text);
  const changed = current === undefined || digestOf(current) !== digest;
  if (!changed || !page.answerMdx || answer === undefined)
    return {text, digest, changed};
  // Compiled with empty props: the props are one line of the plugin's own escaped JSON (the
  // prompt twice over, the answer again), many times the answer's size, and they change neither
  // whether the page compiles nor the line an error is on.
  const error = await work.compileError(
    page.answerMdx,
    renderDeployPage({...page, props: {} as DeployPageProps}),
  );
  if (!error) return {text, digest, changed};
  ctx.log.warn(
    `The answer for design ${page.props.designId} does not compile as MDX (${error}); it is shown as plain text.`,
  );
  const asText = renderDeployPage({
    ...page,
    answerMdx: fenceAsText(answer, 'markdown'),
    props: {...page.props, answerAsText: true},
  });
  const asTextDigest = sha256(asText);
  return {
    text: asText,
    digest: asTextDigest,
    changed: current === undefined || digestOf(current) !== asTextDigest,
  };
}

/** A page as rendered last time: its digest, and the cached results it was made from. */
interface RenderedPage {
  digest: string;
  used: [kind: string, digest: string][];
}

/** What the output stage changed in the docs tree. */
export interface Written {
  written: string[];
  removed: string[];
}

/**
 * The output stage: writes each design's Deploy page (only when its bytes change, so the dev
 * server's reload stops there), and removes generated pages whose design is gone.
 */
export async function writePages(
  ctx: RunContext,
  {plans, tree, reader}: RunPlan,
  decisions: readonly Decision[],
  pool?: WorkerPool,
): Promise<Written> {
  // The tree read at the start of the run holds each page's current digest (generated pages are
  // docs pages too), and its folder exists: the design's sources are in it.
  const files = new Map(tree.files.map((file) => [file.path, file]));
  const result: Written = {written: [], removed: []};
  const outputs = new Set<string>();
  const write = async (batch: {file: string; text: string}[]) => {
    await mapLimit(batch, OPEN_FILES_LIMIT, async ({file, text}) => {
      const path = join(ctx.docsDir, file);
      try {
        await writeFileAtomic(path, text);
      } catch (error) {
        throw new MlsdError(
          `Cannot write the Deploy page ${path}: ${fileErrorCause(error)}. Every answer is cached: fix that, and build again.`,
          {cause: error},
        );
      }
    });
    result.written.push(...batch.map(({file}) => file));
  };
  // Each page's memo first: a page whose inputs are those it was made from is left as it is.
  const toRender: {
    i: number;
    frame: PageFrame;
    inputs: string;
    current: DocFile | undefined;
  }[] = [];
  for (const [i, plan] of plans.entries()) {
    const decision = decisions[i]!;
    const current = files.get(plan.design.outputFile);
    outputs.add(plan.design.outputFile);
    const frame = pageFrame(ctx, plan, decision);
    const inputs = pageInputs(plan, decision, frame);
    const known = reader.cache.peek<RenderedPage>('page', inputs);
    if (current && known?.digest === digestOf(current)) {
      // The results the page was made from are kept for the next run that renders it (a
      // section edited: the same answer, shown stale), though this one needs none of them.
      reader.cache.get('page', inputs, () => known);
      for (const [kind, digest] of known.used) reader.cache.keep(kind, digest);
      continue;
    }
    toRender.push({i, frame, inputs, current});
  }
  // Many new answers to sanitize and compile-check (a first generation): in worker threads.
  const offload =
    pool && toRender.filter(({i}) => decisions[i]!.answer).length >= POOL_FROM
      ? pool
      : undefined;
  // A few pages at once: their answers' work runs side by side in the workers, and no run holds
  // every page.
  for (let from = 0; from < toRender.length; from += OPEN_FILES_LIMIT) {
    const rendered = await Promise.all(
      toRender
        .slice(from, from + OPEN_FILES_LIMIT)
        .map(async ({i, frame, inputs, current}) => {
          const plan = plans[i]!;
          const decision = decisions[i]!;
          await reader.texts(plan.sections);
          const work = new AnswerWork(reader, offload);
          const page = await deployPageOf(
            plan,
            decision,
            work,
            frame,
            ctx.docsLocale,
          );
          const {text, digest, changed} = await renderChecked(
            ctx,
            page,
            decision.answer?.answer,
            current,
            work,
          );
          reader.cache.set('page', inputs, {digest, used: work.used});
          return changed ? {file: plan.design.outputFile, text} : undefined;
        }),
    );
    await write(rendered.filter((page) => page !== undefined));
  }
  const orphans = tree.files.filter(
    (file) => !outputs.has(file.path) && isGeneratedFile(file),
  );
  await mapLimit(orphans, OPEN_FILES_LIMIT, (file) =>
    rm(join(ctx.docsDir, file.path), {force: true}),
  );
  for (const file of orphans) {
    result.removed.push(file.path);
    ctx.log.info(`Removed ${file.path}: its design is gone.`);
  }
  return result;
}
