import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from 'openai';
import type {ChatRequest} from './core/key';
import type {Usage} from './core/entry';

/** A whole answer from the model. */
export interface Completion {
  text: string;
  model: string;
  finishReason: string;
  usage: Usage;
}

/** What a caller can do about a failed request. */
export type GenerationErrorKind =
  | 'auth'
  | 'rate-limit'
  | 'timeout'
  | 'connection'
  | 'bad-request'
  | 'not-found'
  | 'server'
  | 'empty'
  | 'truncated'
  | 'unknown';

const HINTS: Record<GenerationErrorKind, string> = {
  auth: 'Check OPENAI_API_KEY (and OPENAI_BASE_URL if you use another server).',
  'rate-limit':
    'The server is rate-limiting: rebuild later, or lower the `concurrency` option.',
  timeout:
    'The request timed out: raise the `timeout` option, or try a smaller model.',
  connection:
    'The server could not be reached: check OPENAI_BASE_URL and that the server is running.',
  'bad-request':
    'The server refused the request: check the `model` option (or MLSD_MODEL) and `maxTokens`.',
  'not-found':
    'The server does not know this model or path: check the `model` option and OPENAI_BASE_URL (it usually ends in /v1).',
  server: 'The server failed: rebuild later.',
  empty:
    'The model returned no text: rebuild to try again, or try another model.',
  truncated:
    'The answer was cut off at `maxTokens`: raise the `maxTokens` option and rebuild.',
  unknown: 'Rebuild to try again.',
};

/** A request that produced no usable answer. Never cached; its message never holds the API key. */
export class GenerationError extends Error {
  override name = 'GenerationError';
  constructor(
    readonly kind: GenerationErrorKind,
    message: string,
    options?: {cause?: unknown},
  ) {
    super(message, options);
  }

  /** What the user can do about it. */
  get hint(): string {
    return HINTS[this.kind];
  }
}

export interface ChatClientOptions {
  apiKey: string;
  baseURL?: string;
  /** Milliseconds per request. */
  timeout: number;
  maxRetries: number;
}

/** Asks the model for one answer. */
export type Complete = (request: ChatRequest) => Promise<Completion>;

/** Removes every occurrence of the secret from a text (error messages can echo headers or URLs). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4
    ? text.split(secret).join('[redacted]')
    : text;
}

/**
 * A Chat Completions client over the `openai` package, built on first use so that a build with
 * every answer cached never constructs it (nor needs a key).
 */
export function createChatClient(options: ChatClientOptions): Complete {
  let openai: OpenAI | undefined;
  return async (request) => {
    openai ??= new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeout,
      maxRetries: options.maxRetries,
    });
    let response: OpenAI.Chat.Completions.ChatCompletion;
    try {
      response = await openai.chat.completions.create({
        model: request.model,
        messages: request.messages,
        ...(request.params as Record<string, never>),
        stream: false,
      });
    } catch (error) {
      throw toGenerationError(error, options.apiKey);
    }
    const choice = response.choices?.[0];
    const text = choice?.message?.content ?? '';
    const finishReason = choice?.finish_reason ?? 'unknown';
    if (finishReason === 'length') {
      throw new GenerationError(
        'truncated',
        `The answer was cut off after ${response.usage?.completion_tokens ?? '?'} tokens (finish_reason: length).`,
      );
    }
    if (!text.trim())
      throw new GenerationError(
        'empty',
        `The model returned an empty answer (finish_reason: ${finishReason}).`,
      );
    return {
      text,
      model: response.model || request.model,
      finishReason,
      usage: {
        prompt_tokens: response.usage?.prompt_tokens,
        completion_tokens: response.usage?.completion_tokens,
        total_tokens: response.usage?.total_tokens,
      },
    };
  };
}

/** The kind of each `openai` error class a caller can act on; the first that matches wins. */
const KINDS: [abstract new (...args: never[]) => Error, GenerationErrorKind][] =
  [
    [APIConnectionTimeoutError, 'timeout'],
    [APIConnectionError, 'connection'],
    [AuthenticationError, 'auth'],
    [PermissionDeniedError, 'auth'],
    [RateLimitError, 'rate-limit'],
    [NotFoundError, 'not-found'],
    [BadRequestError, 'bad-request'],
    [UnprocessableEntityError, 'bad-request'],
    [InternalServerError, 'server'],
  ];

/** Maps an `openai` error to a `GenerationError` with a kind the user can act on. */
export function toGenerationError(
  error: unknown,
  apiKey?: string,
): GenerationError {
  const kind = KINDS.find(([type]) => error instanceof type)?.[1] ?? 'unknown';
  let message =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  if (error instanceof APIError && error.status !== undefined) {
    // The client's message already starts with the status (`500 status code (no body)`).
    const text = message.startsWith(`${error.status} `)
      ? message.slice(`${error.status} `.length)
      : message;
    message = `HTTP ${error.status}: ${text}`;
  }
  // The cause is not kept: the client's error holds the request headers, and so the key.
  return new GenerationError(kind, redact(message, apiKey));
}
