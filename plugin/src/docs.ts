import {readdirSync} from 'node:fs';
import {readFile, stat} from 'node:fs/promises';
import {join, posix} from 'node:path';
import {
  createMatcher,
  DEFAULT_PARSE_FRONT_MATTER,
  GlobExcludeDefault,
  Globby,
} from '@docusaurus/utils';
import type {DocFile} from './core/discover';
import {isGeneratedPage} from './core/discover';
import {GENERATED_MARKER} from './core/page';
import {sha256} from './core/key';
import {parseYaml} from './core/yaml';
import type {RunContext} from './context';
import {MlsdError} from './errors';
import {readPageText} from './pageText';
import {
  fileErrorCause,
  mapLimit,
  OPEN_FILES_LIMIT,
  readFilesInPlace,
} from './files';

/** The docs tree as the core needs it. */
export interface DocsTree {
  files: DocFile[];
  /** The category file's label and `customProps.mlsd` by folder path (`_category_.json`, `.yml`, `.yaml`). */
  categories: Record<string, {label?: string; mlsd?: boolean}>;
  /**
   * Pages left out or read with a problem, and why: the run says so. Filled as pages are
   * decoded, which happens when a page is read anew (a changed page), not on every rebuild.
   */
  problems: {file: string; problem: string}[];
}

/** The docs plugin's default `include`. */
export const DOCS_INCLUDE_DEFAULT = ['**/*.{md,mdx}'];

/**
 * The files a folder's category is read from, as the docs plugin reads them: the first of these
 * a folder has (it warns when there are more, and takes one of them).
 */
const CATEGORY_FILES = ['_category_.json', '_category_.yml', '_category_.yaml'];

/** The folder of a category file, `''` for the docs folder itself, when `file` is one. */
function categoryFolder(file: string): string | undefined {
  const slash = file.lastIndexOf('/');
  // Every file of the tree is asked: most names do not start with `_`, and go no further.
  if (file.charCodeAt(slash + 1) !== 0x5f) return undefined;
  return CATEGORY_FILES.includes(file.slice(slash + 1))
    ? file.slice(0, Math.max(slash, 0))
    : undefined;
}

/** What reading the tree needs of the run: the folder, the docs instance's globs and parser. */
export type DocsTreeContext = Pick<RunContext, 'docsDir'> &
  Partial<Pick<RunContext, 'docsGlobs' | 'parseFrontMatter'>>;

/**
 * Whether Docusaurus's own matchers (`createMatcher`, micromatch) decide these globs as Globby
 * would: plain patterns, no negation, no parent or absolute paths.
 */
function plainGlobs(patterns: readonly string[]): boolean {
  return patterns.every(
    (pattern) =>
      !/^!|^\/|^\.\.?\/|\/\.\.?\/|\\/.test(pattern) &&
      pattern.trim() === pattern,
  );
}

/**
 * The files under `root`, as `/` paths relative to it, read one folder at a time with
 * synchronous calls: for a tree of a few thousand pages that is some milliseconds, where an
 * asynchronous glob takes ten times as long. Links are neither followed nor listed, as Globby
 * with `followSymbolicLinks: false` does (a link back up the tree would list it forever).
 */
function walkFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.isDirectory()) {
        walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      } else if (entry.isFile()) {
        files.push(`${prefix}${entry.name}`);
      }
    }
  };
  walk(root, '');
  return files;
}

/**
 * Lists the docs tree as the docs plugin does: its `include` globs less its `exclude` globs
 * (by default `_`-prefixed files and folders, tests). Paths are relative to `docsDir`, with `/`
 * separators. Plain globs are matched with Docusaurus's own matchers over one synchronous walk
 * of the folder; others (a negation, say) go through the docs plugin's own Globby.
 */
