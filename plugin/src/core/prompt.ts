import type {PromptPart} from 'docusaurus-plugin-mlsd-deploy';
import type {Role} from './roles';

/** A section as it enters the prompt. */
export interface PromptSection {
  role: Role;
  title: string;
  /** May be read from the cache only when asked for (see the plugin's section reader). */
  readonly markdown: string;
  /** The section holds no text (a heading alone), when known without reading `markdown`. */
  blank?: boolean;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The template line the sections replace: the built-in `[Вставь сюда готовые разделы: ...]` and
 * `[Insert the finished sections here: ...]`, or a line `{{sections}}` in your own template.
 */
const PLACEHOLDER_LINE =
  /^[ \t]*(?:\[(?:Вставь сюда готовые разделы|Insert the finished sections here)[^\]\r\n]*\]|\{\{\s*sections\s*\}\})[ \t]*$/gm;

/** A template that cannot take the sections. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Checks that a template has exactly one placeholder line; throws a `TemplateError` that says how to fix it. */
export function checkTemplate(template: string, origin: string): void {
  const count = template.match(PLACEHOLDER_LINE)?.length ?? 0;
  if (count !== 1)
    throw new TemplateError(
      `The prompt template ${origin} has ${count === 0 ? 'no' : count} placeholder lines; it needs exactly one. ` +
        'Put the sections where a line `{{sections}}` (or the built-in `[Вставь сюда готовые разделы: ...]`) stands.',
    );
}

/** A section as it stands in the prompt: under its own title. */
function sectionText(section: PromptSection): string {
  return `### ${section.title}\n\n${section.markdown}`.trimEnd();
}

/** The prompt: the template word for word, its placeholder line replaced by the sections. */
export function buildPrompt(
  template: string,
  sections: readonly PromptSection[],
  origin = 'template',
): string {
  checkTemplate(template, origin);
  const text = sections.map(sectionText).join('\n\n');
  return template.replace(PLACEHOLDER_LINE, () => text);
}

/** The messages sent for a prompt: one user message, since the prompt states the role itself. */
export function buildMessages(prompt: string): ChatMessage[] {
  return [{role: 'user', content: prompt}];
}

/**
 * The prompt cut into its parts, in order: the template before the placeholder, each section,
 * the template after it. Joined, the parts' texts are `buildPrompt(template, sections)`, to the
 * character: each section but the last carries the blank line that joins it to the next. Pure.
 */
export function promptParts(
  template: string,
  sections: readonly PromptSection[],
): PromptPart[] {
  checkTemplate(template, 'template');
  const [before, after] = template.split(PLACEHOLDER_LINE) as [string, string];
  return [
    ...(before ? [{kind: 'instructions', text: before} as const] : []),
    ...sections.map((section, index): PromptPart => ({
      kind: 'section',
      role: section.role,
      title: section.title,
      text: sectionText(section) + (index < sections.length - 1 ? '\n\n' : ''),
    })),
    ...(after ? [{kind: 'instructions', text: after} as const] : []),
  ];
}
