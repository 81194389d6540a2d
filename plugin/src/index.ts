import {resolve} from 'node:path';
import type {LoadContext, Plugin, SwizzleConfig} from '@docusaurus/types';
import {registerCommands} from './cli/index';
import {PLUGIN_NAME, runContext} from './context';
import {MlsdError} from './errors';
import type {PluginOptions} from './options';
import {devSession} from './dev/session';
import {syncLocale} from './locales';
import {CODE_TRANSLATIONS} from './translations';

export {validateOptions, DEFAULT_OPTIONS} from './options';
export type {Options, PluginOptions, Mode} from './options';

/** Swizzling is safe: components get all they show through their props (`DeployPageProps`). */
export function getSwizzleConfig(): SwizzleConfig {
  return {
    components: {
      MlsdDeploySource: {
        actions: {eject: 'safe', wrap: 'safe'},
        description:
          'A link from a Deploy page to one of its source sections, shown in the prompt.',
      },
      MlsdDeploy: {
        actions: {eject: 'safe', wrap: 'safe'},
        description:
          'The generated Deploy page: the prompt beside the answer, with its state and provenance.',
      },
    },
  };
}

/** The cache folder of each plugin instance of a site load, by the load's context. */
const cacheDirsOfLoad = new WeakMap<LoadContext, Map<string, string>>();

/**
 * The plugin. Deploy pages are written here, in the plugin function, which Docusaurus awaits
 * before any plugin loads content: the docs plugin then reads finished files, with no race.
 */
export default async function pluginMlsdDeploy(
  context: LoadContext,
  options: PluginOptions,
): Promise<Plugin<void>> {
  // The Docusaurus CLI command this process runs (`build`, `start`, `swizzle`, ...).
  const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  // Two instances of one site load sharing a cache folder would prune each other's answers.
  // Plugins of one load share a context; a dev-server reload makes a new one.
  const dir = resolve(context.siteDir, options.cacheDir);
  let claimed = cacheDirsOfLoad.get(context);
  if (!claimed) cacheDirsOfLoad.set(context, (claimed = new Map()));
  const other = claimed.get(dir);
  if (other !== undefined && other !== options.id) {
    throw new MlsdError(
      `The plugin instances \`${other}\` and \`${options.id}\` both use the cache folder ${dir}: each would prune the other's answers, and a pin in one would pin the other's design of the same id. Give each its own \`cacheDir\` (by default \`mlsd-cache\` for the default instance and \`mlsd-cache-<id>\` for others).`,
    );
  }
  claimed.set(dir, options.id);
  const ctx = runContext(context, options);

  // On the dev server, runs are debounced, one at a time, and no page waits on the model.
  const dev =
    command === 'start' ? devSession(ctx, options.devDebounceMs) : undefined;
  if (dev) {
    await dev.run();
  } else if (command === 'build' || command === 'deploy') {
    // Docusaurus loads the plugin once for each locale it builds: this is the current one.
    await syncLocale(ctx).catch((error: unknown) => {
      // Our errors already say what to do; a stack trace would bury that, so it is left out.
      if (error instanceof MlsdError)
        error.stack = `[mlsd-deploy] ${error.message}`;
      throw error;
    });
  }

  let firstLoad = true;
  return {
    name: PLUGIN_NAME,

    getThemePath() {
      return '../lib/theme';
    },

    getTypeScriptThemePath() {
      return '../src/theme';
    },

    getPathsToWatch() {
      // Sources and the template. Our own output is among the sources, but a page is written
      // only when its bytes change, so the reload it causes writes nothing and stops there.
      const paths = [`${ctx.docsDir}/**/*.{md,mdx}`];
      // And the translations of the locale served, which has Deploy pages of its own.
      const translations = ctx.translationDirs?.[context.i18n.currentLocale];
      if (translations) paths.push(`${translations}/**/*.{md,mdx}`);
      if (options.promptTemplate)
        paths.push(resolve(context.siteDir, options.promptTemplate));
      return paths;
    },

    async loadContent() {
      // Later loads are dev-server reloads: a docs save, or one of our pages (changing nothing).
      if (dev && !firstLoad) dev.schedule();
      firstLoad = false;
    },

    async getDefaultCodeTranslationMessages() {
      return CODE_TRANSLATIONS[context.i18n.currentLocale.split('-')[0]!] ?? {};
    },

    extendCli(cli) {
      registerCommands(cli, ctx);
    },
  };
}
