import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {fenceAsText, mdxCompileError, sanitizeAnswer} from '../core/answer';
import {checkCoverage} from '../core/coverage';
import {isGeneratedFile} from '../core/discover';
import {sha256} from '../core/key';
import {loadMarkdownTools, markdownTools} from '../core/markdown';
import {renderDeployPage, type DeployPageProps} from '../core/page';
import {promptParts} from '../core/prompt';
import type {Decision} from '../core/state';
import type {RunContext} from '../context';
import {MlsdError} from '../errors';
import {fileErrorCause, writeFileAtomic} from '../io/files';
import type {DesignPlan, RunPlan} from '../plan/plan';
import {figuresOf, keepFigures} from '../plan/figures';
import {digestOf} from '../plan/readings';
import {deployPage, jsonOfChecklist, shownPrompt} from './props';

/** What the output stage changed in the docs tree. */
export interface Written {
  written: string[];
  removed: string[];
}

/** What decides a design's page: the page without its large parts, and what those are made of. */
function pageInputs(
  ctx: RunContext,
  plan: DesignPlan,
  decision: Decision,
): string {
  const answer = decision.answer?.answer;
  return sha256(
    JSON.stringify([
      deployPage(ctx, plan, decision, null),
      plan.key,
      plan.requestId,
      answer === undefined ? null : sha256(answer),
      answer === undefined ? null : jsonOfChecklist(plan.template.checklist),
    ]),
  );
}

/**
 * Renders a design's page. Unless it is `current`, it is compile-checked once per answer (the rest
 * is ours, so the answer decides); an answer that does not compile is shown as plain text.
 */
async function renderPage(
  ctx: RunContext,
  {memo}: RunPlan,
  plan: DesignPlan,
  decision: Decision,
  current: string | undefined,
): Promise<{text: string; digest: string; answer?: string}> {
  const answer = decision.answer;
  // The answer's digest names its compile check and its figures.
  const key = answer && sha256(answer.answer);
  const page = deployPage(ctx, plan, decision, {
    prompt: shownPrompt(plan, decision, ctx.docsLocale),
    // None for a prompt too large to send.
    parts:
      decision.state === 'too-large'
        ? null
        : promptParts(plan.template.text, plan.sections),
    answerMarkdown: answer?.answer ?? null,
    answerMdx: answer ? sanitizeAnswer(answer.answer, markdownTools()) : null,
    coverage: answer
      ? checkCoverage(answer.answer, plan.template.checklist)
      : null,
    figures: answer ? figuresOf(memo, plan, answer.answer, key) : null,
  });
  const text = renderDeployPage(page);
  const digest = sha256(text);
  if (!answer || key === undefined) return {text, digest};
  if (digest === current) return {text, digest, answer: key};
  // Compiled with empty props: they are the plugin's own escaped JSON, many times the answer's
  // size, and change neither whether the page compiles nor the line of an error.
  let error = memo.compiled.use(key);
  if (error === undefined) {
    error =
      (await mdxCompileError(
        renderDeployPage({...page, props: {} as DeployPageProps}),
      )) ?? '';
    memo.compiled.set(key, error);
  }
  if (!error) return {text, digest, answer: key};
  ctx.log.warn(
    `The answer for design ${plan.design.id} does not compile as MDX (${error}); it is shown as plain text.`,
  );
  const asText = renderDeployPage({
    ...page,
    answerMdx: fenceAsText(answer.answer, 'markdown'),
    props: {...page.props, answerAsText: true},
  });
  return {text: asText, digest: sha256(asText), answer: key};
}

/** Writes each page only if its bytes change (a dev reload stops there); removes orphaned pages. */
export async function writePages(
  ctx: RunContext,
  plan: RunPlan,
  decisions: readonly Decision[],
): Promise<Written> {
  const {plans, tree, memo} = plan;
  // The tree read at the start of the run holds each page's current digest, and its folder.
  const files = new Map(tree.files.map((file) => [file.path, file]));
  const result: Written = {written: [], removed: []};
  const outputs = new Set<string>();
  for (const [i, design] of plans.entries()) {
    const decision = decisions[i]!;
    const output = design.design.outputFile;
    const current = files.get(output);
    outputs.add(output);
    const inputs = pageInputs(ctx, design, decision);
    const currentDigest = current && digestOf(current);
    const known = memo.rendered.use(inputs);
    if (currentDigest && known?.digest === currentDigest) {
      // Its answer's compile check and figures are kept, for a later render and for `status`.
      if (known.answer) {
        memo.compiled.use(known.answer);
        keepFigures(memo, design, known.answer);
      }
      continue;
    }
    // The page shows the prompt: its sections' texts may need a parse, its answer sanitizing.
    await loadMarkdownTools();
    const {text, digest, answer} = await renderPage(
      ctx,
      plan,
      design,
      decision,
      currentDigest,
    );
    memo.rendered.set(inputs, {digest, ...(answer ? {answer} : {})});
    if (currentDigest === digest) continue;
    const path = join(ctx.docsDir, output);
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      throw new MlsdError(
        `Cannot write the Deploy page ${path}: ${fileErrorCause(error)}. Every answer is cached: fix that, and build again.`,
        {cause: error},
      );
    }
    result.written.push(output);
  }
  for (const file of tree.files) {
    if (outputs.has(file.path) || !isGeneratedFile(file)) continue;
    await rm(join(ctx.docsDir, file.path), {force: true});
    result.removed.push(file.path);
    ctx.log.info(`Removed ${file.path}: its design is gone.`);
  }
  return result;
}
