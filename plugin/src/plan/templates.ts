import {readFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {builtInChecklist} from '../core/checklist';
import {parseChecklist, type CoverageItem} from '../core/coverage';
import {splitFrontMatter} from '../core/frontMatter';
import {designFiles, type Design} from '../core/discover';
import {checkTemplate} from '../core/prompt';
import {MlsdError} from '../errors';

/** The Deploy prompts the plugin ships, by the name `promptTemplate` or `mlsd_template` gives. */
const BUILT_IN_TEMPLATES = {
  ru: join(__dirname, '..', '..', 'templates', 'deploy-prompt.ru.txt'),
  en: join(__dirname, '..', '..', 'templates', 'deploy-prompt.en.txt'),
} as const;

/** A prompt template, where it was read from, and what it asks the answer to cover. */
export interface Template {
  /** As the option or front matter named it: `ru`, `en`, or a file path. */
  name: string;
  /** The text the sections go into (a template's own front matter left out). */
  text: string;
  file: string;
  /** The built-in checklist for a built-in prompt; a template file's `coverage` front matter. */
  checklist: CoverageItem[];
}

/** The built-in templates, read once per process: they are the package's own files. */
const builtInTemplates = new Map<string, Template>();

/** Reads a prompt template; its front matter (a `coverage` checklist) is not part of the prompt. */
async function loadTemplate(siteDir: string, name: string): Promise<Template> {
  const known = builtInTemplates.get(name);
  if (known) return known;
  // A built-in prompt by name, else a file relative to the site folder.
  const builtIn = Object.hasOwn(BUILT_IN_TEMPLATES, name);
  const file = builtIn
    ? BUILT_IN_TEMPLATES[name as keyof typeof BUILT_IN_TEMPLATES]
    : resolve(siteDir, name);
  const raw = await readFile(file, 'utf8').catch((error: Error) => {
    throw new MlsdError(
      `Cannot read the prompt template ${file} (option \`promptTemplate\`, or \`mlsd_template\` in a design's front matter): ${error.message}. ` +
        'Use `ru` or `en` for a built-in prompt, or a file relative to the site folder; remove it to use the built-in Russian prompt.',
      {cause: error},
    );
  });
  // A built-in prompt has no front matter: its checklist is the plugin's own.
  const split =
    !builtIn && /^\uFEFF?---\r?\n/.test(raw) ? splitFrontMatter(raw) : null;
  if (split?.error)
    throw new MlsdError(
      `The front matter of the prompt template ${file} is not valid YAML: ${split.error}`,
    );
  const text = split ? split.body : raw;
  checkTemplate(text, file);
  let checklist: CoverageItem[];
  try {
    checklist = builtIn
      ? builtInChecklist(name as 'ru')
      : parseChecklist(split?.data.coverage, file);
  } catch (error) {
    throw new MlsdError((error as Error).message, {cause: error});
  }
  const template = {name, text, file, checklist};
  if (builtIn) builtInTemplates.set(name, template);
  return template;
}

/** A design's template: the first `mlsd_template` in its pages' front matter, else `fallback`. */
export function templateNameOf(
  design: Design,
  frontMatterOf: (
    file: string,
  ) => Readonly<Record<string, unknown>> | undefined,
  fallback: string,
): string {
  for (const file of designFiles(design)) {
    const value = file && frontMatterOf(file)?.mlsd_template;
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return fallback;
}

/** A locale's built-in template (`en` for `en` and `en-GB`), else `fallback`. */
export function localeTemplateName(locale: string, fallback: string): string {
  const language = locale.split('-')[0]!;
  return Object.hasOwn(BUILT_IN_TEMPLATES, language) ? language : fallback;
}

/** Every template the designs ask for, read once each. */
export async function loadTemplates(
  siteDir: string,
  names: Iterable<string>,
): Promise<Map<string, Template>> {
  const loaded = await Promise.all(
    [...new Set(names)].map((name) => loadTemplate(siteDir, name)),
  );
  return new Map(loaded.map((template) => [template.name, template]));
}
