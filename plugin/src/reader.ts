import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {
  pageHead,
  type Design,
  type DocFile,
  type PageHead,
} from './core/discover';
import {canonicalJson, sha256} from './core/key';
import {loadMarkdownTools, type MarkdownTools} from './core/markdown';
import {analyzePageDesign, type PageDesignSections} from './core/pageDesign';
import type {PromptSection} from './core/prompt';
import {ROLE_TITLES, ROLES, type Role, type RoleMatcher} from './core/roles';
import {extractPageSection} from './core/sections';
import type {RunContext} from './context';
import {MlsdError} from './errors';
import {mapLimit} from './files';
import {SectionCache} from './sectionCache';
import type {ReadingAsked} from './worker';
import {WorkerLost, type WorkerPool} from './workers';

/**
 * What a run needs of a section reading when the page is left as it is: kept apart from its
 * text, which is read only where a prompt is made again (see `SectionCache`).
 */
interface SectionFacts {
  title: string;
  mdxError?: string;
  /** The section holds no text: a heading alone. */
  blank: boolean;
  oversize?: true;
}

/** A single-page design's reading but for its texts (see `SectionFacts`). */
interface PageFacts extends Omit<PageDesignSections, 'prompt'> {
  prompt: {role: PromptSection['role']; title: string; blank: boolean}[];
}

/**
 * Cache kinds of texts (sections' and single-page designs' readings, sanitized answers): large,
 * and read only when asked for.
 */
const TEXT_KINDS = ['section-', 'page-', 'answer-mdx'];

/** Pages a run has the worker threads read at once (`readAhead`). */
const READ_AHEAD_IN_FLIGHT = 64;

/** Version of how sections are read from pages: bump it when that changes, to drop cached readings. */
const SECTION_READING_VERSION = `2/${(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {version: string}).version}`;

/**
 * A prompt section whose text is read when asked for. A class, where an object literal with a
 * getter would do: V8 keeps such a literal as a dictionary of about 450 bytes, and a run plans
 * three sections a design.
 */
class LazySection implements PromptSection {
  readonly #read: () => string;

  constructor(
    readonly role: Role,
    readonly title: string,
    readonly blank: boolean | undefined,
    read: () => string,
  ) {
    this.#read = read;
  }

  get markdown(): string {
    return this.#read();
  }
}

/**
 * How Docusaurus reads a page: as MDX, unless the site's `markdown.format` is `md`, or `detect`
 * and the page is `.md`.
 */
export function formatOf(
  file: string,
  markdownFormat: RunContext['markdownFormat'],
): 'md' | 'mdx' {
  if (markdownFormat === 'md') return 'md';
  if (markdownFormat === 'detect') return file.endsWith('.mdx') ? 'mdx' : 'md';
  return 'mdx';
}

/**
 * Thrown by a reader made without Markdown tools when a page must be parsed: the caller loads
 * them (a few hundred milliseconds of imports a rebuild with nothing changed does without) and
 * reads again.
 */
export class MarkdownToolsNeeded extends Error {
  constructor() {
    super('Markdown tools are needed to read a changed page');
  }
}

/** The digest of a page's bytes: taken when the tree was read, else from its text. */
export function digestOf(file: DocFile): string {
  return file.digest ?? sha256(file.content);
}

/** Names a page's parse error by file, line and column, with what to do. */
function parseError(file: string, error: unknown): Error {
  if (error instanceof MlsdError || error instanceof MarkdownToolsNeeded) {
    return error;
  }
  const {line, column, reason} = error as {
    line?: number;
    column?: number;
    reason?: string;
  };
  const where = line ? `${file}:${line}:${column ?? 1}` : file;
  const what = reason ?? (error as Error).message;
  return new MlsdError(
    `Cannot read ${where}: ${what}. Fix the page's syntax there (Docusaurus cannot build it either), or set the site's \`markdown.format\` to read \`.md\` pages as CommonMark.`,
    {cause: error},
  );
}

