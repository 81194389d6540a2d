import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {
  DEFAULT_PARSE_FRONT_MATTER,
  GlobExcludeDefault,
  Globby,
} from '@docusaurus/utils';
import type {DocFile} from './core/discover';
import type {RunContext} from './context';
import {MlsdError} from './errors';

/** The docs tree as the core needs it. */
export interface DocsTree {
  files: DocFile[];
  /** `_category_.json` label and `customProps.mlsd` by folder path. */
  categories: Record<string, {label?: string; mlsd?: boolean}>;
}

/** The docs plugin's default `include`. */
export const DOCS_INCLUDE_DEFAULT = ['**/*.{md,mdx}'];

const CATEGORY_FILE = '_category_.json';

/** What reading the tree needs of the run: the folder, the docs instance's globs and parser. */
export type DocsTreeContext = Pick<RunContext, 'docsDir'> &
  Partial<Pick<RunContext, 'docsGlobs' | 'parseFrontMatter'>>;

/**
 * Lists the docs tree as the docs plugin does: its `include` globs less its `exclude` globs
 * (by default `_`-prefixed files and folders, tests), through the docs plugin's own Globby.
 * Paths are relative to `docsDir`, with `/` separators.
 */
export async function listDocsTree(
  ctx: DocsTreeContext,
): Promise<{pages: string[]; categories: string[]}> {
  const {include = DOCS_INCLUDE_DEFAULT, exclude = GlobExcludeDefault} =
    ctx.docsGlobs ?? {};
  const [pages, categories] = await Promise.all([
    Globby(include, {cwd: ctx.docsDir, ignore: exclude}),
    Globby([`**/${CATEGORY_FILE}`], {cwd: ctx.docsDir, ignore: exclude}),
  ]);
  const byPath = (a: string, b: string) => a.localeCompare(b);
  return {pages: pages.sort(byPath), categories: categories.sort(byPath)};
}

/**
 * Reads the listed files of a folder as text, in the listing's order. One small helper, so
 * how many files are read at once is decided in one place.
 */
export function readTextFiles(
  dir: string,
  paths: readonly string[],
): Promise<string[]> {
  return Promise.all(paths.map((path) => readFile(join(dir, path), 'utf8')));
}

/** A category's label and `customProps.mlsd`, or nothing when its file is not readable JSON. */
function categoryOf(text: string): {label?: string; mlsd?: boolean} {
  try {
    const data = JSON.parse(text) as {
      label?: unknown;
      customProps?: {mlsd?: unknown};
    };
    return {
      ...(typeof data.label === 'string' ? {label: data.label} : {}),
      ...(typeof data.customProps?.mlsd === 'boolean'
        ? {mlsd: data.customProps.mlsd}
        : {}),
    };
  } catch {
    // The docs plugin reports a broken category file itself; the label is only cosmetic here.
    return {};
  }
}

/** Front matter through the site's own parser, for a site that has one. */
async function siteFrontMatter(
  ctx: DocsTreeContext,
  files: DocFile[],
): Promise<void> {
  const parse = ctx.parseFrontMatter;
  if (!parse) return;
  await Promise.all(
    files.map(async (file) => {
      const filePath = join(ctx.docsDir, file.path);
      try {
        const {frontMatter} = await parse({
          filePath,
          fileContent: file.content,
          defaultParseFrontMatter: DEFAULT_PARSE_FRONT_MATTER,
        });
        file.frontMatter = frontMatter;
      } catch (error) {
        throw new MlsdError(
          `Cannot read the front matter of ${filePath} with the site's \`markdown.parseFrontMatter\`: ${(error as Error).message}. Fix the page or the parser, and build again.`,
          {cause: error},
        );
      }
    }),
  );
}

/**
 * Reads every page the docs plugin would read, with `/` paths relative to `docsDir`, and the
 * folders' category labels.
 */
export async function readDocsTree(ctx: DocsTreeContext): Promise<DocsTree> {
  const {docsDir} = ctx;
  try {
    // Globby finds nothing in a missing folder: say so instead of reading an empty tree.
    if (!(await stat(docsDir)).isDirectory()) {
      throw Object.assign(new Error(`${docsDir} is not a folder`), {
        code: 'ENOTDIR',
        path: docsDir,
      });
    }
    const listed = await listDocsTree(ctx);
    const [pages, categoryTexts] = await Promise.all([
      readTextFiles(docsDir, listed.pages),
      readTextFiles(docsDir, listed.categories),
    ]);
    const files: DocFile[] = listed.pages.map((path, i) => ({
      path,
      content: pages[i]!,
    }));
    const categories: DocsTree['categories'] = {};
    for (const [i, path] of listed.categories.entries()) {
      const dir = path.slice(0, -CATEGORY_FILE.length).replace(/\/$/, '');
      categories[dir] = categoryOf(categoryTexts[i]!);
    }
    await siteFrontMatter(ctx, files);
    return {files, categories};
  } catch (error) {
    if (error instanceof MlsdError) throw error;
    const {code, path} = error as NodeJS.ErrnoException;
    const fix =
      path === docsDir && (code === 'ENOENT' || code === 'ENOTDIR')
        ? "Set the plugin's `docsPath` option to the docs folder, relative to the site folder, or `docsPluginId` to the docs instance."
        : 'Fix the cause named above, and build again.';
    throw new MlsdError(
      `Cannot read the docs folder ${docsDir}: ${(error as Error).message}. ${fix}`,
      {cause: error},
    );
  }
}
