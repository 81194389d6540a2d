import type * as OpenAIModule from 'openai';

/** The `openai` package, as `require` gives it (its CommonJS build, like the plugin's). */
type OpenAIPackage = typeof OpenAIModule;

let openaiPackage: OpenAIPackage | undefined;

/**
 * Loads the `openai` package on first use: a fully cached build never needs it. Required, not
 * imported: its CommonJS build loads faster than its ES module graph, and the first request waits.
 */
export function loadOpenAI(): OpenAIPackage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed
  return (openaiPackage ??= require('openai') as OpenAIPackage);
}

/** What to do about each kind of failure; the theme says the same in the site's language. */
export const HINTS = {
  auth: 'The server refused the key: check OPENAI_API_KEY, and that OPENAI_BASE_URL is the server the key is for.',
  forbidden:
    'The key may not use this model: check the model (`model` option or MLSD_MODEL) and the key’s permissions.',
  'not-found':
    'The server does not know this model or path: check the model (`model` option or MLSD_MODEL) and OPENAI_BASE_URL (it usually ends in /v1).',
  'rate-limit':
    'The server is rate-limiting: rebuild later, or lower the `concurrency` option.',
  timeout:
    'The request timed out: raise the `timeout` option, or try a smaller model.',
  connection:
    'The server could not be reached: check OPENAI_BASE_URL and that the server is running.',
  'bad-request':
    'The server refused the request: check the model (`model` option or MLSD_MODEL), `maxTokens` and `params`.',
  'context-length':
    'The prompt is longer than the model takes: shorten the design’s sections, use a model with a larger context, or set `maxPromptTokens` to the model’s context size so that such a page says so before anything is sent.',
  server: 'The server failed: rebuild later.',
  malformed:
    'The server’s answer was not a chat completion: check that OPENAI_BASE_URL points at an OpenAI-compatible server, or rebuild later.',
  empty:
    'The model returned no text: rebuild to try again, or try another model.',
  truncated:
    'The answer was cut off at the token limit: raise the `maxTokens` option (or `max_completion_tokens` in `params`) and rebuild.',
  aborted: 'The run stopped before this request finished: rebuild.',
  unknown: 'Rebuild to try again.',
} satisfies Record<string, string>;

/** What a caller can do about a failed request. */
type GenerationErrorKind = keyof typeof HINTS;

/** A request that produced no usable answer. Never cached; its message never holds the API key. */
export class GenerationError extends Error {
  override name = 'GenerationError';
  constructor(
    readonly kind: GenerationErrorKind,
    message: string,
  ) {
    super(message);
  }

  /** What the user can do about it. */
  get hint(): string {
    return HINTS[this.kind];
  }

  /** A fault of the key, model or URL: no retry and no other request will do better. */
  get isConfiguration(): boolean {
    return ['auth', 'forbidden', 'not-found'].includes(this.kind);
  }
}

/** Removes every occurrence of the secret from a text (error messages can echo headers or URLs). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4
    ? text.split(secret).join('[redacted]')
    : text;
}

/** The kind of each `openai` error class a caller can act on; the first that matches wins. */
const kindsOf = (api: OpenAIPackage) =>
  [
    [api.APIUserAbortError, 'aborted'],
    [api.APIConnectionTimeoutError, 'timeout'],
    [api.APIConnectionError, 'connection'],
    [api.AuthenticationError, 'auth'],
    [api.PermissionDeniedError, 'forbidden'],
    [api.RateLimitError, 'rate-limit'],
    [api.NotFoundError, 'not-found'],
    [api.BadRequestError, 'bad-request'],
    [api.UnprocessableEntityError, 'bad-request'],
    [api.ConflictError, 'server'],
    [api.InternalServerError, 'server'],
  ] as const;

/** A 400 that says the prompt does not fit the model's context. */
const CONTEXT_LENGTH =
  /context[_ ]length|maximum context|context window|too many tokens|prompt is too long/i;

/** Maps an `openai` error to a `GenerationError` with a kind the user can act on. */
export function toGenerationError(
  error: unknown,
  apiKey?: string,
): GenerationError {
  // The client's errors come from the loaded package; before it is loaded there are none.
  const api = openaiPackage;
  let kind: GenerationErrorKind | undefined =
    api && kindsOf(api).find(([type]) => error instanceof type)?.[1];
  let message =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  if (api && error instanceof api.APIError && error.status !== undefined) {
    // The client's message already starts with the status (`500 status code (no body)`).
    const text = message.startsWith(`${error.status} `)
      ? message.slice(`${error.status} `.length)
      : message;
    message = `HTTP ${error.status}: ${text}`;
    if (
      kind === 'bad-request' &&
      (error.code === 'context_length_exceeded' || CONTEXT_LENGTH.test(text))
    )
      kind = 'context-length';
  }
  // A body the client could not read as JSON: a proxy's HTML page, a cut-off stream.
  kind ??= error instanceof SyntaxError ? 'malformed' : 'unknown';
  // The cause is not kept: the client's error holds the request headers, and so the key.
  return new GenerationError(kind, redact(message, apiKey));
}
