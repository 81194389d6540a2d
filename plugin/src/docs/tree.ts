import {readdirSync, readFileSync} from 'node:fs';
import {opendir} from 'node:fs/promises';
import {join} from 'node:path';
import {
  createMatcher,
  DEFAULT_PARSE_FRONT_MATTER,
  GlobExcludeDefault,
  Globby,
} from '@docusaurus/utils';
import type {ParseFrontMatter} from '@docusaurus/types';
import {isGeneratedPage, type DocFile} from '../core/discover';
import {splitFrontMatter} from '../core/frontMatter';
import {GENERATED_MARKER} from '../core/page';
import {sha256} from '../core/key';
import {normalizeSource} from '../core/normalize';
import {MlsdError} from '../errors';
import {fileErrorCause, readFiles} from '../io/files';
import {categoryFolder, readCategories, type Category} from './categories';

/** The docs tree as the core needs it. */
export interface DocsTree {
  files: DocFile[];
  /** Each folder's `_category_` file's label and `customProps.mlsd`, by folder path. */
  categories: Record<string, Category>;
  /** Pages left out or read with a problem, and why; filled only as changed pages are decoded. */
  problems: {file: string; problem: string}[];
  /** For a locale's tree: the docs folder's pages, but generated ones (see `overlay.ts`). */
  defaultFiles?: DocFile[];
}

export const DOCS_INCLUDE_DEFAULT = ['**/*.{md,mdx}'];

/** Where the tree is, and how the docs instance lists and reads it. */
export interface DocsTreeOptions {
  /** Absolute path of the docs folder. */
  docsDir: string;
  /** The docs instance's `include`/`exclude` globs. Default: the docs plugin's defaults. */
  docsGlobs?: {include: string[]; exclude: string[]};
  /** The site's `markdown.parseFrontMatter`, when it is not Docusaurus's default. */
  parseFrontMatter?: ParseFrontMatter;
  /** A locale's run: `docsDir` is its translations folder, over `defaultDocsDir` (`overlay.ts`). */
  translation?: {locale: string; defaultDocsDir: string};
}

/**
 * Lists the docs tree as the docs plugin does (`include` less `exclude`), as `/` paths relative
 * to `docsDir`: plain globs over one synchronous walk (far faster), others through Globby.
 */
export async function listDocsTree(
  ctx: DocsTreeOptions,
): Promise<{pages: string[]; categories: string[]}> {
  const {include = DOCS_INCLUDE_DEFAULT, exclude = GlobExcludeDefault} =
    ctx.docsGlobs ?? {};
  const byPath = (a: string, b: string) => a.localeCompare(b);
  // `createMatcher` matches as Globby does globs with no negation, parent or absolute path.
  const plain = [...include, ...exclude].every(
    (pattern) =>
      !/^!|^\/|^\.\.?\/|\/\.\.?\/|\\/.test(pattern) &&
      pattern.trim() === pattern,
  );
  if (plain) {
    const included = createMatcher(include);
    const excluded = createMatcher(exclude);
    const pages: string[] = [];
    const categories: string[] = [];
    // Links are skipped, as with Globby's `followSymbolicLinks: false`: one back up would loop.
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir, {withFileTypes: true})) {
        const file = prefix + entry.name;
        if (entry.isDirectory()) walk(join(dir, entry.name), `${file}/`);
        else if (entry.isFile() && !excluded(file)) {
          if (included(file)) pages.push(file);
          if (categoryFolder(file) !== undefined) categories.push(file);
        }
      }
    };
    walk(ctx.docsDir, '');
    return {pages: pages.sort(byPath), categories: categories.sort(byPath)};
  }
  const glob = (patterns: string[]) =>
    Globby(patterns, {
      cwd: ctx.docsDir,
      ignore: exclude,
      followSymbolicLinks: false,
    });
  const [pages, categories] = await Promise.all([
    glob(include),
    glob(['**/_category_.{json,yml,yaml}']),
  ]);
  return {pages: pages.sort(byPath), categories: categories.sort(byPath)};
}

