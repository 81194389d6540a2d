import {readFileSync, readdirSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {findDesigns} from '../plugin/src/core/discover';
import {discoverOptions} from './support/designs';
import {loadMarkdownTools} from '../plugin/src/core/markdown';
import {buildOutline} from '../plugin/src/core/outline';
import {assignRanges, isChapter, rangeBlocks} from '../plugin/src/core/ranges';
import {analyzePageDesign} from '../plugin/src/core/pageDesign';
import {DEFAULT_MATCHERS} from '../plugin/src/core/matchers';
import {ROLES} from '../plugin/src/core/roles';
import {
  buildSite,
  cleanEnv,
  copyFixtureSite,
  docusaurus,
  ROOT,
} from './support/site';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'real-mlsd');
const DOCS = readdirSync(FIXTURES).filter(
  (name) => name.includes('__') && name.endsWith('.md'),
);

interface ExpectedRange {
  heading: string;
  depth: number;
  line: number;
}
interface ExpectedCut {
  heading: string;
  line: number;
  why: 'another role' | 'no input';
}
type Expected = Record<'problem' | 'data' | 'architecture', ExpectedRange[]> & {
  doc: string;
  /** Per role, the headings inside its ranges that are kept out of it, outermost only. */
  cut: Record<'problem' | 'data' | 'architecture', ExpectedCut[]>;
};

const expectedOf = (doc: string): Expected =>
  JSON.parse(
    readFileSync(
      join(FIXTURES, doc.replace(/\.md$/, '.expected.json')),
      'utf8',
    ),
  );
const folded = (text: string) => text.replace(/[\s\u00a0]+/g, ' ').trim();
const rangesOf = (ranges: ExpectedRange[] | undefined, offset = 0) =>
  (ranges ?? []).map((range) => ({
    heading: folded(range.heading),
    depth: range.depth,
    line: range.line + offset,
  }));
const cutsOf = (cuts: ExpectedCut[] | undefined, offset = 0) =>
  (cuts ?? []).map((cut) => ({
    heading: folded(cut.heading),
    line: cut.line + offset,
    why: cut.why,
  }));

const tools = await loadMarkdownTools();