export async function listDocsTree(
  ctx: DocsTreeContext,
): Promise<{pages: string[]; categories: string[]}> {
  const {include = DOCS_INCLUDE_DEFAULT, exclude = GlobExcludeDefault} =
    ctx.docsGlobs ?? {};
  const byPath = (a: string, b: string) => a.localeCompare(b);
  if (plainGlobs(include) && plainGlobs(exclude)) {
    const included = createMatcher(include);
    const excluded = createMatcher(exclude);
    const pages: string[] = [];
    const categories: string[] = [];
    for (const file of walkFiles(ctx.docsDir)) {
      if (excluded(file)) continue;
      if (included(file)) pages.push(file);
      if (categoryFolder(file) !== undefined) categories.push(file);
    }
    return {pages: pages.sort(byPath), categories: categories.sort(byPath)};
  }
  const [pages, categories] = await Promise.all([
    // Links to folders are not followed: a link back up the tree would list it again and again.
    Globby(include, {
      cwd: ctx.docsDir,
      ignore: exclude,
      followSymbolicLinks: false,
    }),
    Globby(['**/_category_.{json,yml,yaml}'], {
      cwd: ctx.docsDir,
      ignore: exclude,
      followSymbolicLinks: false,
    }),
  ]);
  return {pages: pages.sort(byPath), categories: categories.sort(byPath)};
}

/**
 * A page read from disk: its digest is taken from the raw bytes, and its text is read when
 * something asks for it (a rebuild finds most readings by digest, and never needs it).
 *
 * What a page holds is not kept: its text is read from disk again when asked for, and checked
 * against the digest (`readPageText`). A run reads a changed page once (see `recentText`), and
 * never the others (or in a worker thread that reads it itself), so a handbook of any size
 * holds only the pages' names and digests.
 *
 * A class, where an object literal with a getter would do: V8 keeps such a literal as a
 * dictionary of about 450 bytes, and a handbook of 10 000 designs has 50 000 pages.
 */
class DiskPage implements DocFile {
  frontMatter?: Record<string, unknown>;
  private reported = false;

  constructor(
    private readonly docsDir: string,
    readonly path: string,
    readonly digest: string,
    readonly generated: boolean,
    private readonly problems: DocsTree['problems'],
  ) {}

  get content(): string {
    if (recentText?.page === this) return recentText.text;
    const file = join(this.docsDir, this.path);
    // A generated page is the plugin's own, rewritten by this run: its bytes are not held to
    // the digest taken before, nor its text kept.
    const text = readPageText(file, {
      generated: this.generated,
      digest: this.generated ? undefined : this.digest,
      onInvalidUtf8: () => {
        if (this.reported) return;
        this.reported = true;
        this.problems.push({file, problem: INVALID_UTF8});
      },
    });
    if (!this.generated) recentText = {page: this, text};
    return text;
  }
}

/**
 * The source page whose text was read last, and its text: the readings of a changed page (its
 * head, each of its sections) ask for it one after another, and read it from disk once.
 */
let recentText: {page: DiskPage; text: string} | undefined;

function docFileOf(
  docsDir: string,
  path: string,
  bytes: Buffer,
  problems: DocsTree['problems'],
): DocFile {
  // The generated marker sits in the first 400 characters; 1600 bytes hold at least 400. Only
  // a page whose bytes hold the marker there is decoded to be sure.
  const head = bytes.subarray(0, 1600);
  const generated =
    head.includes(GENERATED_MARKER) && isGeneratedPage(head.toString('utf8'));
  return new DiskPage(docsDir, path, sha256(bytes), generated, problems);
}

/** What the run says of a page that is not valid UTF-8. */
export const INVALID_UTF8 =
  'it is not valid UTF-8; it is read with replacement characters (\ufffd), as Docusaurus reads it. Save it as UTF-8.';

