// A notice's sentences, advice for each kind of failure and words naming inputs, in the site's
// language, for `Notice`. A .tsx file, as the tests read the theme's messages from those.
import {translate} from '@docusaurus/Translate';
import type {NoticePart} from 'docusaurus-plugin-mlsd-deploy';

/** Each sentence a notice can say, in the site's language, with its values in braces. */
export const SENTENCES: Record<NoticePart['id'], string> = {
  missing: translate({
    id: 'theme.mlsdDeploy.notice.missing',
    message: 'Not generated yet.',
    description: 'No answer was ever generated for the design',
  }),
  stale: translate({
    id: 'theme.mlsdDeploy.notice.stale',
    message: '{changed} changed since this answer was generated.',
    description: 'The answer shown is stale; {changed} lists what changed',
  }),
  staleHidden: translate({
    id: 'theme.mlsdDeploy.notice.staleHidden',
    message: '{changed} changed since the last answer was generated.',
    description: 'The design is stale and its last answer is not shown',
  }),
  editedStale: translate({
    id: 'theme.mlsdDeploy.notice.editedStale',
    message:
      'This answer was edited by hand, and {changed} changed since. Generation keeps it: pin it with a revised text (`{pin}`), or replace it with a new answer (`{replace}`).',
    description:
      'A hand-edited answer whose inputs changed; {pin} and {replace} are command lines',
  }),
  pinnedOld: translate({
    id: 'theme.mlsdDeploy.notice.pinnedOld',
    message:
      'This answer was pinned by a person against an older prompt: {changed} changed since. Generation never replaces a pin; run `{pin}` with a revised answer, or `{unpin}` to let the model answer.',
    description:
      'A pinned answer whose prompt changed; {pin} and {unpin} are command lines',
  }),
  incompletePage: translate({
    id: 'theme.mlsdDeploy.notice.incompletePage',
    message:
      'This design has no section {roles}, so no answer is generated. Add a heading {roles} to the page, or name the heading that is one in the page’s front matter (`mlsd_sections`), then rebuild (`{status}` shows what was found and why), or set the plugin option `allowIncomplete: true` to generate from the sections there are.',
    description:
      'A single-page design lacks a section; {status} is a command line',
  }),
  closestHeadings: translate({
    id: 'theme.mlsdDeploy.notice.closestHeadings',
    message:
      'The headings closest to {role}: {headings}. To read the first as that section, add to the front matter: `{frontMatter}`.',
    description:
      'A single-page design lacks a section: the headings that come closest, and the front matter line that names the first; {frontMatter} is that line',
  }),
  overrideUnknown: translate({
    id: 'theme.mlsdDeploy.notice.overrideUnknown',
    message:
      'The front matter names {named} as the section {role} (`{field}`), but the page has no such heading, so no answer is generated. Its headings: {headings}.',
    description:
      "A page's front matter names a heading it does not have; {field} is the field, {headings} the page's headings",
  }),
  incompleteFolder: translate({
    id: 'theme.mlsdDeploy.notice.incompleteFolder',
    message:
      "This design has no section {roles}, so no answer is generated. Add a page whose title is {roles} to the design's folder, or mark an existing page with `mlsd_section: <problem|data|architecture>` in its front matter, then rebuild (`{status}` shows what was found and why), or set the plugin option `allowIncomplete: true` to generate from the sections there are.",
    description: 'A folder design lacks a section; {status} is a command line',
  }),
  emptySection: translate({
    id: 'theme.mlsdDeploy.notice.emptySection',
    message:
      'Section {sections} of this design has a heading and no text, so no answer is generated. Write the section, then rebuild, or set the plugin option `allowIncomplete: true` to generate from the sections there are.',
    description: 'A section of the design is a heading alone',
  }),
  tooLarge: translate({
    id: 'theme.mlsdDeploy.notice.tooLarge',
    message:
      'The prompt is about {tokens} tokens, over the limit of {limit} (option `maxPromptTokens`): nothing was sent, and nothing is cut. Shorten the sections, or raise the limit if the model takes more.',
    description: 'The prompt is over the size limit',
  }),
  generating: translate({
    id: 'theme.mlsdDeploy.notice.generating',
    message:
      'The model is being asked for this answer; this page updates when it arrives.',
    description: 'Dev server: the answer is being generated',
  }),
  generatingChanged: translate({
    id: 'theme.mlsdDeploy.notice.generatingChanged',
    message:
      'The model is being asked for this answer ({changed} changed); this page updates when it arrives.',
    description:
      'Dev server: the answer is being generated because inputs changed',
  }),
  shownMeanwhile: translate({
    id: 'theme.mlsdDeploy.notice.shownMeanwhile',
    message: 'The last answer is shown meanwhile.',
    description:
      'Dev server: the last answer is shown while a new one is generated',
  }),
  failed: translate({
    id: 'theme.mlsdDeploy.notice.failed',
    message: 'Generation failed: {error}',
    description:
      "The request failed; {error} is the server's message, as it came",
  }),
  hint: translate({
    id: 'theme.mlsdDeploy.notice.hint',
    message: '{hint}',
    description:
      'What to do about a failed request, when its kind has no translation',
  }),
  lastShown: translate({
    id: 'theme.mlsdDeploy.notice.lastShown',
    message: 'The last answer is shown.',
    description: 'After a failure: the last answer is shown',
  }),
  failedBefore: translate({
    id: 'theme.mlsdDeploy.notice.failedBefore',
    message: 'The last request for these inputs failed: {error}',
    description:
      "An earlier request failed; {error} is the server's message, as it came",
  }),
  howAuto: translate({
    id: 'theme.mlsdDeploy.notice.howAuto',
    message:
      'Set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI) and run the build again, or run `{generate}`; then commit the cache folder.',
    description: 'How to get an answer; {generate} is a command line',
  }),
  howOffline: translate({
    id: 'theme.mlsdDeploy.notice.howOffline',
    message:
      'The build runs with MLSD_MODE=offline, which never asks the model: build without it, or run `{generate}`.',
    description:
      'How to get an answer in offline mode; {generate} is a command line',
  }),
  howFrozen: translate({
    id: 'theme.mlsdDeploy.notice.howFrozen',
    message:
      'The build runs with MLSD_MODE=frozen, which only reads the cache.',
    description: 'Frozen mode only reads the cache',
  }),
};

