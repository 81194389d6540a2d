import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import type {Page} from 'playwright-core';
import {expect} from 'vitest';
import {launchChromium} from './browser';
import {contrastOf} from './contrast';
import {ROOT} from './site';
import {serveStatic} from './staticServer';

/** Where the screenshots go (ignored by git): look at them. */
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

const box = async (tab: Page, selector: string) =>
  (await tab.locator(selector).first().boundingBox())!;

/**
 * Checks the Deploy pages of the review test's built site in Chromium: layout at 1280 and 390
 * px, folding, both copy buttons, the review badge, both locales, dark mode, print, coverage,
 * inert hostile answers and a clean console; takes the screenshots.
 */
export async function checkDeployPages(
  buildDir: string,
  sent: {alphaPrompt: string; alphaAnswer: string},
): Promise<void> {
  await mkdir(ARTIFACTS, {recursive: true});
  const {context, close} = await launchChromium();
  const http = await serveStatic(buildDir);
  const problems: string[] = [];
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: http.url,
    });
    const tab = await context.newPage();
    // A failed request is named by its URL; the browser's own favicon probe is no page's fault.
    tab.on('console', (message) => {
      if (
        message.type() === 'error' &&
        !message.text().startsWith('Failed to load resource')
      )
        problems.push(message.text());
    });
    tab.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        problems.push(`${response.status()} ${response.url()}`);
    });
    tab.on('pageerror', (error) => problems.push(error.message));
    const open = async (path: string, width: number, height = 900) => {
      await tab.setViewportSize({width, height});
      await tab.goto(`${http.url}${path}`, {waitUntil: 'networkidle'});
    };

    // Russian, 1280 px: side by side, the review badge, the checklist.
    await open('/alpha/deploy', 1280);
    const prompt = await box(tab, '[data-mlsd="prompt"]');
    const answer = await box(tab, '[data-mlsd="answer"]');
    expect(answer.x).toBeGreaterThanOrEqual(prompt.x + prompt.width);
    expect(Math.abs(answer.y - prompt.y)).toBeLessThan(5);
    // Each reads at its own width: no table of contents beside them takes a share of it.
    expect(prompt.width).toBeGreaterThanOrEqual(450);
    expect(answer.width).toBeGreaterThanOrEqual(450);
    expect(await tab.locator('.table-of-contents').count()).toBe(0);
    const review = tab.locator('[data-mlsd="review"]');
    expect(await review.getAttribute('data-mlsd-review')).toBe('reviewed');
    expect(await review.innerText()).toMatch(
      /^Проверено: Anna Petrova, \d{4}-\d\d-\d\d$/,
    );
    expect(await tab.locator('[data-mlsd="edited"]').count()).toBe(0);
    expect(
      await tab.locator('[data-mlsd="coverage"] summary').innerText(),
    ).toBe('Что покрывает ответ: 10 из 10');
    expect(await tab.locator('[data-mlsd="prompt"] h2').innerText()).toMatch(
      /промпт/i,
    );

    // Each section is its own part, linking to its page; parts fold.
    const problem = tab.locator(
      '[data-mlsd="prompt-part"][data-mlsd-role="problem"]',
    );
    const link = problem.locator('[data-mlsd="part-source"] a');
    expect(await link.getAttribute('href')).toBe('/alpha/problem');
    expect(await problem.locator('pre').isVisible()).toBe(true);
    // Clicked beside its link (which leads to the section's page), the part folds and unfolds.
    await problem.locator('summary').click({position: {x: 8, y: 8}});
    expect(await problem.locator('pre').isVisible()).toBe(false);
    await problem.locator('summary').click({position: {x: 8, y: 8}});
    expect(await problem.locator('pre').isVisible()).toBe(true);
    const instructions = tab.locator(
      '[data-mlsd="prompt-part"][data-mlsd-kind="instructions"]',
    );
    expect(await instructions.first().locator('pre').isVisible()).toBe(false);

    await tab.screenshot({
      path: join(ARTIFACTS, 'deploy-1280-light.png'),
      fullPage: true,
    });

    // The copy buttons put the exact prompt as sent and the answer's Markdown on the clipboard.
    await tab.locator('[data-mlsd="copy-prompt"]').click();
    await expect
      .poll(() => tab.evaluate(() => navigator.clipboard.readText()))
      .toBe(sent.alphaPrompt);
    await tab.locator('[data-mlsd="copy-answer"]').click();
    await expect
      .poll(() => tab.evaluate(() => navigator.clipboard.readText()))
      .toBe(sent.alphaAnswer);

    // Print: the answer without the prompt pane.
    await tab.emulateMedia({media: 'print'});
    expect(await tab.locator('[data-mlsd="prompt"]').isVisible()).toBe(false);
    expect(await tab.locator('[data-mlsd="answer"] table').isVisible()).toBe(
      true,
    );
    await tab.emulateMedia({media: 'screen'});

    // Dark mode: the theme's colours, and text that still reads (WCAG AA, 4.5:1).
    await tab.evaluate(() => localStorage.setItem('theme', 'dark'));
    await open('/alpha/deploy', 1280);
    expect(await tab.locator('html').getAttribute('data-theme')).toBe('dark');
    for (const selector of [
      '[data-mlsd="review"]',
      '[data-mlsd-state]',
      '[data-mlsd="prompt-part"] pre',
      '[data-mlsd="prompt-part"] summary',
      '[data-mlsd="coverage"] li',
      '[data-mlsd="answer"] p',
    ])
      expect(
        await contrastOf(tab.locator(selector).first()),
        selector,
      ).toBeGreaterThanOrEqual(4.5);
    await tab.screenshot({
      path: join(ARTIFACTS, 'deploy-1280-dark.png'),
      fullPage: true,
    });

    // 390 px: one above the other, in both themes.
    await open('/alpha/deploy', 390, 844);
    const narrowPrompt = await box(tab, '[data-mlsd="prompt"]');
    const narrowAnswer = await box(tab, '[data-mlsd="answer"]');
    expect(narrowAnswer.y).toBeGreaterThanOrEqual(
      narrowPrompt.y + narrowPrompt.height,
    );
    expect(
      await tab.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    await tab.screenshot({
      path: join(ARTIFACTS, 'deploy-390-dark.png'),
      fullPage: true,
    });
    await tab.evaluate(() => localStorage.setItem('theme', 'light'));
    await open('/alpha/deploy', 390, 844);
    await tab.screenshot({
      path: join(ARTIFACTS, 'deploy-390-light.png'),
      fullPage: true,
    });

    // English: the UI in English, the English design with its edited, reviewed answer.
    await open('/en/echo/deploy', 1280);
    expect(await tab.locator('[data-mlsd="review"]').innerText()).toMatch(
      /^Reviewed by Anna Petrova on \d{4}-\d\d-\d\d$/,
    );
    expect(await tab.locator('[data-mlsd="edited"]').innerText()).toBe(
      'Edited by hand',
    );
    const kubernetes = tab.locator('[data-mlsd-item="kubernetes"]');
    expect(await kubernetes.getAttribute('data-mlsd-status')).toBe('rejected');
    expect(await kubernetes.innerText()).toMatch(
      /^⊘\s*Kubernetes\s*declined under “2\. Delivery”$/,
    );
    expect(
      await tab
        .locator('[data-mlsd-item="training-serving-skew"]')
        .getAttribute('data-mlsd-status'),
    ).toBe('missing');
    expect(await tab.locator('[data-mlsd="copy-prompt"]').innerText()).toBe(
      'Copy prompt',
    );
    await tab.screenshot({
      path: join(ARTIFACTS, 'deploy-en-1280-light.png'),
      fullPage: true,
    });
    await open('/en/alpha/deploy', 1280);
    expect(await tab.locator('[data-mlsd="prompt"] h2').innerText()).toMatch(
      /prompt/i,
    );

    // The hostile answer stays text: no script ran, no script element, no live JSX.
    await open('/beta/deploy', 1280);
    expect(
      await tab.evaluate(
        () => (window as unknown as {__mlsdPwned?: boolean}).__mlsdPwned,
      ),
    ).toBeUndefined();
    expect(await tab.locator('[data-mlsd="answer"] script').count()).toBe(0);
    expect(await tab.locator('[data-mlsd="answer"]').innerText()).toContain(
      '<script>window.__mlsdPwned = true</script>',
    );
    expect(await tab.locator('[data-mlsd="review"]').innerText()).toMatch(
      /^Проверено: Anna Petrova/,
    );

    expect(problems).toEqual([]);
  } finally {
    await http.close();
    await close();
  }
}

