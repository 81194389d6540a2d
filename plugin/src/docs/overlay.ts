import {stat} from 'node:fs/promises';
import {readDocsTree, type DocsTree, type DocsTreeOptions} from './tree';

/**
 * The docs tree a run reads: the docs folder's, or for a locale's translated designs (`translation`
 * set) the tree its readers see. There each page of the docs folder is read from the locale's
 * translations folder (`docsDir`) where it is translated, as the docs plugin falls back; the
 * pages the translations folder holds alone are left out, as the docs plugin leaves them out,
 * but for the Deploy pages written there. Generated pages are the translations folder's only:
 * those are the ones a locale's run writes or removes. Translated pages are marked `localized`.
 */
export async function readRunTree(ctx: DocsTreeOptions): Promise<DocsTree> {
  const {translation} = ctx;
  if (!translation) return readDocsTree(ctx);
  const base = await readDocsTree({
    ...ctx,
    docsDir: translation.defaultDocsDir,
  });
  const translated = await stat(ctx.docsDir).then(
    (found) => found.isDirectory(),
    () => false,
  );
  const own: DocsTree = translated
    ? await readDocsTree(ctx)
    : {files: [], categories: {}, problems: []};
  const ownByPath = new Map(own.files.map((file) => [file.path, file]));
  for (const file of own.files) file.localized = true;
  const files = base.files.flatMap((file) => {
    const localized = ownByPath.get(file.path);
    if (localized) return [localized];
    return file.generated ? [] : [file];
  });
  const paths = new Set(base.files.map((file) => file.path));
  for (const file of own.files)
    if (file.generated && !paths.has(file.path)) files.push(file);
  return {
    files: files.sort((a, b) => a.path.localeCompare(b.path)),
    categories: base.categories,
    problems: [...base.problems, ...own.problems],
    defaultFiles: base.files.filter((file) => !file.generated),
  };
}