/** What to do about a failed request, by its kind. */
export const HINTS: Record<string, string> = {
  auth: translate({
    id: 'theme.mlsdDeploy.hint.auth',
    message:
      'The server refused the key: check OPENAI_API_KEY, and that OPENAI_BASE_URL is the server the key is for.',
    description: 'What to do about a failed request',
  }),
  forbidden: translate({
    id: 'theme.mlsdDeploy.hint.forbidden',
    message:
      'The key may not use this model: check the model (`model` option or MLSD_MODEL) and the key’s permissions.',
    description: 'What to do about a failed request',
  }),
  'not-found': translate({
    id: 'theme.mlsdDeploy.hint.not-found',
    message:
      'The server does not know this model or path: check the model (`model` option or MLSD_MODEL) and OPENAI_BASE_URL (it usually ends in /v1).',
    description: 'What to do about a failed request',
  }),
  'rate-limit': translate({
    id: 'theme.mlsdDeploy.hint.rate-limit',
    message:
      'The server is rate-limiting: rebuild later, or lower the `concurrency` option.',
    description: 'What to do about a failed request',
  }),
  timeout: translate({
    id: 'theme.mlsdDeploy.hint.timeout',
    message:
      'The request timed out: raise the `timeout` option, or try a smaller model.',
    description: 'What to do about a failed request',
  }),
  connection: translate({
    id: 'theme.mlsdDeploy.hint.connection',
    message:
      'The server could not be reached: check OPENAI_BASE_URL and that the server is running.',
    description: 'What to do about a failed request',
  }),
  'bad-request': translate({
    id: 'theme.mlsdDeploy.hint.bad-request',
    message:
      'The server refused the request: check the model (`model` option or MLSD_MODEL), `maxTokens` and `params`.',
    description: 'What to do about a failed request',
  }),
  'context-length': translate({
    id: 'theme.mlsdDeploy.hint.context-length',
    message:
      'The prompt is longer than the model takes: shorten the design’s sections, use a model with a larger context, or set `maxPromptTokens` to the model’s context size so that such a page says so before anything is sent.',
    description: 'What to do about a failed request',
  }),
  server: translate({
    id: 'theme.mlsdDeploy.hint.server',
    message: 'The server failed: rebuild later.',
    description: 'What to do about a failed request',
  }),
  malformed: translate({
    id: 'theme.mlsdDeploy.hint.malformed',
    message:
      'The server’s answer was not a chat completion: check that OPENAI_BASE_URL points at an OpenAI-compatible server, or rebuild later.',
    description: 'What to do about a failed request',
  }),
  empty: translate({
    id: 'theme.mlsdDeploy.hint.empty',
    message:
      'The model returned no text: rebuild to try again, or try another model.',
    description: 'What to do about a failed request',
  }),
  truncated: translate({
    id: 'theme.mlsdDeploy.hint.truncated',
    message:
      'The answer was cut off at the token limit: raise the `maxTokens` option (or `max_completion_tokens` in `params`) and rebuild.',
    description: 'What to do about a failed request',
  }),
  aborted: translate({
    id: 'theme.mlsdDeploy.hint.aborted',
    message: 'The run stopped before this request finished: rebuild.',
    description: 'What to do about a failed request',
  }),
  unknown: translate({
    id: 'theme.mlsdDeploy.hint.unknown',
    message: 'Rebuild to try again.',
    description: 'What to do about a failed request',
  }),
};

