import picomatch from 'picomatch';
import type {
  Design,
  DocFile,
  PageDesign,
  PageSections,
  SectionSource,
} from './design';
import {pageTitle, splitFrontMatter} from './frontMatter';
import {
  defaultNumberPrefix,
  type NumberPrefix,
  type NumberPrefixParser,
} from './numberPrefix';
import {GENERATED_MARKER} from './page';
import type {RoleMatcher} from './matchers';
import {HANDBOOK_NUMBERS, ROLES, isRole, noSections, type Role} from './roles';
import {classifyTitle, titleNumber} from './titles';

/** What discovery needs besides the pages: how to read them, and which to take. */
export interface FindDesignsOptions {
  matchers: readonly RoleMatcher[];
  /** File name of the generated page in a folder design. */
  outputFileName: string;
  /** Globs (relative to the docs folder) of pages that are single-page designs. */
  include?: readonly string[];
  /** A single-page design's roles from its headings (`analyzePageDesign`, cached by the caller). */
  readPage: (file: DocFile) => PageSections;
  /** A page's front matter and title (`pageHead`), maybe cached: a rebuild parses no YAML again. */
  readHead?: (file: DocFile) => PageHead;
  /** Category metadata by folder path (from `_category_.json`, `.yml` or `.yaml`). */
  categories?: Readonly<Record<string, {label?: string; mlsd?: boolean}>>;
  /** The docs instance's `numberPrefixParser`. Default: the docs plugin's default rule. */
  numberPrefix?: NumberPrefixParser;
}

/** What discovery reads of a page besides its sections: the front matter it uses, and the title. */
export interface PageHead {
  /** `mlsd`, `mlsd_section`, `mlsd_template` and `sidebar_position`, when they are plain values. */
  data: Record<string, string | number | boolean>;
  title?: string;
}

const HEAD_FIELDS = [
  'mlsd',
  'mlsd_section',
  'sidebar_position',
  'mlsd_template',
] as const;

/** The front matter fields discovery uses, and the page's title. Pure; its result is plain JSON. */
export function pageHead(content: string): PageHead {
  const {data, body} = splitFrontMatter(content);
  const kept: PageHead['data'] = {};
  for (const field of HEAD_FIELDS) {
    const value = data[field] as string | number | boolean;
    if (['string', 'boolean'].includes(typeof value) || Number.isFinite(value))
      kept[field] = value;
  }
  const title = pageTitle(data, body);
  return title === undefined ? {data: kept} : {data: kept, title};
}

interface PageInfo {
  file: DocFile;
  name: string;
  /** The file name without extension, as the number prefix rule read it. */
  parsed: NumberPrefix;
  title?: string;
  data: Readonly<Record<string, unknown>>;
}

// The pages discovery reads and the designs it finds, as `core/design` declares them.
export type {Design, DocFile};

export function isGeneratedPage(content: string): boolean {
  return content.slice(0, 400).includes(GENERATED_MARKER);
}

/** True when the page was written by this plugin, from what the edge knows, else from its text. */
export function isGeneratedFile(file: DocFile): boolean {
  return file.generated ?? isGeneratedPage(file.content);
}

/** A design's own pages: its single page, or its sections' pages in role order. */
export const designFiles = (design: Design): (string | undefined)[] =>
  design.kind === 'page'
    ? [design.file]
    : ROLES.map((role) => design.sections[role]?.file);

const dirOf = (path: string) =>
  path.slice(0, Math.max(0, path.lastIndexOf('/')));
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Sidebar position of a page as the docs plugin computes it, when it has one. */
const pagePosition = ({data, parsed}: PageInfo): number | undefined =>
  typeof data.sidebar_position === 'number'
    ? data.sidebar_position
    : parsed.numberPrefix;

const after = (position?: number) =>
  position === undefined ? undefined : position + 0.5;

/** The role a folder page plays, and why: `mlsd_section` front matter, else its title. */
function pageRole(
  page: PageInfo,
  matchers: readonly RoleMatcher[],
): {role: Role; reason: string; numbered: boolean} | undefined {
  const declared = page.data.mlsd_section;
  if (isRole(declared))
    return {
      role: declared,
      reason: `front matter mlsd_section: ${declared}`,
      numbered: true,
    };
  if (!page.title) return undefined;
  const match = classifyTitle(page.title, matchers);
  if (match?.kind !== 'role') return undefined;
  const numbered = titleNumber(page.title) === HANDBOOK_NUMBERS[match.role];
  return {
    role: match.role,
    reason: `page title matched ${match.name}${numbered ? ' (handbook numbering)' : ''}`,
    numbered,
  };
}

