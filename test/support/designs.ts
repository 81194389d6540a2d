import type {DocFile} from '../../plugin/src/core/design';
import type {FindDesignsOptions} from '../../plugin/src/core/discover';
import {loadMarkdownTools} from '../../plugin/src/core/markdown';
import {analyzePageDesign} from '../../plugin/src/core/pageDesign';
import {DEFAULT_MATCHERS} from '../../plugin/src/core/roles';

const md = await loadMarkdownTools();

/** A page of a docs tree. */
export const doc = (path: string, content: string): DocFile => ({
  path,
  content,
});

/**
 * The options of `findDesigns` as a run passes them: the built-in matchers, the default output
 * name, and single pages read by the real `analyzePageDesign`.
 */
export function discoverOptions(
  extra: Partial<FindDesignsOptions> = {},
): FindDesignsOptions {
  const matchers = extra.matchers ?? DEFAULT_MATCHERS;
  return {
    matchers,
    outputFileName: '6-deploy.mdx',
    readPage: (file) => {
      const read = analyzePageDesign(
        {file: file.path},
        file.content,
        'mdx',
        md,
        matchers,
      );
      return {sections: read.sections, missing: read.missing};
    },
    ...extra,
  };
}
