import {readFile} from 'node:fs/promises';
import {join, posix} from 'node:path';
import type {FindDesignsOptions} from '../core/discover';
import {parseYaml} from '../core/yaml';
import {forEachLimit, OPEN_FILES_LIMIT} from '../io/files';

/** A folder's category, as far as discovery reads it. */
export type Category = NonNullable<FindDesignsOptions['categories']>[string];

/** A folder's category files as the docs plugin reads them; of several, the first is taken. */
const CATEGORY_FILES = ['_category_.json', '_category_.yml', '_category_.yaml'];

/** The folder of a category file, `''` for the docs folder itself, when `file` is one. */
export function categoryFolder(file: string): string | undefined {
  const slash = file.lastIndexOf('/');
  // Every file of the tree is asked: most names do not start with `_`, and go no further.
  if (file.charCodeAt(slash + 1) !== 0x5f) return undefined;
  return CATEGORY_FILES.includes(file.slice(slash + 1))
    ? file.slice(0, Math.max(slash, 0))
    : undefined;
}

/** Each folder's category label and `customProps.mlsd`; more than one file is a problem. */
export async function readCategories(
  docsDir: string,
  files: readonly string[],
  problems: {file: string; problem: string}[],
): Promise<Record<string, Category>> {
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
  const categories: Record<string, Category> = {};
  await forEachLimit(chosen, OPEN_FILES_LIMIT, async ([folder, file]) => {
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