/** A single-page design (marked, or included): its output beside it, placed right after it. */
function pageDesign(page: PageInfo, read: PageSections): PageDesign {
  const dir = dirOf(page.file.path);
  const stem = page.name.replace(/\.mdx?$/, '');
  return {
    id: page.file.path.replace(/\.mdx?$/, ''),
    kind: 'page',
    dir,
    file: page.file.path,
    title: page.title ?? stem,
    sections: read.sections,
    missing: read.missing,
    ...(read.closest ? {closest: read.closest} : {}),
    ...(read.overrideProblems ? {overrideProblems: read.overrideProblems} : {}),
    // `name.mlsd-deploy.mdx` sorts right after `name.md(x)` among pages without a position.
    outputFile: `${dir ? `${dir}/` : ''}${stem}.mlsd-deploy.mdx`,
    outputId: `${page.parsed.filename}-deploy`,
    sidebarPosition: after(pagePosition(page)),
    reason:
      page.data.mlsd === true
        ? 'front matter mlsd: true'
        : 'matched the `include` option',
  };
}

/**
 * Finds the designs in a docs tree. Pure. A page is one when marked `mlsd: true` or `include`d; a
 * folder when its pages cover two roles, numbered as the handbook's (`1.`, `3.`, `4.`) or marked
 * (`mlsd_section`, or the category's `customProps: {mlsd: true}`). `mlsd: false` keeps one out.
 */
export function findDesigns(
  files: readonly DocFile[],
  options: FindDesignsOptions,
): Design[] {
  const numberPrefix = options.numberPrefix ?? defaultNumberPrefix;
  const included = options.include?.length
    ? picomatch([...options.include])
    : () => false;
  const byDir = new Map<string, PageInfo[]>();
  const designs: Design[] = [];
  for (const file of files) {
    if (isGeneratedFile(file)) continue;
    const head = options.readHead?.(file) ?? pageHead(file.content);
    // The site's own front matter parser, when it has one, is the one Docusaurus reads with.
    const data: Record<string, unknown> = file.frontMatter ?? head.data;
    if (data.mlsd === false) continue;
    const name = baseName(file.path);
    const page: PageInfo = {
      file,
      name,
      parsed: numberPrefix(name.replace(/\.mdx?$/, '')),
      title:
        typeof file.frontMatter?.title === 'string'
          ? file.frontMatter.title
          : head.title,
      data,
    };
    if (data.mlsd === true || included(file.path)) {
      designs.push(pageDesign(page, options.readPage(file)));
      continue;
    }
    const dir = dirOf(file.path);
    const pages = byDir.get(dir) ?? [];
    pages.push(page);
    byDir.set(dir, pages);
  }

  for (const [dir, pages] of byDir) {
    const category = options.categories?.[dir];
    if (category?.mlsd === false) continue;
    pages.sort(
      (a, b) =>
        (pagePosition(a) ?? Infinity) - (pagePosition(b) ?? Infinity) ||
        a.name.localeCompare(b.name),
    );
    const sections: Record<Role, SectionSource | null> = noSections();
    const ignored: SectionSource[] = [];
    let numbered = 0;
    for (const page of pages) {
      const found = pageRole(page, options.matchers);
      if (!found) continue;
      const source: SectionSource = {
        role: found.role,
        file: page.file.path,
        heading: page.title ?? page.name,
        reason: found.reason,
      };
      if (sections[found.role]) {
        ignored.push(source);
        continue;
      }
      sections[found.role] = source;
      if (found.numbered) numbered++;
    }
    const roles = ROLES.filter((role) => sections[role]);
    const marked = category?.mlsd === true;
    if (roles.length < 2 || (numbered < 2 && !marked)) continue;

    // The last page numbered as one of the sections before Deploy (`1.` to `5.`).
    const anchor = pages
      .filter((page) => (titleNumber(page.title ?? '') ?? 6) < 6)
      .at(-1);
    designs.push({
      id: dir || '.',
      kind: 'folder',
      dir,
      title: category?.label ?? (baseName(dir) || 'docs'),
      sections,
      missing: ROLES.filter((role) => !sections[role]),
      ignored,
      outputFile: dir
        ? `${dir}/${options.outputFileName}`
        : options.outputFileName,
      sidebarPosition: after(anchor && pagePosition(anchor)),
      reason: marked
        ? 'its category is marked `customProps: {mlsd: true}`'
        : `its pages are sections ${roles.map((role) => HANDBOOK_NUMBERS[role]).join(', ')} of a design`,
    });
  }
  return designs.sort((a, b) => a.id.localeCompare(b.id));
}
