import {readFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {checkTemplate} from './core/prompt';
import type {RunContext} from './context';
import {MlsdError} from './errors';

/** The Deploy prompt the plugin ships. */
export const BUILT_IN_TEMPLATE = join(
  __dirname,
  '..',
  'templates',
  'deploy-prompt.ru.txt',
);

/** A prompt template and where it was read from. */
export interface Template {
  text: string;
  file: string;
}

/** Reads the prompt template: the user's file, or the built-in Deploy prompt. */
export async function loadTemplate(
  ctx: Pick<RunContext, 'siteDir' | 'options'>,
): Promise<Template> {
  const file = ctx.options.promptTemplate
    ? resolve(ctx.siteDir, ctx.options.promptTemplate)
    : BUILT_IN_TEMPLATE;
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
