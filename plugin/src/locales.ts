import {join} from 'node:path';
import {prefixLog, type RunContext} from './context';
import {MlsdError} from './errors';
import {syncDeployPages, type Background} from './run';
import type {RunSummary} from './summary';

/*
 * The docs folder's designs are the default locale's; another locale has the designs it
 * translates, with their Deploy pages in its translations folder. A locale's run is an ordinary
 * run over its own tree (see `docs/overlay.ts`).
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

/** A locale's run context: for another than the default, its translations over the docs. */
export function localeContext(ctx: RunContext, locale: string): RunContext {
  const dir = ctx.translationDirs?.[locale];
  if (locale === ctx.docsLocale || dir === undefined) return ctx;
  return {
    ...ctx,
    docsDir: dir,
    // A memo of its own: a memo drops what runs in a row left unused, and locales run in turn.
    stateDir: join(ctx.stateDir, locale),
    translation: {locale, defaultDocsDir: ctx.docsDir},
    locale,
    docsLocale: locale,
    log: prefixLog(ctx.log, `${locale}: `),
  };
}

/**
 * A build's (or the dev server's) run in its locale. Another than the default asks for its
 * translated designs only; the docs folder's pages, which it shows too, come from the cache.
 */
export async function syncLocale(
  ctx: RunContext,
  background?: Background,
): Promise<RunSummary> {
  const own = localeContext(ctx, ctx.locale ?? ctx.docsLocale ?? '');
  if (own === ctx) return syncDeployPages(ctx, {}, background);
  // Its summary is the default locale build's: said once there.
  await syncDeployPages({
    ...ctx,
    cacheOnly: true,
    log: {...ctx.log, info() {}},
  });
  return syncDeployPages(own, {}, background);
}
