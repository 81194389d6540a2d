import {parentPort} from 'node:worker_threads';
import {mdxCompileError, sanitizeAnswer} from './core/answer';
import {pageHead} from './core/discover';
import {loadMarkdownTools} from './core/markdown';
import {analyzePageDesign} from './core/pageDesign';
import type {RoleMatcher} from './core/roles';
import {extractPageSection} from './core/sections';
import type {EncodingName} from 'gpt-tokenizer/mapping';
import {loadTokenCounter} from './core/tokens';
import {MlsdError} from './errors';
import type {ChatRequest} from './core/key';
import {
  createChatClient,
  GenerationError,
  type ChatClientOptions,
  type Complete,
  type Completion,
} from './llm';
import {readPageText} from './pageText';
import type {SentError} from './workers';

/** A reading of one page a run asks a worker for: as the run's reader would make it. */
export type ReadingAsked =
  | {kind: 'head'}
  | {kind: 'page'; format: 'md' | 'mdx'; matchers: readonly RoleMatcher[]}
  | {kind: 'section'; format: 'md' | 'mdx'; heading: string; oversize: number};

/** The readings of one page, in the order asked, or the error each one met. */
export interface ReadingsOfPage {
  values: ({value: unknown} | {error: SentError})[];
  invalidUtf8: boolean;
}

function sent(error: unknown): SentError {
  const {line, column, reason} = error as {
    line?: number;
    column?: number;
    reason?: string;
  };
  const {name, message} =
    error instanceof Error ? error : {name: 'Error', message: String(error)};
  return {
    name,
    message,
    ...(error instanceof MlsdError ? {mlsd: true} : {}),
    ...(error instanceof GenerationError ? {kind: error.kind} : {}),
    ...(typeof line === 'number' ? {line} : {}),
    ...(typeof column === 'number' ? {column} : {}),
    ...(typeof reason === 'string' ? {reason} : {}),
  };
}

let counting: {of: string; count: Promise<(prompt: string) => number>};

/** The client of the run asking (one at a time), by its options. */
let asking: {of: string; complete: Complete} | undefined;

/** Requests under way, by the id the run gave them (see `abort`). */
const requests = new Map<number, AbortController>();

/** The work a worker thread does (see `WorkerPool`), by name. */
export const handlers = {
  /** Readings of one page, read from disk and held to the digest the run took. */
  async read(
    file: string,
    digest: string,
    asked: readonly ReadingAsked[],
  ): Promise<ReadingsOfPage> {
    let invalidUtf8 = false;
    const content = readPageText(file, {
      digest,
      onInvalidUtf8: () => (invalidUtf8 = true),
    });
    const needsTools = asked.some((reading) => reading.kind !== 'head');
    const tools = needsTools ? await loadMarkdownTools() : undefined;
    const values = asked.map((reading) => {
      try {
        switch (reading.kind) {
          case 'head':
            return {value: pageHead(content)};
          case 'page':
            return {
              value: analyzePageDesign(
                {file: ''},
                content,
                reading.format,
                tools!,
                reading.matchers,
              ),
            };
          case 'section':
            // As the run's reader does: a page far over any prompt limit is not parsed.
            if (content.length > reading.oversize)
              return {
                value: {title: reading.heading, markdown: '', oversize: true},
              };
            return {
              value: extractPageSection(
                content,
                reading.format,
                tools!,
                reading.heading,
              ),
            };
        }
      } catch (error) {
        return {error: sent(error)};
      }
    });
    return {values, invalidUtf8};
  },

  /** Counts of prompts' tokens in the model's encoding. */
  async tokens(
    encoding: EncodingName,
    model: string,
    prompts: readonly string[],
  ): Promise<number[]> {
    const of = `${encoding} ${model}`;
    if (counting?.of !== of)
      counting = {of, count: loadTokenCounter(encoding, model)};
    const count = await counting.count;
    return prompts.map((prompt) => count(prompt));
  },

  /**
   * One chat completion, by this thread's own `openai` client: a run asking for many answers
   * does it here, so that the garbage of requests and responses stays in a bounded heap.
   */
  async complete(
    options: ChatClientOptions,
    id: number,
    request: ChatRequest,
  ): Promise<Completion> {
    const of = JSON.stringify(options);
    if (asking?.of !== of) asking = {of, complete: createChatClient(options)};
    const controller = new AbortController();
    requests.set(id, controller);
    try {
      return await asking.complete(request, controller.signal);
    } finally {
      requests.delete(id);
    }
  },

  /** Abandons the request `id`, if it is under way: it fails as `aborted`. */
  async abort(id: number): Promise<void> {
    requests.get(id)?.abort();
  },

  /** `sanitizeAnswer` of an answer. */
  async sanitize(answer: string): Promise<string> {
    return sanitizeAnswer(answer, await loadMarkdownTools());
  },

  /** `mdxCompileError` of a page: `''` when it compiles. */
  async compileError(page: string): Promise<string> {
    return (await mdxCompileError(page)) ?? '';
  },
};

export type Handlers = typeof handlers;

parentPort?.on(
  'message',
  async ({id, name, args}: {id: number; name: keyof Handlers; args: never}) => {
    try {
      const value = await (
        handlers[name] as (...args: unknown[]) => Promise<unknown>
      )(...(args as unknown[]));
      parentPort!.postMessage({id, value});
    } catch (error) {
      parentPort!.postMessage({id, error: sent(error)});
    }
  },
);