const utf8 = new TextDecoder('utf-8', {fatal: true});
const INVALID_UTF8 =
  'it is not valid UTF-8; it is read with replacement characters (\ufffd), as Docusaurus reads it. Save it as UTF-8.';

/**
 * A page on disk, held as its name and digest: its text is read again only when asked (a rebuild
 * finds most readings by digest), and checked against the digest.
 */
class DiskPage implements DocFile {
  frontMatter?: Record<string, unknown>;
  localized?: boolean;
  private reported = false;

  constructor(
    private readonly docsDir: string,
    readonly path: string,
    readonly digest: string,
    readonly generated: boolean,
    private readonly problems: DocsTree['problems'],
  ) {}

  /**
   * A source page's text normalized so that formatting costs no request; a generated page's byte
   * for byte (it is rewritten only when its bytes change).
   */
  get content(): string {
    if (recentText?.page === this) return recentText.text;
    const file = join(this.docsDir, this.path);
    const bytes = readFileSync(file);
    // A generated page is rewritten by this run: not held to its old digest, nor its text kept.
    if (!this.generated && sha256(bytes) !== this.digest) {
      throw new MlsdError(
        `${file} changed while the run was reading the docs tree. Build again once it is saved.`,
      );
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      text = bytes.toString('utf8');
      if (!this.reported) {
        this.reported = true;
        this.problems.push({file, problem: INVALID_UTF8});
      }
    }
    if (this.generated) return text;
    const error = text.startsWith('---') && splitFrontMatter(text).error;
    if (error) {
      throw new MlsdError(
        `Cannot read ${file}: its front matter is not valid YAML (${error.split('\n')[0]}). Docusaurus cannot build the page either: fix the YAML between the \`---\` lines.`,
      );
    }
    text = normalizeSource(text);
    recentText = {page: this, text};
    return text;
  }
}

/** The source page read last, with its text: a changed page's readings ask for it in turn. */
let recentText: {page: DiskPage; text: string} | undefined;

/** Front matter through the site's own parser, if any: generated pages (ours) are not parsed. */
async function siteFrontMatter(
  ctx: DocsTreeOptions,
  files: readonly DocFile[],
): Promise<void> {
  const parse = ctx.parseFrontMatter;
  if (!parse) return;
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

/** Reads every page the docs plugin would, through `readFiles` so no open-file limit is reached. */
export async function readDocsTree(ctx: DocsTreeOptions): Promise<DocsTree> {
  const {docsDir} = ctx;
  const problems: DocsTree['problems'] = [];
  try {
    // Globby finds nothing in a missing folder: fail with the folder's own error instead. Opened,
    // not listed: the listing of a large docs root costs milliseconds on every rebuild.
    await (await opendir(docsDir)).close();
    const listed = await listDocsTree(ctx);
    // Each page is hashed and classified as it is read: no page's bytes are kept.
    const read = await readFiles(
      listed.pages.map((page) => join(docsDir, page)),
      (bytes, i): DocFile | undefined => {
        if (bytes instanceof Error) throw bytes;
        const path = listed.pages[i]!;
        // A binary file with a page's name (an image saved as `.md`) holds NUL bytes.
        if (bytes.subarray(0, 8000).includes(0)) {
          problems.push({
            file: join(docsDir, path),
            problem:
              'it is not a text file (it holds NUL bytes), so it is left out. Rename it if it is no Markdown page.',
          });
          return undefined;
        }
        // The marker is in the first 400 characters, which 1600 bytes hold: decode only a head with it.
        const head = bytes.subarray(0, 1600);
        const generated =
          head.includes(GENERATED_MARKER) &&
          isGeneratedPage(head.toString('utf8'));
        return new DiskPage(docsDir, path, sha256(bytes), generated, problems);
      },
    );
    const files = read.filter((file) => file !== undefined);
    const categories = await readCategories(
      docsDir,
      listed.categories,
      problems,
    );
    await siteFrontMatter(ctx, files);
    return {files, categories, problems};
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
}
