import {join, relative} from 'node:path';
import {
  fileToPath,
  getEditUrl,
  normalizeUrl,
  posixPath,
} from '@docusaurus/utils';
import {defaultNumberPrefix} from '../core/numberPrefix';
import {
  headingAnchor,
  type DeployPage,
  type DeployPageProps,
  type SourceLink,
} from '../core/page';
import type {Decision} from '../core/state';
import {commandName, type RunContext} from '../context';
import type {DesignPlan} from '../plan/plan';
import type {Template} from '../plan/templates';
import {pageDescription, tooLargeTail} from '../translations';

/** Each checklist as JSON, made once per run: page inputs and answer checks name it. */
const checklistJson = new WeakMap<Template['checklist'], string>();

/** A checklist as JSON, its patterns by their source (JSON writes a RegExp as `{}`). */
export function jsonOfChecklist(checklist: Template['checklist']): string {
  let json = checklistJson.get(checklist);
  if (json === undefined) {
    json = JSON.stringify(checklist, (_key, value: unknown) =>
      value instanceof RegExp ? String(value) : value,
    );
    checklistJson.set(checklist, json);
  }
  return json;
}

/** A source file's "Edit this page" URL, as the docs plugin computes it from its `editUrl`. */
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

/** A pin's note as shown; the English default old `mlsd pin` wrote with no note counts as none. */
function pinnedNoteOf(note: string | undefined): {pinnedNote?: string} {
  return note && note !== 'Pinned by a person' ? {pinnedNote: note} : {};
}

/** Characters of a prompt that was never sent shown on its page: enough to see what it holds. */
const TOO_LARGE_SHOWN = 20_000;

/** The prompt as the page shows it: whole, unless it is too large to send (and so to show). */
export function shownPrompt(
  plan: DesignPlan,
  decision: Decision,
  docsLocale: string | undefined,
): string {
  const prompt = plan.prompt;
  if (decision.state !== 'too-large' || prompt.length <= TOO_LARGE_SHOWN)
    return prompt;
  return `${prompt.slice(0, TOO_LARGE_SHOWN)}\n\n${tooLargeTail(prompt.length - TOO_LARGE_SHOWN, docsLocale)}`;
}

/** The large parts of a page, made only when the page is rendered. */
type LargeParts = Pick<DeployPage, 'answerMdx'> &
  Pick<DeployPageProps, 'parts' | 'answerMarkdown' | 'coverage' | 'figures'> & {
    prompt: string;
  };

/** A design's Deploy page; without its large parts (`null`), what `pageInputs` digests. */
export function deployPage(
  ctx: RunContext,
  plan: DesignPlan,
  decision: Decision,
  large: LargeParts | null,
): DeployPage {
  const {design} = plan;
  const sources: DeployPageProps['sources'] = plan.sections.map(
    ({role, title}) => {
      const {file} = design.sections[role]!;
      return {role, title, file, editUrl: editUrlOf(ctx, file)};
    },
  );
  // From the docs root (`/`): Docusaurus resolves it in each locale's own folder first (a page's
  // translation, else the page), where a link relative to an untranslated Deploy page would break.
  const sourceLinks: SourceLink[] = plan.sections.map(({role, title}) => {
    const source = design.sections[role]!;
    const anchor =
      design.kind === 'page' ? `#${headingAnchor(source.heading)}` : '';
    return {role, title, href: `/${source.file}${anchor}`};
  });
  const answer = decision.answer;
  const {pageTitle, pageTitleFormat} = ctx.options;
  const title = pageTitleFormat.replace(/\{(pageTitle|design)\}/g, (_, name) =>
    name === 'design' ? design.title : pageTitle,
  );
  return {
    sourceLinks,
    id: design.kind === 'page' ? design.outputId : undefined,
    title,
    // A folder design's category names the design; a single page's item stands among others.
    sidebarLabel: design.kind === 'folder' ? pageTitle : title,
    sidebarPosition: design.sidebarPosition,
    editUrl: sources[0]?.editUrl ?? null,
    description: pageDescription(
      design.title,
      plan.sections.map((section) => section.title),
      ctx.docsLocale,
    ),
    answerMdx: large?.answerMdx ?? null,
    props: {
      designId: design.id,
      designTitle: design.title,
      state: decision.state,
      prompt: large?.prompt ?? '',
      meta: answer
        ? {
            model: answer.model,
            created: answer.created,
            key: answer.key.slice(0, 12),
            promptTokens: answer.usage.prompt_tokens,
            completionTokens: answer.usage.completion_tokens,
            totalTokens: answer.usage.total_tokens,
            ...(answer.pinned
              ? {pinned: true as const, ...pinnedNoteOf(answer.note)}
              : {}),
          }
        : null,
      sources,
      missing: design.missing,
      message: decision.message,
      notice: decision.notice,
      answerAsText: false,
      changed: decision.changed,
      parts: large?.parts ?? null,
      template: ['ru', 'en'].includes(plan.template.name)
        ? plan.template.name
        : 'custom',
      answerMarkdown: large?.answerMarkdown ?? null,
      edited: decision.edited ?? false,
      review: decision.review ?? null,
      reviewCommand: answer
        ? `docusaurus ${commandName(ctx.options.id)} review --design ${design.id} --by <name>${ctx.translation ? ` --locale ${ctx.translation.locale}` : ''}`
        : null,
      coverage: large?.coverage ?? null,
      figures: large?.figures ?? null,
    },
  };
}
