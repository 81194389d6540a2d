import {readFile, readdir} from 'node:fs/promises';
import {join} from 'node:path';
import type {DocFile} from './core/discover';
import {isGeneratedPage} from './core/discover';
import {splitFrontMatter} from './core/frontMatter';
import {sha256} from './core/key';
import {normalizeSource} from './core/normalize';
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
  /**
   * Pages left out or read with a problem, and why: the run says so. Filled as pages are
   * decoded, which happens when a page is read anew (a changed page), not on every rebuild.
   */
  problems: {file: string; problem: string}[];
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

const utf8 = new TextDecoder('utf-8', {fatal: true});

/**
 * A page read from disk: its digest is taken from the raw bytes, and its text is decoded only
 * when something asks for it (a rebuild finds most readings by digest, and never needs it).
 * Decoded, a source page is normalized (`normalizeSource`: BOM, line endings, trailing spaces),
 * so that formatting costs no request; a generated page is kept byte for byte, since it is
 * rewritten only when its bytes change. Invalid UTF-8 is read as Docusaurus reads it, with
 * replacement characters, and said; malformed front matter stops the run, naming the page.
 */
function docFileOf(
  file: string,
  path: string,
  bytes: Buffer,
  problems: DocsTree['problems'],
): DocFile {
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
        let decoded: string;
        try {
          decoded = utf8.decode(buffer!);
        } catch {
          decoded = buffer!.toString('utf8');
          problems.push({
            file,
            problem:
              'it is not valid UTF-8; it is read with replacement characters (\ufffd), as Docusaurus reads it. Save it as UTF-8.',
          });
        }
        buffer = undefined;
        if (!generated) {
          const error =
            decoded.startsWith('---') && splitFrontMatter(decoded).error;
          if (error) {
            throw new MlsdError(
              `Cannot read ${file}: its front matter is not valid YAML (${error.split('\n')[0]}). Docusaurus cannot build the page either: fix the YAML between the \`---\` lines.`,
            );
          }
        }
        text = generated ? decoded : normalizeSource(decoded);
      }
      return text;
    },
  };
}

/** A binary file with a page's name (an image saved as `.md`): it holds NUL bytes. */
function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
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
  const problems: DocsTree['problems'] = [];
  try {
    const {pages, categoryDirs} = await listDocsTree(docsDir);
    pages.sort((a, b) => a.localeCompare(b));
    const bytes = await readFilesBounded(
      pages.map((page) => join(docsDir, page)),
    );
    files = [];
    for (const [i, page] of pages.entries()) {
      const file = join(docsDir, page);
      if (isBinary(bytes[i]!)) {
        problems.push({
          file,
          problem:
            'it is not a text file (it holds NUL bytes), so it is left out. Rename it if it is no Markdown page.',
        });
        continue;
      }
      files.push(docFileOf(file, page, bytes[i]!, problems));
    }
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
  return {files, categories, problems};
}
