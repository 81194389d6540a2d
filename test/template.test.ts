import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {PluginOptions} from '../plugin/src/options';
import {promptParts} from '../plugin/src/core/prompt';
import {planDesigns} from '../plugin/src/plan/plan';
import {testContext} from './support/designs';

describe('prompt templates', () => {
  let site: string;
  const logs: string[] = [];
  const plan = async (options: Partial<PluginOptions> = {}) =>
    (
      await planDesigns(
        testContext(
          site,
          {
            apiKey: 'k',
            baseURL: 'http://127.0.0.1:1/v1',
            model: 'gpt-4o-mini',
            logs,
          },
          options,
        ),
      )
    ).plans;
  const write = async (path: string, text: string) => {
    await mkdir(join(site, 'docs', path, '..'), {recursive: true});
    await writeFile(join(site, 'docs', path), text);
  };

  beforeEach(async () => {
    site = await mkdtemp(join(tmpdir(), 'mlsd-template-'));
    await write(
      'recs/1-problem.md',
      '# 1. Постановка задачи\n\nРекомендации.\n',
    );
    await write('recs/3-data.md', '# 3. Данные\n\nКлики.\n');
    await write(
      'recs/4-architecture.md',
      '# 4. Архитектура и модели\n\nДва тауэра.\n',
    );
  });
  afterEach(async () => {
    await rm(site, {recursive: true, force: true});
  });

  it('the key of a design on the built-in Russian prompt is what it was before templates could be chosen', async () => {
    // Recorded before `promptTemplate: 'en'` and `mlsd_template` existed: a cache committed
    // then must still hit.
    const KEY =
      '7ea461432bf1b055096826ab884eee776b0265222327bfb128b0f154b5d5116b';
    for (const options of [{}, {promptTemplate: 'ru'}]) {
      const [recs] = await plan(options);
      expect(recs!.key).toBe(KEY);
      expect(recs!.template.name).toBe('ru');
    }
  });

  it("'en' chooses the English prompt, for every design by option or for one by front matter", async () => {
    const [byOption] = await plan({promptTemplate: 'en'});
    expect(byOption!.prompt).toMatch(/^# Prompt for the "Deploy" section/);
    expect(byOption!.prompt).toContain('### 3. Данные\n\nКлики.');
    expect(byOption!.template.checklist[0]!.label).toBe(
      'Infrastructure chosen, with its reason',
    );

    await write(
      'fraud/1-problem.md',
      '---\nmlsd_template: en\n---\n# 1. Problem statement\n\nCatch fraud.\n',
    );
    await write('fraud/3-data.md', '# 3. Data\n\nPayments.\n');
    await write(
      'fraud/4-architecture.md',
      '# 4. Architecture and models\n\nGBDT.\n',
    );
    const plans = await plan();
    const fraud = plans.find((item) => item.design.id === 'fraud')!;
    const recs = plans.find((item) => item.design.id === 'recs')!;
    expect(fraud.template.name).toBe('en');
    expect(fraud.prompt).toContain('Senior MLOps Engineer');
    expect(fraud.prompt).not.toContain('Вставь');
    expect(recs.template.name).toBe('ru');
    expect(recs.prompt).toContain('Ты — Senior MLOps Engineer');
  });

  it('a template file declares its checklist in front matter, which stays out of the prompt', async () => {
    await writeFile(
      join(site, 'deploy.txt'),
      '---\ncoverage:\n  - id: ray\n    label: Ray Serve\n    match: ray serve\n---\nWrite Deploy.\n\n{{sections}}\n',
    );
    const [recs] = await plan({promptTemplate: 'deploy.txt'});
    expect(recs!.prompt).toMatch(/^Write Deploy\.\n\n### 1\./);
    expect(recs!.template.checklist.map((item) => item.label)).toEqual([
      'Ray Serve',
    ]);
    await writeFile(join(site, 'plain.txt'), 'Write.\n{{sections}}\n');
    const [plain] = await plan({promptTemplate: 'plain.txt'});
    expect(plain!.template.checklist).toEqual([]);
  });

  it('the prompt parts, joined, are the prompt as sent, to the character', async () => {
    for (const options of [{}, {promptTemplate: 'en'}]) {
      const [recs] = await plan(options);
      const parts = promptParts(recs!.template.text, recs!.sections);
      expect(parts.map((part) => part.kind)).toEqual([
        'instructions',
        'section',
        'section',
        'section',
        'instructions',
      ]);
      expect(parts.map((part) => part.text).join('')).toBe(recs!.prompt);
    }
  });
  it('a template named like a property of every object is a file of the site, not a built-in prompt', async () => {
    await writeFile(
      join(site, 'constructor'),
      'A prompt of our own.\n\n{{sections}}\n',
    );
    const [recs] = await plan({promptTemplate: 'constructor'});
    expect(recs!.template.file).toBe(join(site, 'constructor'));
  });
});