/** Reads sections out of the pages of one docs tree, each page parsed at most once. */
export interface SectionReader {
  /** The roles of a single-page design, and their text. */
  page(file: DocFile): PageDesignSections;
  /** A page's front matter and title, as discovery reads them. */
  head(file: DocFile): PageHead;
  /** The prompt sections of a design, in role order. */
  promptSections(design: Design): PromptSection[];
  /**
   * Names the readings `promptSections` gives a design's sections from: equal names, equal
   * sections (within one cache signature). A rebuild recognizes an unchanged design by it
   * without hashing its text again.
   */
  sectionsIdentity(design: Design): string;
  /** Pages read as CommonMark because they are not valid MDX, with where and why. */
  problems: Map<string, string>;
  /** The local cache of readings: for counts that are as costly to redo (token counts). */
  cache: SectionCache;
  /** The Markdown tools: `undefined` until a page must be parsed (see `MarkdownToolsNeeded`). */
  tools: MarkdownTools | undefined;
  /**
   * Makes sure the text of each section can be read: one the cache has lost is parsed again,
   * the Markdown tools loaded for it. Call before reading `markdown` where tools may be missing.
   */
  texts(sections: readonly PromptSection[]): Promise<void>;
  /**
   * Lets go of the pages and readings held, once the run is done (see `releasePlan`); with
   * `keepReadings`, of the pages only (plans still to be asked read their texts from it).
   */
  release(options?: {keepReadings?: boolean}): void;
  /** Keeps the readings of this run for the next one (see `SectionCache.save`). */
  save(options?: {keepUnused?: boolean}): Promise<void>;
  /**
   * Runs `read` (which reads through this reader) without parsing anything: each reading not
   * cached yet is noted, and `read` is given a stand-in (an empty one). Gives the pages and
   * readings noted, for `readAhead`.
   */
  gather(read: () => void): Map<string, PageToRead>;
  /**
   * Makes the readings `gather` noted in worker threads, and keeps them in the cache. A page the
   * workers cannot read (invalid UTF-8, broken front matter, changed since it was listed, too
   * large for a worker) is left to the run, which reads it itself and says why.
   */
  readAhead(pages: Map<string, PageToRead>, pool: WorkerPool): Promise<void>;
}

/** A page whose readings a run lacks, and which ones (see `SectionReader.gather`). */
export interface PageToRead {
  file: DocFile;
  /** Cache kinds of the readings, in the order of `asked`. */
  kinds: string[];
  asked: ReadingAsked[];
}

/**
 * Makes the reader of a run. Parsing is the costly part of a run, so readings are kept by the
 * digest of each page's bytes in the local section cache, and a rebuild parses only the pages
 * that changed.
 */
