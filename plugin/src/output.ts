import {rm} from 'node:fs/promises';
import {join, posix, relative} from 'node:path';
import {fenceAsText, mdxCompileError, sanitizeAnswer} from './core/answer';
import {isGeneratedPage} from './core/discover';
import type {MarkdownTools} from './core/markdown';
import {checkCoverage} from './core/coverage';
import {
  headingAnchor,
  renderDeployPage,
  type DeployPage,
  type PageSource,
  type SourceLink,
} from './core/page';
import {promptParts} from './core/prompt';
import type {Decision} from './core/state';
import type {RunContext} from './context';
import {MlsdError} from './errors';
import {fileErrorCause, writeFileAtomic} from './files';
import type {DesignPlan, RunPlan} from './plan';

/** The "Edit this page" target of a source file, from the docs plugin's `editUrl`. */
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

/** Characters of a prompt that was never sent shown on its page: enough to see what it holds. */
const TOO_LARGE_SHOWN = 20_000;

/** The prompt as the page shows it: whole, unless it is too large to send (and so to show). */
function shownPrompt(prompt: string, decision: Decision): string {
  if (decision.state !== 'too-large' || prompt.length <= TOO_LARGE_SHOWN) {
    return prompt;
  }
  return `${prompt.slice(0, TOO_LARGE_SHOWN)}\n\n[… ${prompt.length - TOO_LARGE_SHOWN} more characters, not shown: this prompt is too large to send]`;
}

/** The page of one design, before its answer is made safe. */
function deployPageOf(
  ctx: RunContext,
  plan: DesignPlan,
  decision: Decision,
  md: MarkdownTools,
): DeployPage {
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
    description: `Deploy section of ${plan.design.title}, drafted from its sections 1, 3 and 4.`,
    answerMdx: answer ? sanitizeAnswer(answer.answer, md) : null,
    props: {
      designId: plan.design.id,
      designTitle: plan.design.title,
      state: decision.state,
      prompt: shownPrompt(plan.prompt, decision),
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
      message: decision.message,
      answerAsText: false,
      changed: decision.changed,
      parts:
        decision.state === 'too-large'
          ? null
          : promptParts(plan.template.text, plan.sections),
      template: ['ru', 'en'].includes(plan.template.name)
        ? plan.template.name
        : 'custom',
      answerMarkdown: answer?.answer ?? null,
      edited: decision.edited ?? false,
      review: decision.review ?? null,
      coverage: answer
        ? checkCoverage(answer.answer, plan.template.checklist)
        : null,
    },
  };
}

/**
 * Renders the page of one design; the answer is sanitized, and compile-checked unless the page
 * is `current` (the bytes on disk, checked when they were written) already.
 */
async function renderChecked(
  ctx: RunContext,
  page: DeployPage,
  answer: string | undefined,
  current: string | undefined,
): Promise<string> {
  const text = renderDeployPage(page);
  if (text === current || !page.answerMdx || answer === undefined) return text;
  const error = await mdxCompileError(text);
  if (!error) return text;
  ctx.log.warn(
    `The answer for design ${page.props.designId} does not compile as MDX (${error}); it is shown as plain text.`,
  );
  return renderDeployPage({
    ...page,
    answerMdx: fenceAsText(answer, 'markdown'),
    props: {...page.props, answerAsText: true},
  });
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
  {plans, tree, md}: RunPlan,
  decisions: readonly Decision[],
): Promise<Written> {
  // The tree read at the start of the run holds each page's current bytes (generated pages are
  // docs pages too), and its folder exists: the design's sources are in it.
  const contents = new Map(tree.files.map((file) => [file.path, file.content]));
  const result: Written = {written: [], removed: []};
  const outputs = new Set<string>();
  for (const [i, plan] of plans.entries()) {
    const decision = decisions[i]!;
    const current = contents.get(plan.design.outputFile);
    const page = deployPageOf(ctx, plan, decision, md);
    const text = await renderChecked(
      ctx,
      page,
      decision.answer?.answer,
      current,
    );
    outputs.add(plan.design.outputFile);
    if (current !== text) {
      const file = join(ctx.docsDir, plan.design.outputFile);
      try {
        await writeFileAtomic(file, text);
      } catch (error) {
        throw new MlsdError(
          `Cannot write the Deploy page ${file}: ${fileErrorCause(error)}. Every answer is cached: fix that, and build again.`,
          {cause: error},
        );
      }
      result.written.push(plan.design.outputFile);
    }
  }
  for (const file of tree.files) {
    if (!outputs.has(file.path) && isGeneratedPage(file.content)) {
      await rm(join(ctx.docsDir, file.path), {force: true});
      result.removed.push(file.path);
      ctx.log.info(`Removed ${file.path}: its design is gone.`);
    }
  }
  return result;
}
