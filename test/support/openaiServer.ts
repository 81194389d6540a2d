import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

/** A request the server received. */
export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: {role: string; content: string}[];
    [param: string]: unknown;
  };
}

/** What the server answers: a status and a chat completion, or a raw body. */
export interface Reply {
  status?: number;
  content?: string;
  finishReason?: string;
  /** Milliseconds to wait before answering. */
  delay?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** A body sent as it is, not as JSON: a proxy's error page, a cut-off stream. */
  raw?: string;
  /** Answers only once this settles (after `delay`): a request the test holds in flight. */
  hold?: Promise<unknown>;
}

export type Responder = (request: RecordedRequest, index: number) => Reply;

/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1, standing in for the remote service.
 * It answers `POST /v1/chat/completions` with what `respond` returns and records every request.
 */
export interface FakeOpenAI {
  baseURL: string;
  requests: RecordedRequest[];
  respond: Responder;
  /** TCP connections clients have opened to it since it started (or since `reset`). */
  readonly connections: number;
  /** Forgets the requests received and answers with the default responder again. */
  reset(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The default answer: a Deploy section that names the design and carries every hazard a model might emit. */
export function deployAnswer(request: RecordedRequest): string {
  const prompt = request.body.messages.at(-1)?.content ?? '';
  const title = /### 1\. ([^\n]+)/.exec(prompt)?.[1] ?? 'design';
  return [
    `# 6. Deploy`,
    ``,
    `Answer for ${title}.`,
    ``,
    `## 1. Инфраструктура`,
    ``,
    `Kubernetes in the cloud; p99 < 200 ms {budget} and <b>bold html</b>.`,
    ``,
    `<script>window.__mlsdPwned = true</script>`,
    ``,
    `import os from 'os'`,
    ``,
    `export const leak = 1`,
    ``,
    `## 2. Архитектура и инструменты`,
    ``,
    `| Tool | Why |`,
    `| --- | --- |`,
    `| Docker | packaging |`,
    `| FastAPI | REST API |`,
    ``,
    '```python',
    'def predict(x): return {"score": 1}',
    '```',
    ``,
    '```mdx-code-block',
    '<div onClick={() => alert(1)}>live</div>',
    '```',
    ``,
    `See [docs](./missing-page) and [click](javascript:alert(1)) and [MLflow](https://mlflow.org).`,
    ``,
    `## 3. MLOps`,
    ``,
    `- Airflow retraining weekly`,
    `- Prometheus + Grafana :::note`,
  ].join('\n');
}

export async function startFakeOpenAI(
  respond: Responder = (request) => ({content: deployAnswer(request)}),
): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const state = {respond};
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, {'content-type': 'application/json'});
      res.end(
        JSON.stringify({
          error: {
            message: `No route ${req.method} ${req.url}`,
            type: 'invalid_request_error',
          },
        }),
      );
      return;
    }
    const recorded: RecordedRequest = {
      path: req.url,
      authorization: req.headers.authorization,
      body: JSON.parse(text),
    };
    const index = requests.push(recorded) - 1;
    const reply = state.respond(recorded, index);
    if (reply.delay)
      await new Promise((resolve) => setTimeout(resolve, reply.delay));
    if (reply.hold) await reply.hold;
    const status = reply.status ?? 200;
    const body =
      reply.body ??
      (status === 200
        ? {
            id: `chatcmpl-${index}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: recorded.body.model,
            choices: [
              {
                index: 0,
                message: {role: 'assistant', content: reply.content ?? ''},
                finish_reason: reply.finishReason ?? 'stop',
              },
            ],
            usage: {
              prompt_tokens: 1000 + index,
              completion_tokens: 500,
              total_tokens: 1500 + index,
            },
          }
        : {error: {message: `fake failure ${status}`, type: 'server_error'}});
    res.writeHead(status, {
      'content-type': 'application/json',
      ...reply.headers,
    });
    res.end(reply.raw ?? JSON.stringify(body));
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get respond() {
      return state.respond;
    },
    set respond(value: Responder) {
      state.respond = value;
    },
    get connections() {
      return connections;
    },
    reset() {
      requests.length = 0;
      connections = 0;
      state.respond = respond;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
