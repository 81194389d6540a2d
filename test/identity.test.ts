import {mkdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {launchChromium} from './support/browser';
import {ARTIFACTS} from './support/deployPageChecks';
import {
  buildSite,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
  type CommandResult,
} from './support/site';
import {serveStatic} from './support/staticServer';

/** A single-page design, as teams write them: numbered headings, a table, a code block. */
const singlePage = (title: string, topic: string) => `---
mlsd: true
title: ${title}
---

Design doc of the ${topic}.

## 1. Problem statement

Users wait for the ${topic}: p95 latency must stay under 200 ms at 300 RPS.

| metric | target |
| --- | --- |
| p95 latency | 200 ms |

## 3. Data

Click logs, 40 GB a day, from Kafka.

\`\`\`sql
SELECT user_id, item_id FROM clicks;
\`\`\`

## 4. Architecture and models

A two-tower model with an ANN index for the ${topic}.
`;

/** The counts of a summary line, which must add up to its number of designs. */
function countsOf(line: string): {designs: number; parts: number[]} {
  const match = /(\d+) designs?: ([^;]+);/.exec(line);
  if (!match) throw new Error(`no summary line in: ${line}`);
  return {
    designs: Number(match[1]),
    parts: [...match[2]!.matchAll(/(\d+) [a-z ]+/g)].map((part) =>
      Number(part[1]),
    ),
  };
}

describe.sequential(
  'a Deploy page says whose it is, and a build without a key says why',
  () => {
    let site: string;
    let build: CommandResult;
    const titles = {
      alpha: 'Alpha: рекомендации',
      'pages/search': 'Drawing search (YOLO + SAHI)',
      'pages/ranking': 'Feed ranking',
    };
    const urls = {
      alpha: '/alpha/deploy',
      'pages/search': '/pages/search-deploy',
      'pages/ranking': '/pages/ranking-deploy',
    };

    beforeAll(async () => {
      site = await copyFixtureSite('site');
      // Three complete designs wait for an answer (a folder, two single pages in one folder);
      // gamma lacks its architecture section.
      await rm(join(site, 'docs', 'beta'), {recursive: true});
      await mkdir(join(site, 'docs', 'pages'));
      await writeFile(
        join(site, 'docs', 'pages', 'search.md'),
        singlePage(titles['pages/search'], 'drawing search'),
      );
      await writeFile(
        join(site, 'docs', 'pages', 'ranking.md'),
        singlePage(titles['pages/ranking'], 'feed ranking'),
      );
      build = await buildSite(site, cleanEnv({}));
    }, 240_000);

    afterAll(async () => {
      if (site) await rm(site, {recursive: true, force: true});
    });

    it('with no key and three designs waiting, warns once, naming them, and passes', () => {
      expect(build.code, build.output).toBe(0);
      const warnings = build.output
        .split('\n')
        .filter((line) => line.includes('OPENAI_API_KEY is not set'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^\[WARNING\]/);
      expect(warnings[0]).toContain(
        '3 designs wait for an answer (alpha, pages/ranking, pages/search)',
      );
      // The summary adds up: 4 designs, 3 not generated, 1 incomplete.
      const summary = build.output
        .split('\n')
        .find((line) => /\d+ designs?: /.test(line))!;
      const {designs, parts} = countsOf(summary);
      expect(designs).toBe(4);
      expect(parts.reduce((sum, n) => sum + n, 0)).toBe(designs);
      expect(summary).toContain('1 incomplete, 3 not generated');
      expect(summary).toContain('0 requests');
    });

    it('generate --dry-run names the design it will not ask, and the section it lacks', async () => {
      const result = await docusaurus(['mlsd', 'generate', '--dry-run'], {
        cwd: site,
        env: cleanEnv({}),
      });
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toContain(
        'gamma  not asked: incomplete: no section "4. Architecture and models"',
      );
      expect(result.stdout).toMatch(/^alpha +missing/m);
    });

    it('every Deploy page names its design in its title, heading, description and breadcrumb; no two sidebar items share a label', async () => {
      const server = await serveStatic(join(site, 'build'));
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        for (const [id, url] of Object.entries(urls)) {
          const response = await page.goto(`${server.url}${url}`);
          expect(response?.status(), url).toBe(200);
          const design = titles[id as keyof typeof titles];
          const shown = {
            title: await page.title(),
            h1: await page.locator('article h1').first().innerText(),
            description: await page
              .locator('meta[name="description"]')
              .getAttribute('content'),
            breadcrumb: await page
              .locator('nav[aria-label="Breadcrumbs"]')
              .innerText(),
          };
          // The browser title is set again when the page hydrates: read it once it has settled.
          await expect
            .poll(() => page.title(), {timeout: 5000})
            .toContain(`6. Deploy — ${design}`);
          expect(shown.h1, id).toBe(`6. Deploy — ${design}`);
          expect(shown.description, id).toContain(design);
          // The description names the sections the prompt was drafted from.
          expect(shown.description, id).toMatch(/Problem statement|Постановка/);
          expect(shown.breadcrumb, id).toContain(design);
          // Every category of the sidebar: its items' labels are all different.
          const labels = await page.evaluate(() =>
            Array.from(
              document.querySelectorAll('.theme-doc-sidebar-menu ul'),
            ).map((list) =>
              Array.from(list.children).map(
                (item) =>
                  item.querySelector(':scope > div > a, :scope > a')
                    ?.textContent ?? '',
              ),
            ),
          );
          for (const list of labels)
            expect(new Set(list).size, `${id}: ${list.join(' | ')}`).toBe(
              list.length,
            );
          await mkdir(ARTIFACTS, {recursive: true});
          await page.screenshot({
            path: join(ARTIFACTS, `identity-${id.replace('/', '-')}.png`),
          });
        }
      } finally {
        await browser.close();
        await server.close();
      }
    }, 120_000);
  },
);
