import type OpenAI from 'openai';
import type {Usage} from './core/entry';
import type {ChatRequest} from './core/key';
import {
  GenerationError,
  loadOpenAI,
  TRANSIENT,
  type OpenAIPackage,
  toGenerationError,
} from './modelErrors';

import {WorkerLost, type WorkerPool} from './workers';

export {GenerationError, redact, type GenerationErrorKind} from './modelErrors';

/** A whole answer from the model. */
export interface Completion {
  text: string;
  model: string;
  finishReason: string;
  usage: Usage;
}

export interface ChatClientOptions {
  apiKey: string;
  baseURL?: string;
  /** Milliseconds per request. */
  timeout: number;
  /**
   * Retries of a transient failure: the `openai` client's own (408, 409, 429 with `retry-after`,
   * 5xx, connection errors), and ours for an answer that is not a chat completion.
   */
  maxRetries: number;
  /** Milliseconds before the first retry of a malformed answer; doubles each time. */
  retryDelay?: number;
}

/** Asks the model for one answer; `signal` abandons the request. */
export type Complete = (
  request: ChatRequest,
  signal?: AbortSignal,
) => Promise<Completion>;

/** Reads the answer out of a response; throws a `GenerationError` when there is none to cache. */
function completionOf(response: unknown, model: string): Completion {
  const body = response as Partial<OpenAI.Chat.Completions.ChatCompletion>;
  const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined;
  if (!choice || typeof choice !== 'object') {
    throw new GenerationError(
      'malformed',
      'The server answered without a chat completion (no `choices`).',
    );
  }
  const text = choice.message?.content ?? '';
  const finishReason = choice.finish_reason ?? 'unknown';
  if (finishReason === 'length') {
    throw new GenerationError(
      'truncated',
      `The answer was cut off after ${body.usage?.completion_tokens ?? '?'} tokens (finish_reason: length).`,
    );
  }
  if (typeof text !== 'string' || !text.trim()) {
    throw new GenerationError(
      'empty',
      `The model returned an empty answer (finish_reason: ${finishReason}).`,
    );
  }
  return {
    text,
    model: body.model || model,
    finishReason,
    usage: {
      prompt_tokens: body.usage?.prompt_tokens,
      completion_tokens: body.usage?.completion_tokens,
      total_tokens: body.usage?.total_tokens,
    },
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

/**
 * A signal of its own for one request, aborted with `signal`, and let go of when `fn` is done:
 * the client leaves a listener on the signal it is given, and one signal shared by a run's
 * thousands of requests would gather them all (and Node's "possible memory leak" warning).
 */
async function withOwnSignal<T>(
  signal: AbortSignal | undefined,
  fn: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!signal) return fn(undefined);
  const own = new AbortController();
  const abort = () => own.abort(signal.reason);
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort);
  try {
    return await fn(own.signal);
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

/**
 * A Chat Completions client over the `openai` package, built on first use so that a build with
 * every answer cached never constructs it (nor needs a key).
 */
export function createChatClient(options: ChatClientOptions): Complete {
  let openai: InstanceType<OpenAIPackage['default']> | undefined;
  const ask = async (request: ChatRequest, signal?: AbortSignal) => {
    openai ??= new (loadOpenAI().default)({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeout,
      maxRetries: options.maxRetries,
      // The client's own debug log (OPENAI_LOG) would print request headers: never.
      logLevel: 'off',
    });
    let response: unknown;
    try {
      const client = openai;
      response = await withOwnSignal(signal, (own) =>
        client.chat.completions.create(
          {
            model: request.model,
            messages: request.messages,
            ...(request.params as Record<string, never>),
            stream: false,
          },
          {signal: own},
        ),
      );
    } catch (error) {
      throw toGenerationError(error, options.apiKey);
    }
    // Node's `fetch` lends a kept-alive connection again only one turn of the event loop after
    // its response (it waits to see that the server keeps it open). A request made before then
    // opens a connection of its own; when a round of answers comes back at once, those
    // connections complete only after every answer of the round is handled, and each next
    // request waits for that. One turn, and the next request goes out on this connection.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return completionOf(response, request.model);
  };
  return async (request, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await ask(request, signal);
      } catch (error) {
        const transient =
          error instanceof GenerationError && TRANSIENT.includes(error.kind);
        if (!transient || attempt >= options.maxRetries || signal?.aborted) {
          throw error;
        }
        await sleep((options.retryDelay ?? 500) * 2 ** attempt, signal);
      }
    }
  };
}

/**
 * A client that asks from a worker thread (see `WorkerPool`): a run asking for many answers keeps
 * the garbage of their requests and responses in the worker's bounded heap, not in the process's.
 * Errors come back as the in-process client throws them; an aborted `signal` abandons the
 * request there. If the worker stops, the request is asked again here, as are those after it.
 */
export function workerChatClient(
  pool: WorkerPool,
  options: ChatClientOptions,
): Complete {
  let next = 0;
  let here: Complete | undefined;
  return async (request, signal) => {
    if (!here) {
      const id = next++;
      const abort = () => void pool.call('abort', id).catch(() => {});
      signal?.addEventListener('abort', abort);
      try {
        if (signal?.aborted) abort();
        return await pool.call('complete', options, id, request);
      } catch (error) {
        if (!(error instanceof WorkerLost)) throw error;
      } finally {
        signal?.removeEventListener('abort', abort);
      }
      here = createChatClient(options);
    }
    return here(request, signal);
  };
}
