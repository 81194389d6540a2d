import {setTimeout as delay} from 'node:timers/promises';
import type OpenAI from 'openai';
import type {Usage} from '../core/entry';
import type {ChatRequest} from '../core/key';
import {GenerationError, loadOpenAI, toGenerationError} from './errors';

export {GenerationError} from './errors';

/** A whole answer from the model. */
export interface Completion {
  text: string;
  model: string;
  finishReason: string;
  usage: Usage;
}

/** How the client reaches the server, and how long it keeps trying. */
export interface ChatClientOptions {
  apiKey: string;
  baseURL?: string;
  /** Milliseconds per request. */
  timeout: number;
  /** Retries: the client's on 408, 409, 429, 5xx and network errors; ours on a malformed answer. */
  maxRetries: number;
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
  if (!choice || typeof choice !== 'object')
    throw new GenerationError(
      'malformed',
      'The server answered without a chat completion (no `choices`).',
    );
  const text = choice.message?.content ?? '';
  const finishReason = choice.finish_reason ?? 'unknown';
  const {prompt_tokens, completion_tokens, total_tokens} = body.usage ?? {};
  if (finishReason === 'length')
    throw new GenerationError(
      'truncated',
      `The answer was cut off after ${completion_tokens ?? '?'} tokens (finish_reason: length).`,
    );
  if (typeof text !== 'string' || !text.trim())
    throw new GenerationError(
      'empty',
      `The model returned an empty answer (finish_reason: ${finishReason}).`,
    );
  return {
    text,
    model: body.model || model,
    finishReason,
    usage: {prompt_tokens, completion_tokens, total_tokens},
  };
}

/** A Chat Completions client, made on first use: a build with all answers cached needs no key. */
export function createChatClient(options: ChatClientOptions): Complete {
  let openai: OpenAI | undefined;
  const ask = async (request: ChatRequest, signal?: AbortSignal) => {
    const client = (openai ??= new (loadOpenAI().default)({
      ...options,
      // The client's own debug log (OPENAI_LOG) would print request headers: never.
      logLevel: 'off',
    }));
    // The request gets a signal of its own: the client leaves a listener on the one it is given.
    const own = new AbortController();
    const abort = () => own.abort(signal?.reason);
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort);
    let response: unknown;
    try {
      response = await client.chat.completions.create(
        {
          model: request.model,
          messages: request.messages,
          ...(request.params as Record<string, never>),
          stream: false,
        },
        {signal: signal && own.signal},
      );
    } catch (error) {
      throw toGenerationError(error, options.apiKey);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    // Node's `fetch` reuses a kept-alive connection only one event-loop turn after its response: a
    // request made sooner opens a new one, slow when a round of answers arrives at once.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return completionOf(response, request.model);
  };
  return async (request, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await ask(request, signal);
      } catch (error) {
        // Only a malformed answer is worth asking again, after a pause.
        const transient =
          error instanceof GenerationError && error.kind === 'malformed';
        if (!transient || attempt >= options.maxRetries || signal?.aborted)
          throw error;
        // Half a second, doubling each time; a run that stops ends the pause at once.
        await delay(500 * 2 ** attempt, undefined, {signal}).catch(() => {});
      }
    }
  };
}
