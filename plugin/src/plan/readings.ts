import {join} from 'node:path';
import {
  pageHead,
  type Design,
  type DocFile,
  type PageHead,
} from '../core/discover';
import type {SectionSource} from '../core/design';
import {sha256} from '../core/key';
import {
  markdownTools,
  MarkdownToolsNeeded,
  parseFailure,
} from '../core/markdown';
import {analyzePageDesign, type PageDesignSections} from '../core/pageDesign';
import {OverrideFieldError} from '../core/overrides';
import type {PromptSection} from '../core/prompt';
import type {RoleMatcher} from '../core/matchers';
import {noSections, ROLE_TITLES, ROLES, type Role} from '../core/roles';
import {extractPageSection} from '../core/sections';
import {MlsdError} from '../errors';
import type {Memo, PageFacts, SectionFacts} from '../memo/memo';

/** How Docusaurus reads a page: MDX, unless `markdown.format` is `md` (or `detect`, for `.md`). */
function formatOf(
  file: string,
  markdownFormat: 'mdx' | 'md' | 'detect' = 'mdx',
): 'md' | 'mdx' {
  if (markdownFormat === 'detect') return file.endsWith('.mdx') ? 'mdx' : 'md';
  return markdownFormat === 'md' ? 'md' : 'mdx';
}

/** A prompt section read from its page when first asked for: the memo keeps facts, not texts. */
class LazySection implements PromptSection {
  /** UTF-8 bytes, outside the JS heap: a first run holds every text until its page is written. */
  #text: Buffer | undefined;

  constructor(
    readonly role: Role,
    readonly title: string,
    readonly blank: boolean,
    private readonly read: () => string,
    text?: string,
  ) {
    if (text !== undefined) this.#text = Buffer.from(text);
  }

  get markdown(): string {
    this.#text ??= Buffer.from(this.read());
    return this.#text.toString();
  }
}

/** The digest of a page's bytes: taken when the tree was read, else from its text. */
export function digestOf(file: DocFile): string {
  return file.digest ?? sha256(file.content);
}

/** Names a page's parse error by file, line and column, with what to do. */
function parseError(file: string, error: unknown): Error {
  if (error instanceof MlsdError || error instanceof MarkdownToolsNeeded)
    return error;
  if (error instanceof OverrideFieldError)
    return new MlsdError(`${error.message}. Fix the front matter of ${file}.`, {
      cause: error,
    });
  const {at, why} = parseFailure(error);
  return new MlsdError(
    `Cannot read ${at ? `${file}:${at}` : file}: ${why}. Fix the page's syntax there (Docusaurus cannot build it either), or set the site's \`markdown.format\` to read \`.md\` pages as CommonMark.`,
    {cause: error},
  );
}

/** What the readings need: where the docs are, how they are read, and the memo. */
export interface ReadingsOptions {
  memo: Memo;
  docsDir: string;
  /** For a locale's tree: the docs folder, where its pages not `localized` are. */
  defaultDocsDir?: string;
  markdownFormat?: 'mdx' | 'md' | 'detect';
  matchers: readonly RoleMatcher[];
  maxPromptTokens: number;
}

/**
 * Reads sections out of the pages of one docs tree, memoized by page digest: parsing is costly,
 * and only changed pages need it.
 */
