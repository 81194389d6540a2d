import {join} from 'node:path';
import type {AskRequest} from './core/ask';
import type {Log, RunContext} from './context';
import {MlsdError} from './errors';
import {syncDeployPages, type Background} from './run';
import type {RunSummary} from './summary';

/**
 * A site in several locales: the docs folder's designs are the default locale's, and each other
 * locale has the designs it translates (any of their own pages in its translations folder), with
 * their Deploy pages written there. A locale's run is an ordinary run over its own tree (see
 * `docs/overlay.ts`): these helpers make its context.
 */

/** The locales a command covers: the one `--locale` names, else every one, the default first. */
export function localesOf(ctx: RunContext, locale?: string): string[] {
  const all = ctx.locales ?? [ctx.docsLocale ?? ''];
  if (locale === undefined) return all;
  if (!all.includes(locale)) {
    throw new MlsdError(
      `No locale \`${locale}\`: the site's locales are ${all.map((known) => `\`${known}\``).join(', ')} (its \`i18n.locales\`).`,
    );
  }
  return [locale];
}

/** Messages of a locale's run, named by the locale. */
function localeLog(log: Log, locale: string): Log {
  return {
    info: (message) => log.info(`${locale}: ${message}`),
    warn: (message) => log.warn(`${locale}: ${message}`),
    error: (message) => log.error(`${locale}: ${message}`),
  };
}

/**
 * The context of a locale's run: the docs folder's for the default locale; for another, its
 * translations folder, read over the docs folder, with the locale's language for its pages.
 */
export function localeContext(ctx: RunContext, locale: string): RunContext {
  const dir = ctx.translationDirs?.[locale];
  if (locale === ctx.docsLocale || dir === undefined) return ctx;
  return {
    ...ctx,
    docsDir: dir,
    // A memo of its own: a memo drops what a few runs in a row left unused, and in a build each
    // locale runs in turn.
    stateDir: join(ctx.stateDir, locale),
    translation: {locale, defaultDocsDir: ctx.docsDir},
    locale,
    docsLocale: locale,
    log: localeLog(ctx.log, locale),
  };
}

/**
 * A build's run (or the dev server's), in the locale it builds. The default locale's writes the
 * docs folder's pages. Another's asks for its translated designs only, and writes their pages in
 * its translations folder; the docs folder's pages, which the locale shows for the designs it
 * does not translate (and which the docs plugin needs to see the translated ones), are written
 * from the cache.
 */
export async function syncLocale(
  ctx: RunContext,
  request: AskRequest = {},
  background?: Background,
): Promise<RunSummary> {
  const own = localeContext(ctx, ctx.locale ?? ctx.docsLocale ?? '');
  if (own === ctx) return syncDeployPages(ctx, request, background);
  // Its summary is the default locale build's: said once there.
  await syncDeployPages(
    {...ctx, cacheOnly: true, log: {...ctx.log, info() {}}},
    request,
  );
  return syncDeployPages(own, request, background);
}