export async function createSectionReader(
  ctx: Pick<
    RunContext,
    'stateDir' | 'markdownFormat' | 'docsDir' | 'residentShards'
  >,
  files: readonly DocFile[],
  md: MarkdownTools | undefined,
  matchers: readonly RoleMatcher[],
  maxPromptTokens = Infinity,
): Promise<SectionReader> {
  const cache = await SectionCache.load(
    ctx.stateDir,
    sha256(
      canonicalJson({
        reading: SECTION_READING_VERSION,
        matchers: matchers.map((matcher) => [
          matcher.role,
          String(matcher.pattern),
        ]),
      }),
    ),
    TEXT_KINDS,
    ctx.residentShards,
  );
  const byPath = new Map(files.map((file) => [file.path, file]));
  // A section page of more characters than this cannot fit `maxPromptTokens` once read: even
  // in ASCII a token is about four characters, and reading drops little but images and markup.
  const oversize = Math.max(maxPromptTokens, 1000) * 16;
  const problems = new Map<string, string>();
  const notValidMdx = (path: string, error: string | undefined) => {
    if (!error) return;
    const [where, ...why] = error.split(': ');
    problems.set(
      `${join(ctx.docsDir, path)}${why.length ? `:${where}` : ''}`,
      `not valid MDX (${why.length ? why.join(': ') : where}); its sections are read as CommonMark, but Docusaurus will stop on it. Fix the syntax there, or set the site's \`markdown.format: 'detect'\` to read \`.md\` pages as CommonMark.`,
    );
  };
  const fileOf = (path: string): DocFile => {
    const file = byPath.get(path);
    if (file === undefined) throw new Error(`${path} is not in the docs tree`);
    return file;
  };
  const tools = (): MarkdownTools => {
    if (!reader.tools) throw new MarkdownToolsNeeded();
    return reader.tools;
  };
  let gathering: Map<string, PageToRead> | undefined;
  /** A reading from the cache, else made by `make`; while gathering, noted and stood in for. */
  const reading = <T>(
    kind: string,
    file: DocFile,
    asked: ReadingAsked,
    standIn: T,
    make: () => T,
  ): T => {
    const digest = digestOf(file);
    if (gathering && cache.peek(kind, digest) === undefined) {
      let page = gathering.get(file.path);
      if (!page)
        gathering.set(file.path, (page = {file, kinds: [], asked: []}));
      if (!page.kinds.includes(kind)) {
        page.kinds.push(kind);
        page.asked.push(asked);
      }
      return standIn;
    }
    return cache.get(kind, digest, make);
  };
  /** `reading`, its parse errors named by the page's file, line and column. */
  const readingOf: typeof reading = (kind, file, ...rest) => {
    try {
      return reading(kind, file, ...rest);
    } catch (error) {
      throw parseError(join(ctx.docsDir, file.path), error);
    }
  };
  /**
   * The facts of a reading (see `SectionFacts`), kept apart from its text, which is retained
   * unread; made from the reading when new. A stand-in (while gathering) is not kept.
   */
  const factsOf = <R, F>(
    factsKind: string,
    kind: string,
    digest: string,
    read: () => R,
    standIn: R,
    derive: (read: R) => F,
  ): F => {
    const known = cache.peek<F>(factsKind, digest);
    if (known !== undefined) {
      cache.get(factsKind, digest, () => known);
      cache.retain(kind, digest);
      return known;
    }
    const made = read();
    const facts = derive(made);
    if (made !== standIn) cache.set(factsKind, digest, facts);
    return facts;
  };
  /** What a page design reads as while gathering (see `reading`): one for every page. */
  const pageStandIn: PageDesignSections = {
    sections: Object.fromEntries(
      ROLES.map((role) => [role, null]),
    ) as PageDesignSections['sections'],
    missing: [...ROLES],
    prompt: [],
  };
  const page = (file: DocFile): PageDesignSections => {
    const format = formatOf(file.path, ctx.markdownFormat);
    const kind = `page-${format}`;
    const factsKind = `pagefacts-${format}`;
    const digest = digestOf(file);
    const full = (): PageDesignSections =>
      readingOf(kind, file, {kind: 'page', format, matchers}, pageStandIn, () =>
        analyzePageDesign({file: ''}, file.content, format, tools(), matchers),
      );
    // Where each role's text is, and the facts of the texts: enough unless a prompt is made.
    const facts = factsOf(
      factsKind,
      kind,
      digest,
      full,
      pageStandIn,
      (read): PageFacts => ({
        sections: read.sections,
        missing: read.missing,
        prompt: read.prompt.map(({role, title, markdown}) => ({
          role,
          title,
          blank: !markdown.trim(),
        })),
        ...(read.mdxError ? {mdxError: read.mdxError} : {}),
      }),
    );
    notValidMdx(file.path, facts.mdxError);
    // Readings are cached by content, whatever the page's name: the name is put back here.
    const sections = Object.fromEntries(
      ROLES.map((role) => {
        const source = facts.sections[role];
        return [role, source ? {...source, file: file.path} : null];
      }),
    ) as PageDesignSections['sections'];
    return {
      sections,
      missing: facts.missing,
      prompt: facts.prompt.map(
        ({role, title, blank}, i) =>
          new LazySection(role, title, blank, () => full().prompt[i]!.markdown),
      ),
      ...(facts.mdxError ? {mdxError: facts.mdxError} : {}),
    };
  };
  const promptSections = (design: Design): PromptSection[] => {
    try {
      if (design.kind === 'page') {
        return page(fileOf(design.file)).prompt;
      }
      return ROLES.flatMap((role) => {
        const source = design.sections[role];
        if (!source) return [];
        const format = formatOf(source.file, ctx.markdownFormat);
        const file = fileOf(source.file);
        const kind = `section-${format}-${source.heading}`;
        const factsKind = `facts-${format}-${source.heading}`;
        const digest = digestOf(file);
        type Reading = ReturnType<typeof extractPageSection> & {
          oversize?: true;
        };
        const standIn: Reading = {title: source.heading, markdown: ''};
        const text = (): Reading =>
          readingOf<Reading>(
            kind,
            file,
            {kind: 'section', format, heading: source.heading, oversize},
            standIn,
            () =>
              file.content.length > oversize
                ? // Far over any prompt limit: parsing it would take minutes and change
                  // nothing, since such a prompt is never sent. Its text goes in as it is
                  // (not kept in the cache), and the design is too large.
                  {title: source.heading, markdown: '', oversize: true as const}
                : extractPageSection(
                    file.content,
                    format,
                    tools(),
                    source.heading,
                  ),
          );
        // The facts of the reading are enough unless a prompt is made: its text is read then.
        const facts = factsOf(
          factsKind,
          kind,
          digest,
          text,
          standIn,
          (read): SectionFacts => ({
            title: read.title,
            blank: read.oversize ? !file.content.trim() : !read.markdown.trim(),
            ...(read.mdxError ? {mdxError: read.mdxError} : {}),
            ...(read.oversize ? {oversize: true as const} : {}),
          }),
        );
        notValidMdx(source.file, facts.mdxError);
        const oversized = facts.oversize === true;
        return [
          new LazySection(
            role,
            oversized ? facts.title : facts.title || ROLE_TITLES[role],
            facts.blank,
            () => (oversized ? file.content : text().markdown),
          ),
        ];
      });
    } catch (error) {
      if (error instanceof MarkdownToolsNeeded || error instanceof MlsdError) {
        throw error;
      }
      throw new MlsdError(
        `Cannot read the sections of design ${design.id} in ${ctx.docsDir}: ${(error as Error).message}`,
        {cause: error},
      );
    }
  };
  const sectionsIdentity = (design: Design): string => {
    if (design.kind === 'page') {
      const file = fileOf(design.file);
      return `page-${formatOf(file.path, ctx.markdownFormat)}:${digestOf(file)}`;
    }
    return JSON.stringify([
      oversize,
      ROLES.map((role) => {
        const source = design.sections[role];
        if (!source) return null;
        // The digest decides the text, and so whether it is over `oversize` too.
        return [
          formatOf(source.file, ctx.markdownFormat),
          source.heading,
          digestOf(fileOf(source.file)),
        ];
      }),
    ]);
  };
  const head = (file: DocFile): PageHead =>
    reading('head', file, {kind: 'head'}, {data: {}}, () =>
      pageHead(file.content),
    );
  const gather = (read: () => void): Map<string, PageToRead> => {
    const gathered = new Map<string, PageToRead>();
    gathering = gathered;
    try {
      read();
    } catch {
      // Stand-ins can lead discovery astray: what it read up to here is worth reading ahead,
      // and a real error comes again, with its message, when the run reads for real.
    } finally {
      gathering = undefined;
    }
    return gathered;
  };
  const readAhead = async (
    pages: Map<string, PageToRead>,
    pool: WorkerPool,
  ): Promise<void> => {
    // A bounded number at a time: each call waiting in the worker's queue is memory.
    await mapLimit(
      [...pages.values()],
      READ_AHEAD_IN_FLIGHT,
      async ({file, kinds, asked}) => {
        let read;
        try {
          read = await pool.call(
            'read',
            join(ctx.docsDir, file.path),
            digestOf(file),
            asked,
          );
        } catch (error) {
          if (error instanceof WorkerLost || error instanceof MlsdError) return;
          throw error;
        }
        if (read.invalidUtf8) return;
        for (const [i, kind] of kinds.entries()) {
          const made = read.values[i]!;
          if ('value' in made) cache.set(kind, digestOf(file), made.value);
        }
      },
    );
  };
  const texts = async (sections: readonly PromptSection[]): Promise<void> => {
    for (const section of sections) {
      try {
        void section.markdown;
      } catch (error) {
        if (!(error instanceof MarkdownToolsNeeded)) throw error;
        reader.tools ??= await loadMarkdownTools();
        void section.markdown;
      }
    }
  };
  const reader: SectionReader = {
    page,
    texts,
    head,
    promptSections,
    sectionsIdentity,
    problems,
    cache,
    tools: md,
    save: (options) => cache.save(options),
    release: ({keepReadings = false} = {}) => {
      if (!keepReadings) cache.release();
      byPath.clear();
      problems.clear();
    },
    gather,
    readAhead,
  };
  return reader;
}
