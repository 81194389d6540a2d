import {readFile, readdir} from 'node:fs/promises';
import {join} from 'node:path';
import type {DocFile} from './core/discover';
import {MlsdError} from './errors';

/** The docs tree as the core needs it. */
export interface DocsTree {
  files: DocFile[];
  /** `_category_.json` label and `customProps.mlsd` by folder path. */
  categories: Record<string, {label?: string; mlsd?: boolean}>;
}

const DOC_FILE = /\.mdx?$/;

/**
 * Reads every page the docs plugin would read (it skips `_`-prefixed files and folders and
 * `node_modules`), with `/` paths relative to `docsDir`.
 */
export async function readDocsTree(docsDir: string): Promise<DocsTree> {
  const files: DocFile[] = [];
  const categories: DocsTree['categories'] = {};
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
          files.push({
            path,
            content: await readFile(join(dir, entry.name), 'utf8'),
          });
        }
      }),
    );
  }
  try {
    await walk(docsDir, '');
  } catch (error) {
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
  return {files, categories};
}
