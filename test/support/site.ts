import {spawn} from 'node:child_process';
import {
  cp,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  writeFile,
} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Docusaurus's CLI, as the site's npm scripts run it. */
export const DOCUSAURUS = join(
  ROOT,
  'node_modules',
  '@docusaurus',
  'core',
  'bin',
  'docusaurus.mjs',
);
const TMP = join(ROOT, 'test', '.tmp');

/**
 * Copies a fixture site into `test/.tmp/` (inside the repository, so that it resolves the
 * workspace's packages, the plugin among them) and returns its folder.
 */
export async function copyFixtureSite(name: string): Promise<string> {
  await mkdir(TMP, {recursive: true});
  const dir = await mkdtemp(join(TMP, `${name}-`));
  await cp(join(ROOT, 'test', 'fixtures', name), dir, {recursive: true});
  return dir;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

/** The environment without anything that would reach a real model or change the plugin's mode. */
export function cleanEnv(
  extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env};
  for (const name of Object.keys(env)) {
    if (/^(OPENAI_|MLSD_)/.test(name)) delete env[name];
  }
  env.NO_UPDATE_NOTIFIER = '1';
  env.FORCE_COLOR = '0';
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Runs a command and collects what it printed; never throws on a failing exit. */
export function run(
  command: string,
  args: string[],
  options: {cwd: string; env?: NodeJS.ProcessEnv},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    // Decoded as a stream: a character split between two chunks is read whole.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, stderr, output}));
  });
}

/** Runs the Docusaurus CLI (`build`, `mlsd status`, ...) on a site, as a user's npm script would. */
export function docusaurus(
  args: string[],
  options: {cwd?: string; env?: NodeJS.ProcessEnv} = {},
): Promise<CommandResult> {
  return run(process.execPath, [DOCUSAURUS, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env,
  });
}

/**
 * `docusaurus build` in the site's folder, so that webpack's persistent cache lives in the
 * site's own `node_modules/.cache` and no two fixture sites share one.
 */
export function buildSite(
  siteDir: string,
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  return docusaurus(['build'], {cwd: siteDir, env});
}

/** Every file below `dir` whose name ends in `suffix`, as paths relative to `dir`. */
export async function listFiles(
  dir: string,
  suffix: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, {
    withFileTypes: true,
    recursive: true,
  })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) {
      const parent =
        (entry as unknown as {parentPath?: string; path?: string}).parentPath ??
        (entry as unknown as {path: string}).path;
      out.push(join(parent, entry.name).slice(dir.length + 1));
    }
  }
  return out.sort();
}

export const read = (file: string) => readFile(file, 'utf8');

/** Gives a copied fixture site two locales: Russian by default, English beside it. */
export async function addLocales(site: string): Promise<void> {
  const config = join(site, 'docusaurus.config.ts');
  await writeFile(
    config,
    (await read(config)).replace(
      "baseUrl: '/',",
      "baseUrl: '/',\n  i18n: {defaultLocale: 'ru', locales: ['ru', 'en']},",
    ),
  );
}

/**
 * Writes a complete folder design into a fixture site's docs: sections 1, 3 and 4, each a line
 * that starts with `text` (designs with the same `text` have the same prompt, so the same key).
 */
export async function addDesign(
  site: string,
  id: string,
  text = id,
): Promise<void> {
  const dir = join(site, 'docs', id);
  await mkdir(dir, {recursive: true});
  await writeFile(
    join(dir, '1-problem.md'),
    `# 1. Постановка задачи\n\n${text}: задача.\n`,
  );
  await writeFile(join(dir, '3-data.md'), `# 3. Данные\n\n${text}: данные.\n`);
  await writeFile(
    join(dir, '4-architecture.md'),
    `# 4. Архитектура и модели\n\n${text}: модели.\n`,
  );
}
