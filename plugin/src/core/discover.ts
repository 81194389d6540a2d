import {pageTitle, splitFrontMatter} from './frontMatter';
import {GENERATED_MARKER} from './page';
import {ROLES, matchRole, titleNumber, type Role, type RoleMatcher} from './roles';

/** One Markdown/MDX page of the docs tree, as the edge read it. */
export interface DocFile {
  /** Path relative to the docs folder, with `/` separators. */
  path: string;
  content: string;
}

/** Where a role's text comes from. */
export interface SectionSource {
  role: Role;
  /** Path of the page, relative to the docs folder. */
  file: string;
  /** The heading (or page title) that opens the section. */
  heading: string;
  /** Why this page was taken for the role. */
  reason: string;
}

/** One ML System Design found in the docs tree. */
export interface Design {
  /** Stable id: the folder path relative to the docs folder. */
  id: string;
  kind: 'folder';
  /** Folder of the design, relative to the docs folder (`''` for the root). */
  dir: string;
  /** Human title: the folder's category label, else its name. */
  title: string;
  sections: Record<Role, SectionSource | null>;
  /** Roles no page matched. */
  missing: Role[];
  /** Pages that matched a role already taken, kept out of the prompt. */
  ignored: SectionSource[];
  /** Path of the generated page, relative to the docs folder. */
  outputFile: string;
  /** Position that puts the generated page right after section 5 (or the last section before 6). */
  sidebarPosition?: number;
}

export interface FindDesignsOptions {
  matchers: readonly RoleMatcher[];
  /** File name of the generated page. */
  outputFileName: string;
  /** Category labels by folder path (from `_category_.json`), for design titles. */
  categoryLabels?: Readonly<Record<string, string>>;
}

interface PageInfo {
  file: DocFile;
  name: string;
  title?: string;
  data: Record<string, unknown>;
}

const NUMBER_PREFIX = /^(\d+)\s*[-_.]+\s*/;

/** True when the page was written by this plugin. */
export function isGeneratedPage(content: string): boolean {
  return content.slice(0, 400).includes(GENERATED_MARKER);
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Sidebar position of a page as the docs plugin computes it, when it has one. */
function pagePosition(page: PageInfo): number | undefined {
  const explicit = page.data.sidebar_position;
  if (typeof explicit === 'number') return explicit;
  const prefix = NUMBER_PREFIX.exec(page.name);
  return prefix ? Number(prefix[1]) : undefined;
}

/**
 * Finds the designs in a docs tree: a folder is a design when its own pages cover at least two of
 * the three roles (problem, data, architecture). Ordinary pages, and folders with one matching
 * page, are never designs. Pure: works on the texts it is given.
 */
export function findDesigns(files: readonly DocFile[], options: FindDesignsOptions): Design[] {
  const byDir = new Map<string, PageInfo[]>();
  for (const file of files) {
    if (isGeneratedPage(file.content)) continue;
    const {data, body} = splitFrontMatter(file.content);
    if (data.mlsd === false) continue;
    const page: PageInfo = {file, name: baseName(file.path), title: pageTitle(data, body), data};
    const dir = dirOf(file.path);
    const pages = byDir.get(dir) ?? [];
    pages.push(page);
    byDir.set(dir, pages);
  }

  const designs: Design[] = [];
  for (const [dir, pages] of [...byDir].sort(([a], [b]) => a.localeCompare(b))) {
    pages.sort((a, b) => (pagePosition(a) ?? Infinity) - (pagePosition(b) ?? Infinity) || a.name.localeCompare(b.name));
    const sections: Record<Role, SectionSource | null> = {problem: null, data: null, architecture: null};
    const ignored: SectionSource[] = [];
    for (const page of pages) {
      if (!page.title) continue;
      const matcher = matchRole(page.title, options.matchers);
      if (!matcher) continue;
      const source: SectionSource = {
        role: matcher.role,
        file: page.file.path,
        heading: page.title,
        reason: `page title matched ${matcher.name}`,
      };
      if (sections[matcher.role]) ignored.push(source);
      else sections[matcher.role] = source;
    }
    const found = ROLES.filter((role) => sections[role]);
    if (found.length < 2) continue;

    const anchor = pages
      .filter((page) => {
        const number = page.title === undefined ? undefined : titleNumber(page.title);
        return number !== undefined && number < 6;
      })
      .at(-1);
    const anchorPosition = anchor && pagePosition(anchor);
    designs.push({
      id: dir || '.',
      kind: 'folder',
      dir,
      title: options.categoryLabels?.[dir] ?? (baseName(dir) || 'docs'),
      sections,
      missing: ROLES.filter((role) => !sections[role]),
      ignored,
      outputFile: dir ? `${dir}/${options.outputFileName}` : options.outputFileName,
      sidebarPosition: anchorPosition === undefined ? undefined : anchorPosition + 0.5,
    });
  }
  return designs;
}