describe('the real design docs, read as single-page designs', () => {
  it('has an expectation for each of the docs, at least twenty-two', () => {
    expect(DOCS.length).toBeGreaterThanOrEqual(22);
    const expectations = readdirSync(FIXTURES).filter((name) =>
      name.endsWith('.expected.json'),
    );
    expect(expectations).toHaveLength(DOCS.length);
    for (const doc of DOCS) expect(expectedOf(doc).doc).toBe(doc);
  });

  it.each(DOCS)(
    '%s: each role gets the heading ranges a reader would feed it',
    (doc) => {
      const content = readFileSync(join(FIXTURES, doc), 'utf8');
      const read = analyzePageDesign(
        {file: doc},
        content,
        'md',
        tools,
        DEFAULT_MATCHERS,
      );
      const expected = expectedOf(doc);
      for (const role of ROLES) {
        expect(rangesOf(read.sections[role]?.ranges), `${doc} ${role}`).toEqual(
          rangesOf(expected[role]),
        );
        // What is cut out of each role is listed, so nothing is dropped without a word.
        expect(cutsOf(read.sections[role]?.cut), `${doc} ${role} cut`).toEqual(
          cutsOf(expected.cut[role]),
        );
      }
      // Missing only what a reader finds missing: a doc a reader sees as complete is complete.
      expect(read.missing).toEqual(
        ROLES.filter((role) => expected[role].length === 0),
      );

      // No line is fed twice: a range taken for one role is cut out of the others.
      for (const role of ROLES.filter((role) => expected[role].length > 0)) {
        const text = read.prompt.find(
          (section) => section.role === role,
        )!.markdown;
        expect(text.length, `${doc} ${role} text`).toBeGreaterThan(200);
        for (const other of ROLES.filter((candidate) => candidate !== role)) {
          for (const range of expected[other].slice(
            role === 'architecture' ? 0 : 1,
          )) {
            expect(
              text,
              `${doc}: ${other} heading "${range.heading}" inside ${role}`,
            ).not.toMatch(
              new RegExp(
                `^#+ ${folded(range.heading).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
                'm',
              ),
            );
          }
        }
      }
    },
  );

  it.each(DOCS)(
    '%s: no source line is fed twice, and none from a chapter of the doc that is no input',
    (doc) => {
      const content = readFileSync(join(FIXTURES, doc), 'utf8');
      const outline = buildOutline(
        tools.parseDoc(content, 'md'),
        DEFAULT_MATCHERS,
      );
      const taken = assignRanges(outline);
      const fed = new Map<number, string>();
      for (const range of taken) {
        const owner = `${range.role} "${range.heading.text}"`;
        for (const block of rangeBlocks(outline, range, taken)) {
          const {start, end} = block.position!;
          for (let line = start.line; line <= end.line; line++) {
            expect(fed.get(line), `${doc} line ${line} in ${owner}`).toBe(
              undefined,
            );
            fed.set(line, owner);
          }
        }
      }
      expect(fed.size).toBeGreaterThan(0);
      // The doc's own Deploy, pilot, monitoring, integration, metrics chapters: none of their
      // lines reach the prompt but a requirements part or the model's architecture (rule 2).
      const takenInside = (first: number, last: number) =>
        taken.some(
          (range) => range.heading.line >= first && range.heading.line <= last,
        );
      for (const heading of outline.headings) {
        if (heading.match?.kind !== 'excluded' || !isChapter(outline, heading))
          continue;
        const first = heading.line;
        const last =
          outline.blocks[heading.end - 1]?.position?.end.line ?? first;
        const kept = taken.filter(
          (range) =>
            range.heading.line > first &&
            range.heading.line <= last &&
            range.heading.match?.kind === 'role' &&
            range.heading.match.anywhere,
        );
        for (let line = first; line <= last; line++) {
          const inKept = kept.some(
            (range) =>
              line >= range.heading.line &&
              line <=
                (outline.blocks[range.heading.end - 1]?.position?.end.line ??
                  0),
          );
          if (!inKept)
            expect(
              fed.get(line),
              `${doc} line ${line} of "${heading.text}"`,
            ).toBe(undefined);
        }
        expect(takenInside(first, last)).toBe(kept.length > 0);
      }
    },
  );

  it('takes none of the docs for a design unless it is opted in: they are ordinary pages then', () => {
    const files = DOCS.map((doc) => ({
      path: doc,
      content: readFileSync(join(FIXTURES, doc), 'utf8'),
    }));
    const options = discoverOptions();
    expect(findDesigns(files, options)).toEqual([]);
    expect(
      findDesigns(
        files.map((file) => ({...file, path: `docs/${file.path}`})),
        options,
      ),
    ).toEqual([]);
  });

  it('never takes a table of contents for a section, even when it repeats the headings as real headings', () => {
    const doc = 'ml_system_design_resumematching__ml_system_design_doc.md';
    const read = analyzePageDesign(
      {file: doc},
      readFileSync(join(FIXTURES, doc), 'utf8'),
      'md',
      tools,
      DEFAULT_MATCHERS,
    );
    expect(read.sections.problem?.ranges?.[0]?.line).toBe(74);
    expect(
      read.prompt.find((section) => section.role === 'problem')!.markdown,
    ).toContain('ResumeMatching');
  });
});

describe.sequential('a handbook made of the real docs', () => {
  let site: string;

  beforeAll(async () => {
    site = await copyFixtureSite('real-site');
    for (const doc of DOCS) {
      await writeFile(
        join(site, 'docs', doc),
        `---\nmlsd: true\n---\n${await readFile(join(FIXTURES, doc), 'utf8')}`,
      );
    }
    // Some docs link to files of their own repositories that are not among the fixtures.
    const stubs = [
      'datasets.md',
      'baseline_model_evaluation.md',
      'eda',
      'eda/datasets_overview.md',
      'research_documents/AIRI_datasets_research.pdf',
      'research_documents/AIRI_research.pdf',
      'cases/abc',
      'cases/abc/description.md',
      'cases/sales',
      ...[
        'description',
        'negotiations_scheme',
        'buyer_profile',
        'buyer_pain_points',
        'sales_profile',
        'negotiations_example',
      ].map((name) => `cases/sales/${name}.md`),
    ];
    for (const [i, slug] of stubs.entries()) {
      await writeFile(
        join(site, 'docs', `stub-${i}.md`),
        `---\nslug: /${slug}\n---\n# ${slug}\n\nA page a real doc links to.\n`,
      );
    }
  });

  afterAll(async () => {
    if (site) await rm(site, {recursive: true, force: true});
  });

  it('status --json lists every doc as a design with all three roles on the right headings', async () => {
    const result = await docusaurus(['mlsd', 'status', '--json'], {
      cwd: site,
      env: cleanEnv(),
    });
    expect(result.code, result.output).toBe(0);
    const {designs} = JSON.parse(result.stdout) as {
      designs: {
        id: string;
        path: string;
        kind: string;
        state: string;
        sections: Record<
          string,
          {file: string; heading: string; ranges: ExpectedRange[]} | null
        >;
      }[];
    };
    expect(designs.map((design) => design.id).sort()).toEqual(
      DOCS.map((doc) => doc.replace(/\.md$/, '')).sort(),
    );
    for (const design of designs) {
      const expected = expectedOf(`${design.id}.md`);
      expect(design.kind).toBe('page');
      expect(design.path).toBe(`${design.id}.md`);
      // Incomplete only where a reader finds a role missing.
      expect(design.state).toBe(
        ROLES.some((role) => expected[role].length === 0)
          ? 'incomplete'
          : 'missing',
      );
      for (const role of ROLES) {
        // Three lines of front matter were put above each doc.
        expect(
          rangesOf(design.sections[role]?.ranges),
          `${design.id} ${role}`,
        ).toEqual(rangesOf(expected[role], 3));
        if (expected[role].length > 0)
          expect(design.sections[role]?.file).toBe(`${design.id}.md`);
      }
    }
  }, 60_000);

  it('builds, with each Deploy page in the sidebar right after its design', async () => {
    const result = await buildSite(site, cleanEnv());
    expect(result.code, result.output).toBe(0);
    const incomplete = DOCS.filter((doc) =>
      ROLES.some((role) => expectedOf(doc)[role].length === 0),
    ).length;
    expect(result.output).toContain(
      `${DOCS.length} designs: 0 from cache, 0 pinned, 0 generated, 0 stale, 0 failed, ${incomplete} incomplete, ${DOCS.length - incomplete} not generated`,
    );
    const html = await readFile(join(site, 'build', 'index.html'), 'utf8');
    const links = [
      ...html.matchAll(/class="menu__link[^"]*"[^>]*href="([^"]+)"/g),
    ].map((match) => match[1]!);
    for (const doc of DOCS) {
      const id = doc.replace(/\.md$/, '');
      const at = links.indexOf(`/${id}`);
      expect(at, `${id} in the sidebar`).toBeGreaterThanOrEqual(0);
      expect(links[at + 1]).toBe(`/${id}-deploy`);
    }
    const page = await readFile(
      join(
        site,
        'build',
        'ml_system_design_resumematching__ml_system_design_doc-deploy',
        'index.html',
      ),
      'utf8',
    );
    expect(page).toContain('data-mlsd-state="missing"');
    expect(page).toContain('### 1. Цели и предпосылки');
  }, 480_000);
});
