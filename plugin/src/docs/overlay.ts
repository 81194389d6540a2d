import {stat} from 'node:fs/promises';
import {readDocsTree, type DocsTree, type DocsTreeOptions} from './tree';

/**
 * The docs tree a run reads; for a locale (`translation` set), the tree its readers see, as the
 * docs plugin falls back: each docs folder page from the translations folder (`docsDir`) where it
 * is translated (marked `localized`). Pages only there are left out, but for the Deploy pages:
 * generated pages are the translations folder's only, the ones a locale's run writes or removes.
 */
export async function readRunTree(ctx: DocsTreeOptions): Promise<DocsTree> {
  const {translation} = ctx;
  if (!translation) return readDocsTree(ctx);
  const base = await readDocsTree({
    ...ctx,
    docsDir: translation.defaultDocsDir,
  });
  // A locale with no translations folder yet has nothing of its own.
  const folder = await stat(ctx.docsDir).catch(() => undefined);
  const own: DocsTree = folder?.isDirectory()
    ? await readDocsTree(ctx)
    : {files: [], categories: {}, problems: []};
  for (const file of own.files) file.localized = true;
  const ownPaths = new Set(own.files.map((file) => file.path));
  const basePaths = new Set(base.files.map((file) => file.path));
  const files = [
    ...base.files.filter((file) => !file.generated && !ownPaths.has(file.path)),
    ...own.files.filter((file) => file.generated || basePaths.has(file.path)),
  ];
  return {
    files: files.sort((a, b) => a.path.localeCompare(b.path)),
    categories: base.categories,
    problems: [...base.problems, ...own.problems],
    defaultFiles: base.files.filter((file) => !file.generated),
  };
}
