import type {
  CoverageResult,
  FigureComparison,
  ReviewStatus,
} from 'docusaurus-plugin-mlsd-deploy';
import {checkCoverage} from '../core/coverage';
import type {SectionSource} from '../core/design';
import {RULE_TEXT} from '../core/pageDesign';
import {
  OVERRIDE_FIELD,
  overrideLine,
  type HeadingRef,
  type OverrideProblem,
} from '../core/overrides';
import {ROLES, type Role} from '../core/roles';
import type {DesignPlan} from '../plan/plan';

/** The `mlsd status --json` shape of one design. */
export interface DesignStatus {
  id: string;
  /** The locale whose design this is: the default one's, or one that translates it. */
  locale?: string;
  /** The design's folder, or its page for a single-page design (relative to the docs folder). */
  path: string;
  state: DesignPlan['state'];
  /** Why the design is in this state. */
  reason: string;
  key: string;
  /** For a stale design (or a pin against an older prompt): the inputs that changed. */
  changed: string[];
  /** Where each role was found: its `SectionSource` without the role. */
  sections: Record<string, Omit<SectionSource, 'role'> | null>;
  /** For each role a single page lacks, the headings that come closest to it. */
  closest?: Partial<Record<Role, HeadingRef[]>>;
  /** Headings the page's front matter names that it does not have. */
  overrideProblems?: OverrideProblem[];
  kind: 'folder' | 'page';
  /** Why this is a design. */
  designReason: string;
  output: string;
  promptTokens: number;
  /** The prompt template used: `ru`, `en` or a file. */
  template: string;
  /** The answer shown was edited by hand in the cache: generation keeps it. */
  edited: boolean;
  /** Whether a person reviewed the answer shown; `null` when there is no answer. */
  review: ReviewStatus | null;
  /** What the answer covers of the template's checklist; `null` when there is no answer. */
  coverage: CoverageResult[] | null;
  /** What the answer does with the design's figures (see `figuresOf`); `null` with no answer. */
  figures: FigureComparison | null;
}

/** Each design's status, from the docs and the cache alone, with its answer's figures if given. */
export function designStatuses(
  plans: readonly DesignPlan[],
  locale: string,
  figures?: ReadonlyMap<DesignPlan, FigureComparison | null>,
): DesignStatus[] {
  return plans.map((plan) => ({
    id: plan.design.id,
    locale,
    path: plan.design.kind === 'page' ? plan.design.file! : plan.design.dir,
    state: plan.state,
    reason: plan.reason,
    key: plan.key,
    changed: plan.changed,
    sections: Object.fromEntries(
      ROLES.map((role) => {
        const source = plan.design.sections[role];
        if (!source) return [role, null];
        const {role: _role, ...where} = source;
        return [role, where];
      }),
    ),
    // Fields left undefined are left out of the JSON.
    ...(plan.design.kind === 'page' && {
      closest: plan.design.closest,
      overrideProblems: plan.design.overrideProblems,
    }),
    output: plan.design.outputFile,
    promptTokens: plan.promptTokens,
    kind: plan.design.kind,
    designReason: plan.design.reason,
    template: plan.template.name,
    edited: plan.edited,
    review: plan.review ?? null,
    coverage: plan.shown
      ? checkCoverage(plan.shown.answer, plan.template.checklist)
      : null,
    figures: figures?.get(plan) ?? null,
  }));
}

/** `mlsd status` as text: a block per design; with `locales`, each one's locale after its id. */
export function formatStatus(
  statuses: DesignStatus[],
  locales = false,
): string {
  if (statuses.length === 0) return 'No designs found.';
  const lines: string[] = [];
  for (const status of statuses) {
    lines.push(
      `${status.id}  ${locales ? `${status.locale}  ` : ''}${status.state}  ${status.key.slice(0, 12)}  (${status.reason})`,
      `  design: ${status.designReason}`,
    );
    if (status.edited)
      lines.push('  edited by hand: generation keeps this answer');
    if (status.review) lines.push(`  review: ${reviewLine(status.review)}`);
    if (status.coverage?.length) {
      const others = status.coverage
        .filter((item) => item.status !== 'found')
        .map((item) => `${item.label} (${item.status})`);
      const found = status.coverage.length - others.length;
      lines.push(
        `  coverage: ${found}/${status.coverage.length}${others.length ? ` — not covered: ${others.join(', ')}` : ''}`,
      );
    }
    if (status.figures) lines.push(`  figures: ${figuresLine(status.figures)}`);
    for (const problem of status.overrideProblems ?? [])
      lines.push(
        `  ${problem.role}: front matter ${OVERRIDE_FIELD}.${problem.role} names "${problem.named}", which is no heading of the page; its headings:`,
        ...problem.headings.map(headingLine),
      );
    for (const role of ROLES) {
      const source = status.sections[role];
      if (!source) {
        const closest = status.closest?.[role] ?? [];
        lines.push(
          `  ${role}: not found — no page title or heading matched a ${role} matcher`,
        );
        if (closest.length)
          lines.push(
            '    closest headings:',
            ...closest.map(headingLine),
            `    to read the first as ${role}, add to the front matter: ${overrideLine(role, closest[0]!.heading)}`,
          );
      } else if (source.ranges)
        lines.push(
          `  ${role}: ${source.file}`,
          ...source.ranges.map(
            (range) =>
              `    line ${range.line}: "${range.heading}"${range.rule ? ` — ${RULE_TEXT[range.rule]}: ${range.reason}` : ''}`,
          ),
          ...(source.cut ?? []).map(
            (cut) =>
              `    cut out, line ${cut.line}: "${cut.heading}" (${cut.why})`,
          ),
        );
      else
        lines.push(
          `  ${role}: ${source.file} — "${source.heading}" (${source.reason})`,
        );
    }
  }
  return lines.join('\n');
}

/** "uses 5 of 7 figures from the design · 2 left out · 1 introduced (p99 50 ms)". */
function figuresLine({used, leftOut, introduced}: FigureComparison) {
  const total = used.length + leftOut.length;
  // The first few as written; `--json` has them all.
  const texts = (items: {text: string}[]) => {
    const shown = items.slice(0, 5).map((item) => item.text);
    if (items.length > 5) shown.push(`+${items.length - 5}`);
    return shown.length ? ` (${shown.join(', ')})` : '';
  };
  return `uses ${used.length} of ${total} figures from the design · ${leftOut.length} left out${texts(leftOut)} · ${introduced.length} introduced${texts(introduced)}`;
}

/** A heading of the page as `status` lists it. */
const headingLine = (ref: HeadingRef) =>
  `      line ${ref.line}: "${ref.heading}"`;

function reviewLine(review: ReviewStatus): string {
  if (review.state === 'draft') return 'draft, not reviewed';
  const when = `${review.by} on ${review.at?.slice(0, 10)}`;
  return review.state === 'reviewed'
    ? `reviewed by ${when}`
    : `lapsed: the answer changed since ${when} reviewed it`;
}
