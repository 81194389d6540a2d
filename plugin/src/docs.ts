import {readFile, readdir} from 'node:fs/promises';
import {join} from 'node:path';
import type {DocFile} from './core/discover';
import {isGeneratedPage} from './core/discover';
import {sha256} from './core/key';
import {MlsdError} from './errors';
import {
  fileErrorCause,
  mapLimit,
  OPEN_FILES_LIMIT,
  readFilesBounded,
} from './files';

/** The docs tree as the core needs it. */
export interface DocsTree {
  files: DocFile[];
  /** `_category_.json` label and `customProps.mlsd` by folder path. */
  categories: Record<string, {label?: string; mlsd?: boolean}>;
}

/** The files of a docs tree, before they are read: `/` paths relative to the docs folder. */
export interface DocsListing {
  pages: string[];
  /** Folders (relative paths, `''` for the root) that hold a `_category_.json`. */
  categoryDirs: string[];
}

const DOC_FILE = /\.mdx?$/;

/**
 * Lists every page the docs plugin would read (it skips `_`-prefixed files and folders and
 * `node_modules`), a few folders at a time.
 */
export async function listDocsTree(docsDir: string): Promise<DocsListing> {
  const pages: string[] = [];
  const categoryDirs: string[] = [];
  let level = [''];
  while (level.length > 0) {
    const listed = await mapLimit(level, OPEN_FILES_LIMIT, async (rel) => ({
      rel,
      entries: await readdir(rel ? join(docsDir, rel) : docsDir, {
        withFileTypes: true,
      }),
    }));
    level = [];
    for (const {rel, entries} of listed) {
      for (const entry of entries) {
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (
            !entry.name.startsWith('_') &&
            !entry.name.startsWith('.') &&
            entry.name !== 'node_modules'
          )
            level.push(path);
        } else if (entry.name === '_category_.json') {
          categoryDirs.push(rel);
        } else if (DOC_FILE.test(entry.name) && !entry.name.startsWith('_')) {
          pages.push(path);
        }
      }
    }
  }
  return {pages, categoryDirs};
}

/**
 * A page read from disk: its digest is taken from the raw bytes, and its text is decoded only
 * when something asks for it (a rebuild finds most readings by digest, and never needs it).
 */
function docFileOf(path: string, bytes: Buffer): DocFile {
  let buffer: Buffer | undefined = bytes;
  let text: string | undefined;
  // The generated marker sits in the first 400 characters; 1600 bytes hold at least 400.
  const generated = isGeneratedPage(bytes.subarray(0, 1600).toString('utf8'));
  return {
    path,
    digest: sha256(bytes),
    generated,
    get content() {
      if (text === undefined) {
        text = buffer!.toString('utf8');
        buffer = undefined;
      }
      return text;
    },
  };
}

async function readCategories(
  docsDir: string,
  dirs: readonly string[],
): Promise<DocsTree['categories']> {
  const categories: DocsTree['categories'] = {};
  await mapLimit(dirs, OPEN_FILES_LIMIT, async (rel) => {
    try {
      const data = JSON.parse(
        await readFile(join(docsDir, rel, '_category_.json'), 'utf8'),
      ) as {label?: unknown; customProps?: {mlsd?: unknown}};
      categories[rel] = {
        ...(typeof data.label === 'string' ? {label: data.label} : {}),
        ...(typeof data.customProps?.mlsd === 'boolean'
          ? {mlsd: data.customProps.mlsd}
          : {}),
      };
    } catch {
      // The docs plugin reports a broken category file itself; the label is only cosmetic here.
    }
  });
  return categories;
}

/**
 * Reads every page the docs plugin would read, with `/` paths relative to `docsDir`: listed by
 * `listDocsTree`, then read one file at a time (`readFilesBounded`), so that no open-file limit
 * is reached whatever the size of the tree.
 */
export async function readDocsTree(docsDir: string): Promise<DocsTree> {
  let files: DocFile[];
  let categories: DocsTree['categories'];
  try {
    const {pages, categoryDirs} = await listDocsTree(docsDir);
    pages.sort((a, b) => a.localeCompare(b));
    const bytes = await readFilesBounded(
      pages.map((page) => join(docsDir, page)),
    );
    files = pages.map((page, i) => docFileOf(page, bytes[i]!));
    categories = await readCategories(docsDir, categoryDirs);
  } catch (error) {
    const {code, path} = error as NodeJS.ErrnoException;
    const fix =
      path === docsDir && (code === 'ENOENT' || code === 'ENOTDIR')
        ? " Set the plugin's `docsPath` option to the docs folder, relative to the site folder."
        : '';
    throw new MlsdError(
      `Cannot read the docs folder ${docsDir}: ${fileErrorCause(error)}.${fix}`,
      {cause: error},
    );
  }
  return {files, categories};
}