/** The names of inputs a notice lists, and how it quotes a section's title. */
export const WORDS: Record<string, string> = {
  'role.problem': translate({
    id: 'theme.mlsdDeploy.notice.role.problem',
    message: '1. Problem statement',
    description: 'Title of the section "problem" a design lacks',
  }),
  'role.data': translate({
    id: 'theme.mlsdDeploy.notice.role.data',
    message: '3. Data',
    description: 'Title of the section "data" a design lacks',
  }),
  'role.architecture': translate({
    id: 'theme.mlsdDeploy.notice.role.architecture',
    message: '4. Architecture and models',
    description: 'Title of the section "architecture" a design lacks',
  }),
  heading: translate({
    id: 'theme.mlsdDeploy.notice.heading',
    message: '"{text}" (line {line})',
    description: 'A heading of the page and its line, in a list of headings',
  }),
  'input.template': translate({
    id: 'theme.mlsdDeploy.notice.input.template',
    message: 'the prompt template',
    description: 'An input that changed',
  }),
  'input.model': translate({
    id: 'theme.mlsdDeploy.notice.input.model',
    message: 'the model',
    description: 'An input that changed',
  }),
  'input.params': translate({
    id: 'theme.mlsdDeploy.notice.input.params',
    message: 'the request parameters',
    description: 'An input that changed',
  }),
  'input.version': translate({
    id: 'theme.mlsdDeploy.notice.input.version',
    message: 'the cache format',
    description: 'An input that changed',
  }),
  'input.inputs': translate({
    id: 'theme.mlsdDeploy.notice.input.inputs',
    message: 'the inputs',
    description: 'Any of the inputs changed',
  }),
  quoted: translate({
    id: 'theme.mlsdDeploy.notice.quoted',
    message: '“{text}”',
    description: 'A section title in running text',
  }),
  removed: translate({
    id: 'theme.mlsdDeploy.notice.removed',
    message: '{section} (removed)',
    description: 'A section that is gone since the answer',
  }),
};