/** What a Deploy page says about its state, as a reader sees it in Chromium. */
export interface PageMessage {
  text: string;
  /** The texts the message sets as code (command lines, options). */
  code: string[];
  /** Whether anything in the message ran as script. */
  ran: boolean;
}

/**
 * Opens each page of a built site at 1280 px and reads its message (`[data-mlsd="message"]`);
 * the first two are saved as screenshots, `message-1.png` and `message-2.png`.
 */
export async function pageMessages(
  buildDir: string,
  paths: readonly string[],
): Promise<Record<string, PageMessage>> {
  const {context, close} = await launchChromium();
  const http = await serveStatic(buildDir);
  const messages: Record<string, PageMessage> = {};
  try {
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.setViewportSize({width: 1280, height: 900});
    for (const [index, path] of paths.entries()) {
      await tab.goto(`${http.url}${path}`, {waitUntil: 'networkidle'});
      if (index < 2)
        await tab.screenshot({
          path: join(ARTIFACTS, `message-${index + 1}.png`),
        });
      const message = tab.locator('[data-mlsd="message"]');
      messages[path] = {
        text: await message.innerText(),
        code: await message.locator('code').allInnerTexts(),
        ran:
          (await message.locator('script').count()) > 0 ||
          (await tab.evaluate(
            () => (window as unknown as {__mlsdPwned?: boolean}).__mlsdPwned,
          )) !== undefined,
      };
    }
    expect(errors).toEqual([]);
  } finally {
    await http.close();
    await close();
  }
  return messages;
}
