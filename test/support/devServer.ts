import {spawn, type ChildProcess} from 'node:child_process';
import {createServer} from 'node:net';
import {DOCUSAURUS} from './site';

export const sleep = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; fails with `what` after `timeout` ms. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeout = 30_000,
): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
}

/** A running `docusaurus start`: its process, the address it serves, and all it printed. */
export interface DevServer {
  process: ChildProcess;
  /** `http://127.0.0.1:<port>`. */
  base: string;
  output(): string;
  stop(): void;
}

/**
 * Starts `docusaurus start` in `site` with `args` (`--locale en`, say) and waits until `path`
 * answers; fails with what it printed if it exits first.
 */
export async function startDevServer(
  site: string,
  env: NodeJS.ProcessEnv,
  {args = [], path = '/'}: {args?: string[]; path?: string} = {},
): Promise<DevServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      DOCUSAURUS,
      'start',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--no-open',
      ...args,
    ],
    {
      cwd: site,
      env: {...env, BROWSER: 'none'},
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const server: DevServer = {
    process: child,
    base,
    output: () => output,
    stop() {
      if (!child.pid) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    },
  };
  try {
    await until(
      'the dev server',
      async () => {
        if (child.exitCode !== null)
          throw new Error(`docusaurus start exited:\n${output}`);
        return fetch(`${base}${path}`).then(
          (response) => response.ok,
          () => false,
        );
      },
      240_000,
    );
  } catch (error) {
    server.stop();
    throw error;
  }
  return server;
}
