import type {CommanderStatic} from 'commander';
import {relative} from 'node:path';
import {ROLES} from './core/roles';
import {planDesigns, type DesignPlan, type RunContext} from './run';

/** The `mlsd status --json` shape of one design. */
export interface DesignStatus {
  id: string;
  path: string;
  state: DesignPlan['state'];
  key: string;
  /** For a stale design, the inputs that changed since its last answer. */
  changed: string[];
  sections: Record<string, {file: string; heading: string; reason: string} | null>;
  output: string;
}

/** The status of every design, from the docs and the cache alone (no model is asked). */
export async function designStatuses(ctx: RunContext): Promise<DesignStatus[]> {
  const {plans} = await planDesigns(ctx);
  return plans.map((plan) => ({
    id: plan.design.id,
    path: plan.design.dir,
    state: plan.state,
    key: plan.key,
    changed: plan.changed,
    sections: Object.fromEntries(
      ROLES.map((role) => {
        const source = plan.design.sections[role];
        return [role, source ? {file: source.file, heading: source.heading, reason: source.reason} : null];
      }),
    ),
    output: plan.design.outputFile,
  }));
}

function formatStatus(statuses: DesignStatus[]): string {
  if (statuses.length === 0) return 'No designs found.';
  return statuses
    .map((status) => {
      const lines = [`${status.id}  ${status.state}  ${status.key.slice(0, 12)}`];
      if (status.changed.length) lines.push(`  changed: ${status.changed.join(', ')}`);
      for (const role of ROLES) {
        const source = status.sections[role];
        lines.push(source ? `  ${role}: ${source.file} — "${source.heading}" (${source.reason})` : `  ${role}: not found`);
      }
      return lines.join('\n');
    })
    .join('\n');
}

/** Adds `docusaurus mlsd <command>` to the Docusaurus CLI. */
export function registerCommands(cli: CommanderStatic, ctx: RunContext): void {
  cli
    .command('mlsd <command>')
    .description('ML System Design Deploy pages: `status` lists every design, its sections and its cache state.')
    .option('--json', 'print JSON only (for scripts)')
    .action(async (command: string, flags: {json?: boolean}) => {
      if (command !== 'status') {
        throw new Error(`Unknown mlsd command \`${command}\`, expected \`status\`.`);
      }
      const statuses = await designStatuses(ctx);
      process.stdout.write(
        flags.json ? `${JSON.stringify({docsDir: relative(ctx.siteDir, ctx.docsDir).split('\\').join('/'), designs: statuses}, null, 2)}\n` : `${formatStatus(statuses)}\n`,
      );
    });
}