/** A binary file with a page's name (an image saved as `.md`): it holds NUL bytes. */
function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** Front matter through the site's own parser, for a site that has one. */
async function siteFrontMatter(
  ctx: DocsTreeContext,
  files: DocFile[],
): Promise<void> {
  const parse = ctx.parseFrontMatter;
  if (!parse) return;
  // Generated pages' front matter is the plugin's own, and discovery passes them by: they are
  // not read again to be parsed.
  await Promise.all(
    files
      .filter((file) => !file.generated)
      .map(async (file) => {
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

async function readCategories(
  docsDir: string,
  files: readonly string[],
  problems: DocsTree['problems'],
): Promise<DocsTree['categories']> {
  // The names of each folder's category files, in the order of `CATEGORY_FILES`.
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = categoryFolder(file)!;
    const names = byFolder.get(folder) ?? [];
    names.push(posix.basename(file));
    byFolder.set(folder, names);
  }
  const chosen = [...byFolder].map(([folder, names]) => {
    names.sort((a, b) => CATEGORY_FILES.indexOf(a) - CATEGORY_FILES.indexOf(b));
    if (names.length > 1) {
      problems.push({
        file: join(docsDir, folder),
        problem: `it has more than one category file (${names.join(', ')}); the docs plugin takes one of them, this plugin the first. Keep one.`,
      });
    }
    return [folder, posix.join(folder, names[0]!)] as const;
  });
  const categories: DocsTree['categories'] = {};
  await mapLimit(chosen, OPEN_FILES_LIMIT, async ([folder, file]) => {
    try {
      const text = await readFile(join(docsDir, file), 'utf8');
      // JSON is read as JSON; YAML (the docs plugin reads both as YAML) only when it is YAML.
      const data = (
        file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
      ) as {label?: unknown; customProps?: {mlsd?: unknown}} | null;
      categories[folder] = {
        ...(typeof data?.label === 'string' ? {label: data.label} : {}),
        ...(typeof data?.customProps?.mlsd === 'boolean'
          ? {mlsd: data.customProps.mlsd}
          : {}),
      };
    } catch {
      // The docs plugin stops the build at a category file it cannot read, and says why.
    }
  });
  return categories;
}

/**
 * Reads every page the docs plugin would read, with `/` paths relative to `docsDir`: listed as
 * the docs instance lists them (`listDocsTree`), then read one file at a time
 * (`readFilesBounded`), so that no open-file limit is reached whatever the size of the tree.
 */
export async function readDocsTree(ctx: DocsTreeContext): Promise<DocsTree> {
  const {docsDir} = ctx;
  let files: DocFile[];
  let categories: DocsTree['categories'];
  const problems: DocsTree['problems'] = [];
  try {
    // Globby finds nothing in a missing folder: say so instead of reading an empty tree.
    if (!(await stat(docsDir)).isDirectory()) {
      throw Object.assign(new Error(`${docsDir} is not a folder`), {
        code: 'ENOTDIR',
        path: docsDir,
      });
    }
    const listed = await listDocsTree(ctx);
    // Each page is hashed and classified as it is read, into one buffer: no page's bytes are
    // kept (its text is read again if a reading is missing), and reading leaves no garbage.
    const read = await readFilesInPlace(
      listed.pages.map((page) => join(docsDir, page)),
      (bytes, i): DocFile | undefined => {
        if (isBinary(bytes)) {
          problems.push({
            file: join(docsDir, listed.pages[i]!),
            problem:
              'it is not a text file (it holds NUL bytes), so it is left out. Rename it if it is no Markdown page.',
          });
          return undefined;
        }
        return docFileOf(docsDir, listed.pages[i]!, bytes, problems);
      },
    );
    files = read.filter((file) => file !== undefined);
    categories = await readCategories(docsDir, listed.categories, problems);
    await siteFrontMatter(ctx, files);
  } catch (error) {
    if (error instanceof MlsdError) throw error;
    const {code, path} = error as NodeJS.ErrnoException;
    const fix =
      path === docsDir && (code === 'ENOENT' || code === 'ENOTDIR')
        ? " Set the plugin's `docsPath` option to the docs folder, relative to the site folder, or `docsPluginId` to the docs instance."
        : '';
    throw new MlsdError(
      `Cannot read the docs folder ${docsDir}: ${fileErrorCause(error)}.${fix}`,
      {cause: error},
    );
  }
  return {files, categories, problems};
}
