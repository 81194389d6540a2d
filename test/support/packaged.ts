import {cp, mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {ROOT, cleanEnv, run, type CommandResult} from './site';

/**
 * The environment for an npm of its own: npm's settings (cache, registry, certificates) are
 * kept, but not what `npm test` says of this project (its folder, package and script), which
 * would make the npm run in a temp folder act on the repository.
 */
export function npmEnv(): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const name of Object.keys(env)) {
    if (
      /^npm_(package_|lifecycle_|command$|config_local_prefix$)/.test(name) ||
      name === 'INIT_CWD'
    )
      delete env[name];
  }
  return env;
}

/** `npm`, as the user running the tests runs it (the npm of this Node.js). */
export function npm(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = npmEnv(),
): Promise<CommandResult> {
  const npmCli = process.env.npm_execpath;
  return npmCli && /npm-cli\.js$/.test(npmCli)
    ? run(process.execPath, [npmCli, ...args], {cwd, env})
    : run('npm', args, {cwd, env});
}

/** What `npm pack --json` says of the tarball. */
export interface Packed {
  /** Absolute path of the tarball. */
  file: string;
  files: string[];
}

/**
 * Packs `plugin/` into `dir`. Scripts are skipped: `npm test` has just built `lib/` (`prepack`
 * would rebuild it, from a clean folder, under the feet of the build tests running beside).
 */
export async function packPlugin(dir: string): Promise<Packed> {
  const result = await npm(
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
    join(ROOT, 'plugin'),
  );
  if (result.code !== 0) throw new Error(`npm pack failed:\n${result.output}`);
  const [packed] = JSON.parse(result.stdout) as {
    filename: string;
    files: {path: string}[];
  }[];
  return {
    file: join(dir, packed!.filename),
    files: packed!.files.map((file) => file.path).sort(),
  };
}

/**
 * Installs Docusaurus with the given React and the plugin's tarball into `dir`, as a team would
 * (`npm install`), from npm's cache where it can (`--prefer-offline`): sites copied into
 * sub-folders of `dir` resolve these packages, so one install serves several sites.
 */
export async function installSiteDeps(
  dir: string,
  tarball: string,
  react: '18' | '19',
): Promise<void> {
  await mkdir(dir, {recursive: true});
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: `packaged-sites-react-${react}`,
        private: true,
        dependencies: {
          '@docusaurus/core': '3.10.2',
          '@docusaurus/preset-classic': '3.10.2',
          '@mdx-js/react': '^3.1.0',
          clsx: '^2.1.1',
          'docusaurus-plugin-mlsd-deploy': `file:${tarball}`,
          'prism-react-renderer': '^2.4.1',
          react: `^${react}.0.0`,
          'react-dom': `^${react}.0.0`,
        },
      },
      null,
      2,
    )}\n`,
  );
  const result = await npm(
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--loglevel=error',
    ],
    dir,
  );
  if (result.code !== 0)
    throw new Error(`npm install in ${dir} failed:\n${result.output}`);
}

/** Copies a site of `test/fixtures/packaged/` into `dir`. */
export async function copyPackagedSite(
  name: string,
  dir: string,
): Promise<string> {
  await cp(join(ROOT, 'test', 'fixtures', 'packaged', name), dir, {
    recursive: true,
  });
  return dir;
}

/** The Docusaurus CLI of an install made by `installSiteDeps`, run in a site's folder. */
export function siteDocusaurus(
  depsDir: string,
  siteDir: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  return run(
    process.execPath,
    [
      join(
        depsDir,
        'node_modules',
        '@docusaurus',
        'core',
        'bin',
        'docusaurus.mjs',
      ),
      ...args,
    ],
    {cwd: siteDir, env},
  );
}