export function createReadings(
  files: readonly DocFile[],
  options: ReadingsOptions,
) {
  const {memo, docsDir, defaultDocsDir, markdownFormat} = options;
  const byPath = new Map(files.map((file) => [file.path, file]));
  /** A page's file, in the folder it was read from. */
  const fileName = (path: string) =>
    join(
      defaultDocsDir && !byPath.get(path)?.localized ? defaultDocsDir : docsDir,
      path,
    );
  // A longer section page cannot fit `maxPromptTokens` once read: a token is ~4 ASCII characters.
  const oversize = Math.max(options.maxPromptTokens, 1000) * 16;
  /** Pages read as CommonMark because they are not valid MDX, with where and why. */
  const problems = new Map<string, string>();
  const notValidMdx = (path: string, error: string | undefined) => {
    if (!error) return;
    const [where, ...why] = error.split(': ');
    problems.set(
      `${fileName(path)}${why.length ? `:${where}` : ''}`,
      `not valid MDX (${why.length ? why.join(': ') : where}); its sections are read as CommonMark, but Docusaurus will stop on it. Fix the syntax there, or set the site's \`markdown.format: 'detect'\` to read \`.md\` pages as CommonMark.`,
    );
  };
  const fileOf = (path: string): DocFile => {
    const file = byPath.get(path);
    if (file === undefined) throw new Error(`${path} is not in the docs tree`);
    return file;
  };
  /** `read` of a page, its parse errors named by the page's file, line and column. */
  const parsing = <T>(file: DocFile, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw parseError(fileName(file.path), error);
    }
  };

  // What readings are kept by in the memo: equal keys, equal readings (see `sectionsIdentity`).
  const pageKey = (file: DocFile) =>
    `${formatOf(file.path, markdownFormat)}:${digestOf(file)}`;
  const sectionKey = (source: SectionSource) => [
    formatOf(source.file, markdownFormat),
    source.heading,
    digestOf(fileOf(source.file)),
  ];

  /** A page's front matter and title, as discovery reads them. */
  const head = (file: DocFile): PageHead =>
    memo.heads.get(digestOf(file), () => pageHead(file.content));

  // Discovery reads a single page, and its prompt reads it again: once a run, so that a page
  // parsed for its readings gives its texts too.
  const pages = new Map<DocFile, PageDesignSections>();
  /** The roles of a single-page design, and their text. */
  const page = (file: DocFile): PageDesignSections => {
    const known = pages.get(file);
    if (known) return known;
    const full = () =>
      parsing(file, () =>
        analyzePageDesign(
          {file: ''},
          file.content,
          formatOf(file.path, markdownFormat),
          markdownTools(),
          options.matchers,
          file.frontMatter,
        ),
      );
    let made: PageDesignSections | undefined;
    const facts = memo.pages.get(pageKey(file), () => {
      made = full();
      return {
        ...made,
        prompt: made.prompt.map(({role, title, markdown}) => ({
          role,
          title,
          blank: !markdown.trim(),
        })),
      } satisfies PageFacts;
    });
    notValidMdx(file.path, facts.mdxError);
    // Readings are kept by content, whatever the page's name: the name is put back here.
    const sections: Record<Role, SectionSource | null> = noSections();
    for (const role of ROLES) {
      const source = facts.sections[role];
      sections[role] = source ? {...source, file: file.path} : null;
    }
    const prompt = facts.prompt.map(
      ({role, title, blank}, i) =>
        new LazySection(
          role,
          title,
          blank,
          () => (made ??= full()).prompt[i]!.markdown,
          made?.prompt[i]!.markdown,
        ),
    );
    // The texts are the sections' now: the closures above must not keep the whole reading alive.
    made = undefined;
    const read = {...facts, sections, prompt};
    pages.set(file, read);
    return read;
  };

  const section = (design: Design, role: Role): PromptSection[] => {
    const source = design.sections[role];
    if (!source) return [];
    const file = fileOf(source.file);
    // A page far over any limit is not parsed (slow, and its prompt is never sent): text as is.
    const read = (): {title: string; markdown: string; mdxError?: string} =>
      file.content.length > oversize
        ? {title: source.heading, markdown: file.content}
        : parsing(file, () =>
            extractPageSection(
              file.content,
              formatOf(source.file, markdownFormat),
              markdownTools(),
              source.heading,
            ),
          );
    let made: ReturnType<typeof read> | undefined;
    const key = JSON.stringify(sectionKey(source));
    const facts = memo.sections.get(key, (): SectionFacts => {
      made = read();
      return {
        title: made.title,
        blank: !made.markdown.trim(),
        ...(made.mdxError ? {mdxError: made.mdxError} : {}),
        ...(file.content.length > oversize ? {oversize: true as const} : {}),
      };
    });
    notValidMdx(source.file, facts.mdxError);
    const lazy = new LazySection(
      role,
      facts.oversize ? facts.title : facts.title || ROLE_TITLES[role],
      facts.blank,
      () => read().markdown,
      made?.markdown,
    );
    // As above: the text is the section's, the parse's result is not kept.
    made = undefined;
    return [lazy];
  };

  /** The prompt sections of a design, in role order. */
  const promptSections = (design: Design): PromptSection[] => {
    try {
      if (design.kind === 'page') return page(fileOf(design.file)).prompt;
      return ROLES.flatMap((role) => section(design, role));
    } catch (error) {
      if (error instanceof MlsdError || error instanceof MarkdownToolsNeeded)
        throw error;
      throw new MlsdError(
        `Cannot read the sections of design ${design.id} in ${docsDir}: ${(error as Error).message}`,
        {cause: error},
      );
    }
  };

  /** Names what `promptSections` gives a design: a rebuild knows it unchanged without reading. */
  const sectionsIdentity = (design: Design): string => {
    if (design.kind === 'page') return `page-${pageKey(fileOf(design.file))}`;
    return JSON.stringify([
      oversize,
      ROLES.map((role) => {
        const source = design.sections[role];
        return source ? sectionKey(source) : null;
      }),
    ]);
  };

  return {head, page, promptSections, sectionsIdentity, problems};
}
