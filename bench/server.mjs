// An OpenAI-compatible Chat Completions server on 127.0.0.1 for the benchmark: every answer comes
// after a fixed latency, so that generation time can be compared with ceil(N / C) · L.
import {createServer} from 'node:http';

/** A Deploy section of about 2 KB: headings, a list, a table and a code block; each one its own. */
export function benchAnswer(seed) {
  return [
    '## 1. Infrastructure',
    '',
    `Kubernetes, two regions; p99 under ${100 + seed} ms at peak.`,
    '',
    ...Array.from(
      {length: 10},
      (_, i) =>
        `- Step ${i + 1}: roll out to ${(i + 1) * 10}% of traffic, watch the error budget.`,
    ),
    '',
    '## 2. Serving',
    '',
    '| Part | Tool | Why |',
    '| --- | --- | --- |',
    ...Array.from(
      {length: 8},
      (_, i) => `| Part ${i} | FastAPI ${i} | REST, p99 ${i * 7} ms |`,
    ),
    '',
    '```python',
    'def predict(features):',
    '    return model.predict(features)',
    '```',
    '',
    '## 3. Monitoring',
    '',
    'Prometheus and Grafana; drift checks every hour. '.repeat(6),
  ].join('\n');
}

/** Starts the server; `latency` in milliseconds. */
export async function startBenchServer(latency) {
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const index = requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      setTimeout(() => {
        res.writeHead(200, {'content-type': 'application/json'});
        res.end(
          JSON.stringify({
            id: `chatcmpl-${index}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [
              {
                index: 0,
                message: {role: 'assistant', content: benchAnswer(index)},
                finish_reason: 'stop',
              },
            ],
            usage: {
              prompt_tokens: 3000,
              completion_tokens: 500,
              total_tokens: 3500,
            },
          }),
        );
      }, latency);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${server.address().port}/v1`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
