import {readFile, readdir} from 'node:fs/promises';
import {join} from 'node:path';
import {isGeneratedPage, type DocFile} from './core/discover';
import {splitFrontMatter} from './core/frontMatter';
import {normalizeSource} from './core/normalize';
import {MlsdError} from './errors';

/** The docs tree as the core needs it. */
export interface DocsTree {
  files: DocFile[];
  /** `_category_.json` label and `customProps.mlsd` by folder path. */
  categories: Record<string, {label?: string; mlsd?: boolean}>;
  /** Pages left out or read with a problem, and why: the run says so. */
  problems: {file: string; problem: string}[];
}

const DOC_FILE = /\.mdx?$/;

/**
 * Reads every page the docs plugin would read (it skips `_`-prefixed files and folders and
 * `node_modules`), with `/` paths relative to `docsDir`.
 */
export async function readDocsTree(docsDir: string): Promise<DocsTree> {
  const files: DocFile[] = [];
  const categories: DocsTree['categories'] = {};
  const problems: DocsTree['problems'] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    const entries = await readdir(dir, {withFileTypes: true});
    await Promise.all(
      entries.map(async (entry) => {
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (
            entry.name.startsWith('_') ||
            entry.name.startsWith('.') ||
            entry.name === 'node_modules'
          )
            return;
          await walk(join(dir, entry.name), path);
        } else if (entry.name === '_category_.json') {
          try {
            const data = JSON.parse(
              await readFile(join(dir, entry.name), 'utf8'),
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
        } else if (DOC_FILE.test(entry.name) && !entry.name.startsWith('_')) {
          const file = join(dir, entry.name);
          let page: ReturnType<typeof decodePage>;
          try {
            page = decodePage(await readFile(file));
          } catch (error) {
            if (!(error instanceof MlsdError)) throw error;
            throw new MlsdError(`Cannot read ${file}: ${error.message}`);
          }
          if (page.problem)
            problems.push({file: join(dir, entry.name), problem: page.problem});
          if (page.content !== undefined)
            files.push({path, content: page.content});
        }
      }),
    );
  }
  try {
    await walk(docsDir, '');
  } catch (error) {
    if (error instanceof MlsdError) throw error;
    const {code, path} = error as NodeJS.ErrnoException;
    const fix =
      path === docsDir && (code === 'ENOENT' || code === 'ENOTDIR')
        ? "Set the plugin's `docsPath` option to the docs folder, relative to the site folder."
        : 'Fix the cause named above, and build again.';
    throw new MlsdError(
      `Cannot read the docs folder ${docsDir}: ${(error as Error).message}. ${fix}`,
      {cause: error},
    );
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return {files, categories, problems};
}

const utf8 = new TextDecoder('utf-8', {fatal: true});

/**
 * A page's text as the run reads it: a binary file is left out; invalid UTF-8 is read as
 * Docusaurus reads it (with replacement characters), and said; a source page is normalized
 * (`normalizeSource`: BOM, line endings, trailing spaces); a generated page is kept byte for byte,
 * since it is rewritten only when its bytes change.
 */
export function decodePage(bytes: Buffer): {
  content?: string;
  problem?: string;
} {
  if (bytes.subarray(0, 8000).includes(0)) {
    return {
      problem:
        'it is not a text file (it holds NUL bytes), so it is left out. Rename it if it is no Markdown page.',
    };
  }
  let text: string;
  let problem: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = bytes.toString('utf8');
    problem =
      'it is not valid UTF-8; it is read with replacement characters (�), as Docusaurus reads it. Save it as UTF-8.';
  }
  if (isGeneratedPage(text)) return {content: text, problem};
  const error = text.startsWith('---') && splitFrontMatter(text).error;
  if (error) {
    throw new MlsdError(
      `its front matter is not valid YAML (${error.split('\n')[0]}). Docusaurus cannot build the page either: fix the YAML between the \`---\` lines.`,
    );
  }
  return {content: normalizeSource(text), problem};
}
