import {getEventListeners} from 'node:events';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createChatClient, GenerationError} from '../plugin/src/model/client';
import {startFakeOpenAI, type FakeOpenAI} from './support/openaiServer';

const KEY = 'llm-test-secret-5c2e';
const request = {
  model: 'm',
  messages: [{role: 'user' as const, content: 'Prompt'}],
  params: {temperature: 0.2, max_tokens: 100},
};

describe('createChatClient against an OpenAI-compatible server', () => {
  let server: FakeOpenAI;
  const client = (
    overrides: {maxRetries?: number; timeout?: number; baseURL?: string} = {},
  ) =>
    createChatClient({
      apiKey: KEY,
      baseURL: server.baseURL,
      timeout: 5000,
      maxRetries: 0,
      ...overrides,
    });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GenerationError);
    expect(String((error as Error).message)).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
    return error as GenerationError;
  };

  beforeAll(async () => {
    server = await startFakeOpenAI();
  });

  it("leaves no listener on the run's signal, whatever the number of requests", async () => {
    // The openai client keeps a listener on the signal it is given: one signal shared by a
    // run's requests would gather one per request (and Node's memory leak warning past 10).
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const stop = new AbortController();
      const complete = client();
      const request = {
        model: 'gpt-4o-mini',
        messages: [{role: 'user' as const, content: 'Deploy?'}],
        params: {},
      };
      for (let i = 0; i < 12; i++) await complete(request, stop.signal);
      expect(server.requests).toHaveLength(12);
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(
        warnings.filter((w) => w.name === 'MaxListenersExceededWarning'),
      ).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
  afterEach(() => {
    server.reset();
  });
  afterAll(async () => {
    await server.close();
  });

  it('asks again on the connection an answer came back on, when a round of answers comes back at once', async () => {
    // Node's `fetch` lends a kept-alive connection again only a turn of the event loop after its
    // response: a request made at once opened a connection of its own (16 for these 32 requests,
    // 8 at a time), and against a remote server each new connection is a TLS handshake.
    const own = await startFakeOpenAI(() => ({content: 'Deploy.', delay: 40}));
    try {
      const complete = createChatClient({
        apiKey: KEY,
        baseURL: own.baseURL,
        timeout: 5000,
        maxRetries: 0,
      });
      const inFlight = 8;
      await Promise.all(
        Array.from({length: inFlight}, async () => {
          for (let i = 0; i < 4; i++) await complete(request);
        }),
      );
      expect(own.requests).toHaveLength(32);
      expect(own.connections).toBe(inFlight);
    } finally {
      await own.close();
    }
  });

  it('sends the model, messages and every parameter, with the key as a bearer token', async () => {
    server.respond = () => ({content: 'Deploy text'});
    const completion = await client()(request);
    expect(completion).toMatchObject({
      text: 'Deploy text',
      model: 'm',
      finishReason: 'stop',
      usage: {total_tokens: 1500},
    });
    expect(server.requests[0]!.body).toMatchObject({
      model: 'm',
      messages: request.messages,
      temperature: 0.2,
      max_tokens: 100,
    });
    expect(server.requests[0]!.authorization).toBe(`Bearer ${KEY}`);
  });

  it('refuses a cut-off answer (finish_reason length) and an empty one', async () => {
    server.respond = () => ({content: 'half an answ', finishReason: 'length'});
    expect((await failure(client()(request))).kind).toBe('truncated');
    server.respond = () => ({content: '  '});
    expect((await failure(client()(request))).kind).toBe('empty');
  });

  it.each([
    [400, 'bad-request', /maxTokens/],
    [401, 'auth', /check OPENAI_API_KEY/],
    [403, 'forbidden', /may not use this model/],
    [404, 'not-found', /model/],
    [422, 'bad-request', /model/],
    [429, 'rate-limit', /concurrency/],
    [500, 'server', /later/],
  ])('maps HTTP %i to %s with a hint', async (status, kind, hint) => {
    server.respond = () => ({status});
    const error = await failure(client({maxRetries: 0})(request));
    expect(error.kind).toBe(kind);
    expect(error.hint).toMatch(hint);
    // The status is said once, with the server's own words after it.
    expect(error.message).toMatch(new RegExp(`^HTTP ${status}: `));
    expect(error.message).not.toContain(`HTTP ${status}: ${status}`);
  });

  it("keeps the server's error message, and never the key", async () => {
    server.respond = () => ({
      status: 401,
      body: {error: {message: `Incorrect API key provided: ${KEY}`}},
    });
    const error = await failure(client()(request));
    expect(error.message).toBe(
      'HTTP 401: Incorrect API key provided: [redacted]',
    );
  });

  it('retries a 503 and succeeds', async () => {
    server.respond = (_request, index) =>
      index === 0
        ? {status: 503, headers: {'retry-after-ms': '10'}}
        : {content: 'ok'};
    await expect(client({maxRetries: 2})(request)).resolves.toMatchObject({
      text: 'ok',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('times out', async () => {
    server.respond = () => ({content: 'late', delay: 1500});
    expect((await failure(client({timeout: 300})(request))).kind).toBe(
      'timeout',
    );
  });

  it('reports a server that is not there as a connection error', async () => {
    expect(
      (await failure(client({baseURL: 'http://127.0.0.1:9/v1'})(request))).kind,
    ).toBe('connection');
  });
});
