import {join} from 'node:path';
import type {RunContext} from '../../plugin/src/context';
import type {DocFile} from '../../plugin/src/core/design';
import type {FindDesignsOptions} from '../../plugin/src/core/discover';
import {loadMarkdownTools} from '../../plugin/src/core/markdown';
import {analyzePageDesign} from '../../plugin/src/core/pageDesign';
import {DEFAULT_MATCHERS} from '../../plugin/src/core/matchers';
import {DEFAULT_OPTIONS, type PluginOptions} from '../../plugin/src/options';

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

/** A run context on a site folder, as the plugin entry resolves it; messages go to `logs`. */
export function testContext(
  site: string,
  run: {apiKey: string; baseURL: string; model?: string; logs: string[]},
  options: Partial<PluginOptions> = {},
  extra: Partial<RunContext> = {},
): RunContext {
  const log = (level: string) => (message: string) =>
    run.logs.push(level ? `${level} ${message}` : message);
  return {
    siteDir: site,
    docsDir: join(site, 'docs'),
    stateDir: join(site, '.docusaurus', 'docusaurus-plugin-mlsd-deploy'),
    options: {id: 'default', ...DEFAULT_OPTIONS, ...options} as PluginOptions,
    mode: 'auto',
    model: run.model ?? 'm',
    maxGenerations: 25,
    apiKey: run.apiKey,
    baseURL: run.baseURL,
    log: {info: log(''), warn: log('warn'), error: log('error')},
    ...extra,
  };
}
