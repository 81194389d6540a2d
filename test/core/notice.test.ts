import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {NOTICE_EN, noticeText} from '../../plugin/src/core/notice';
import {HINTS} from '../../plugin/src/model/errors';
import {CODE_TRANSLATIONS} from '../../plugin/src/translations';
import {ROOT} from '../support/site';

const THEME = join(ROOT, 'plugin', 'src', 'theme');

/** Every `id` → default message the theme components declare, read from their source. */
async function themeMessages(): Promise<Map<string, string>> {
  const messages = new Map<string, string>();
  const files = (await readdir(THEME, {recursive: true})).filter((file) =>
    file.endsWith('.tsx'),
  );
  for (const file of files) {
    const text = await readFile(join(THEME, file), 'utf8');
    for (const match of text.matchAll(
      /id: '(theme\.mlsdDeploy\.[\w.-]+)',\s*message:\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g,
    ))
      messages.set(match[1]!, match[2]!.slice(1, -1).replace(/\\(.)/g, '$1'));
    for (const match of text.matchAll(/id="(theme\.mlsdDeploy\.[\w.-]+)"/g))
      if (!messages.has(match[1]!)) messages.set(match[1]!, '');
  }
  return messages;
}

describe('notices', () => {
  it('the theme says in English what the plugin says, and every string of it has its Russian', async () => {
    const messages = await themeMessages();
    for (const [id, text] of Object.entries(NOTICE_EN))
      expect(messages.get(`theme.mlsdDeploy.notice.${id}`), id).toBe(text);
    for (const [kind, text] of Object.entries(HINTS))
      expect(messages.get(`theme.mlsdDeploy.hint.${kind}`), kind).toBe(text);
    const russian = CODE_TRANSLATIONS.ru!;
    expect(Object.keys(russian).sort()).toEqual([...messages.keys()].sort());
    // A translation keeps the sentence's values and code.
    for (const [id, text] of messages) {
      const slots = (value: string) =>
        [...value.matchAll(/\{\w+\}|`[^`]*\{\w+\}[^`]*`/g)]
          .map(([slot]) => slot)
          .sort();
      if (text) expect(slots(russian[id]!), id).toEqual(slots(text));
    }
  });

  it('puts values in verbatim, once: braces, dollars and markup in a value stay as they came', () => {
    const error = 'HTTP 500: <script>x()</script> {hint} $& `y`';
    expect(
      noticeText([
        {id: 'failed', values: {error}},
        {id: 'hint', values: {hint: 'Rebuild later.', kind: 'server'}},
      ]),
    ).toBe(`Generation failed: ${error} Rebuild later.`);
    expect(
      noticeText([
        {
          id: 'stale',
          values: {changed: [{input: 'template'}, {removed: 'data'}]},
        },
      ]),
    ).toBe(
      'The prompt template, "3. Данные" (removed) changed since this answer was generated.',
    );
  });
});
