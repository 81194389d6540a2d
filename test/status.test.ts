import {describe, expect, it} from 'vitest';
import {formatStatus, type DesignStatus} from '../plugin/src/cli/status';

const status = (extra: Partial<DesignStatus>): DesignStatus => ({
  id: 'salary',
  path: 'salary.md',
  state: 'incomplete',
  reason: 'no section "3. Данные"',
  key: 'a'.repeat(64),
  changed: [],
  sections: {problem: null, data: null, architecture: null},
  kind: 'page',
  designReason: 'front matter mlsd: true',
  output: 'salary.mlsd-deploy.mdx',
  promptTokens: 10,
  template: 'ru',
  edited: false,
  review: null,
  coverage: null,
  figures: null,
  ...extra,
});

describe('mlsd status', () => {
  it('explains each role by the rule that took it, and lists what was cut out and why', () => {
    const text = formatStatus([
      status({
        sections: {
          problem: {
            file: 'doc.md',
            heading: '1. Goals and Premises',
            reason: '',
            ranges: [
              {
                heading: '1. Goals and Premises',
                line: 12,
                depth: 2,
                rule: 'title',
                reason: 'goals and prerequisites (Reliable ML)',
              },
              {
                heading: '3.7. System Operation Requirements',
                line: 197,
                depth: 3,
                rule: 'requirements',
                reason: 'requirements of the system',
              },
            ],
            cut: [],
          },
          data: {
            file: 'doc.md',
            heading: 'Этап 0 — подготовка входа',
            reason: '',
            ranges: [
              {
                heading: 'Этап 0 — подготовка входа',
                line: 40,
                depth: 3,
                rule: 'override',
                reason: 'front matter mlsd_sections.data',
              },
            ],
          },
          architecture: {
            file: 'doc.md',
            heading: '2. Methodology',
            reason: '',
            ranges: [
              {
                heading: '2. Methodology',
                line: 30,
                depth: 2,
                rule: 'title',
                reason: 'methodology',
              },
            ],
            cut: [
              {
                heading: 'Этап 0 — подготовка входа',
                line: 40,
                why: 'another role',
              },
              {heading: '6. Реализация', line: 90, why: 'no input'},
            ],
          },
        },
      }),
    ]);
    expect(text).toContain(
      '    line 197: "3.7. System Operation Requirements" — a requirements chapter: requirements of the system',
    );
    expect(text).toContain(
      '    line 40: "Этап 0 — подготовка входа" — named in front matter: front matter mlsd_sections.data',
    );
    expect(text).toContain(
      '    cut out, line 40: "Этап 0 — подготовка входа" (another role)',
    );
    expect(text).toContain('    cut out, line 90: "6. Реализация" (no input)');
  });

  it('for a role a page lacks, the closest headings and the front matter line; for a bad override, the page’s headings', () => {
    const text = formatStatus([
      status({
        closest: {data: [{heading: 'Conceptual Data Flow', line: 93}]},
        overrideProblems: [
          {
            role: 'architecture',
            named: '4. Модели',
            headings: [{heading: '1. Motivation', line: 12}],
          },
        ],
      }),
    ]);
    expect(text).toContain(
      [
        '  architecture: front matter mlsd_sections.architecture names "4. Модели", which is no heading of the page; its headings:',
        '      line 12: "1. Motivation"',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        '  data: not found — no page title or heading matched a data matcher',
        '    closest headings:',
        '      line 93: "Conceptual Data Flow"',
        '    to read the first as data, add to the front matter: mlsd_sections: {data: "Conceptual Data Flow"}',
      ].join('\n'),
    );
  });
  it("prints a line on the design's figures, the first five of each list as written", () => {
    const item = (text: string) => ({text, value: 1, unit: 'ms' as const});
    const text = formatStatus([
      status({
        figures: {
          used: [item('300 RPS')],
          leftOut: ['1', '2', '3', '4', '5', '6', '7'].map((n) =>
            item(`${n} мс`),
          ),
          introduced: [item('p99 50 ms')],
        },
      }),
    ]);
    expect(text).toContain(
      '  figures: uses 1 of 8 figures from the design · 7 left out (1 мс, 2 мс, 3 мс, 4 мс, 5 мс, +2) · 1 introduced (p99 50 ms)',
    );
    expect(formatStatus([status({})])).not.toContain('figures');
  });
});
