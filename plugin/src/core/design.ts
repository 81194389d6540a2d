import type {TakenBy} from './matchers';
import type {HeadingRef, OverrideProblem} from './overrides';
import type {CutHeading} from './ranges';
import type {Role} from './roles';

/** One Markdown/MDX page of the docs tree, as the edge read it. */
export interface DocFile {
  /** Path relative to the docs folder, with `/` separators. */
  path: string;
  content: string;
  /** sha256 of the page's bytes, when the edge has taken it: readings are kept by it. */
  digest?: string;
  /** Whether the plugin wrote the page, when the edge already knows (`isGeneratedPage`). */
  generated?: boolean;
  /** Front matter as the site's own `parseFrontMatter` read it; else the core reads the YAML. */
  frontMatter?: Record<string, unknown>;
  /** Read from a locale's translations of the docs, not from the docs folder. */
  localized?: boolean;
}

/** A heading range of a single-page design. */
export interface HeadingRange extends HeadingRef {
  depth: number;
  /** The reading rule that took it: a template's title, its meaning, a requirements chapter, ... */
  rule?: TakenBy;
  /** What the rule saw: the matcher's name, the meaning, or the front matter field. */
  reason?: string;
}

/** Where a role's text comes from. */
export interface SectionSource {
  role: Role;
  /** Path of the page, relative to the docs folder. */
  file: string;
  /** The heading (or page title) that opens the section: the first range's, in a single page. */
  heading: string;
  /** Why this page or heading was taken for the role. */
  reason: string;
  /** In a single-page design, every heading range gathered for the role, in page order. */
  ranges?: HeadingRange[];
  /** In a single-page design, the headings inside those ranges that are kept out, and why. */
  cut?: CutHeading[];
}

/** Where a design's roles are; for a single page, what `readPage` returns. */
export interface PageSections {
  /** Where each role's text comes from; `null` for a role nothing matched. */
  sections: Record<Role, SectionSource | null>;
  missing: Role[];
  /** For each missing role, the headings that come closest to it. */
  closest?: Partial<Record<Role, HeadingRef[]>>;
  /** Roles the front matter's `mlsd_sections` names a heading for that the page does not have. */
  overrideProblems?: OverrideProblem[];
}

/** What every design has, whatever its shape. */
interface DesignBase extends Pick<PageSections, 'sections' | 'missing'> {
  /** Stable id: the folder's path, or the page's path without extension. */
  id: string;
  /** Folder of the design, relative to the docs folder (`''` for the root). */
  dir: string;
  /** Human title: the folder's category label, else its name; the page's title. */
  title: string;
  /** Path of the generated page, relative to the docs folder. */
  outputFile: string;
  /** Position that puts the generated page right after section 5 (folder) or after its page. */
  sidebarPosition?: number;
  reason: string;
}

/** A folder whose pages are the sections. */
export interface FolderDesign extends DesignBase {
  kind: 'folder';
  /** Pages that matched a role already taken, kept out of the prompt. */
  ignored: SectionSource[];
}

/** One page whose headings are the sections. */
export interface PageDesign extends DesignBase, PageSections {
  kind: 'page';
  /** The page, relative to the docs folder. */
  file: string;
  /** Doc id the generated page declares: the page's file name alone would not read well. */
  outputId: string;
}

/** One ML System Design found in the docs tree, built whole by `findDesigns`. */
export type Design = FolderDesign | PageDesign;
