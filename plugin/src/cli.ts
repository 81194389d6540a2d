import {readFile, rm} from 'node:fs/promises';
import {relative, resolve} from 'node:path';
import type {CommanderStatic} from 'commander';
import {ROLES} from './core/roles';
import {
  cacheStoreOf,
  checkDesignIds,
  designsToGenerate,
  MlsdError,
  planDesigns,
  syncDeployPages,
  type DesignPlan,
  type RunContext,
} from './run';

/** The `mlsd status --json` shape of one design. */
export interface DesignStatus {
  id: string;
  /** The design's folder, or its page for a single-page design (relative to the docs folder). */
  path: string;
  state: DesignPlan['state'];
  /** Why the design is in this state. */
  reason: string;
  key: string;
  /** For a stale design (or a pin against an older prompt): the inputs that changed. */
  changed: string[];
  sections: Record<
    string,
    {
      file: string;
      heading: string;
      reason: string;
      ranges?: {heading: string; line: number; depth: number}[];
    } | null
  >;
  kind: 'folder' | 'page';
  /** Why this is a design. */
  designReason: string;
  output: string;
  promptTokens: number;
}

/** The status of every design, from the docs and the cache alone (no model is asked). */
export function designStatuses(plans: readonly DesignPlan[]): DesignStatus[] {
  return plans.map((plan) => ({
    id: plan.design.id,
    path: plan.design.kind === 'page' ? plan.design.file! : plan.design.dir,
    state: plan.state,
    reason: plan.reason,
    key: plan.key,
    changed: plan.changed,
    sections: Object.fromEntries(
      ROLES.map((role) => {
        const source = plan.design.sections[role];
        return [
          role,
          source
            ? {
                file: source.file,
                heading: source.heading,
                reason: source.reason,
                ...(source.ranges ? {ranges: source.ranges} : {}),
              }
            : null,
        ];
      }),
    ),
    output: plan.design.outputFile,
    promptTokens: plan.promptTokens,
    kind: plan.design.kind,
    designReason: plan.design.reason,
  }));
}

function formatStatus(statuses: DesignStatus[]): string {
  if (statuses.length === 0) return 'No designs found.';
  return statuses
    .map((status) => {
      const lines = [
        `${status.id}  ${status.state}  ${status.key.slice(0, 12)}  (${status.reason})`,
        `  design: ${status.designReason}`,
      ];
      for (const role of ROLES) {
        const source = status.sections[role];
        if (!source)
          lines.push(
            `  ${role}: not found — no page title or heading matched a ${role} matcher`,
          );
        else if (source.ranges)
          lines.push(
            `  ${role}: ${source.file}`,
            ...source.ranges.map(
              (range) => `    line ${range.line}: "${range.heading}"`,
            ),
            `    (${source.reason})`,
          );
        else
          lines.push(
            `  ${role}: ${source.file} — "${source.heading}" (${source.reason})`,
          );
      }
      return lines.join('\n');
    })
    .join('\n');
}

interface Flags {
  json?: boolean;
  design: string[];
  force?: boolean;
  dryRun?: boolean;
  from?: string;
  note?: string;
}

const out = (text: string) => process.stdout.write(`${text}\n`);

/** Files named on the command line are relative to where the user ran npm, not the site folder. */
function userPath(file: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

async function status(ctx: RunContext, flags: Flags): Promise<void> {
  const {plans} = await planDesigns(ctx);
  const statuses = designStatuses(plans);
  out(
    flags.json
      ? JSON.stringify(
          {
            docsDir: relative(ctx.siteDir, ctx.docsDir).split('\\').join('/'),
            designs: statuses,
          },
          null,
          2,
        )
      : formatStatus(statuses),
  );
}

async function generate(ctx: RunContext, flags: Flags): Promise<void> {
  const designs = flags.design.length ? flags.design : undefined;
  if (flags.dryRun) {
    const {plans} = await planDesigns(ctx);
    checkDesignIds(plans, designs);
    const asked = designsToGenerate(plans, ctx, {
      designs,
      force: flags.force,
      explicit: true,
    });
    const total = asked.reduce((sum, plan) => sum + plan.promptTokens, 0);
    if (flags.json) {
      out(
        JSON.stringify(
          {
            requests: asked.map((plan) => ({
              id: plan.design.id,
              state: plan.state,
              key: plan.key,
              promptTokens: plan.promptTokens,
            })),
            promptTokens: total,
          },
          null,
          2,
        ),
      );
    } else {
      out(
        asked.length
          ? asked
              .map(
                (plan) =>
                  `${plan.design.id}  ${plan.state}  ~${plan.promptTokens} prompt tokens`,
              )
              .join('\n')
          : 'Nothing to generate.',
      );
      out(
        `${asked.length} request(s), ~${total} prompt tokens in all (estimated), model ${ctx.model}. Nothing was asked.`,
      );
    }
    return;
  }
  const summary = await syncDeployPages(ctx, {
    designs,
    force: flags.force,
    explicit: true,
  });
  if (summary.failed > 0) process.exitCode = 1;
}

async function prune(ctx: RunContext, flags: Flags): Promise<void> {
  const {plans, entries} = await planDesigns(ctx);
  const store = cacheStoreOf(ctx);
  // An entry is used when it answers a design's current inputs, or is the last answer a stale design shows.
  const used = new Set(
    plans
      .flatMap((plan) => [
        plan.entry?.key,
        plan.entry ? undefined : plan.previous?.key,
      ])
      .filter(Boolean),
  );
  const orphans = [...entries.values()]
    .filter((entry) => !used.has(entry.key))
    .map((entry) => store.fileOf(entry.key));
  const leftovers = await store.leftovers();
  const files = [...orphans, ...leftovers].sort();
  for (const file of files) {
    if (!flags.dryRun) await rm(file, {force: true});
    out(
      `${flags.dryRun ? 'would remove' : 'removed'} ${relative(process.cwd(), file)}`,
    );
  }
  out(
    `${files.length} file(s) ${flags.dryRun ? 'to remove' : 'removed'}; ${used.size} answer(s) in use kept. Pinned answers are never pruned.`,
  );
}

async function pin(ctx: RunContext, flags: Flags): Promise<void> {
  if (flags.design.length !== 1 || !flags.from) {
    throw new MlsdError(
      'Usage: mlsd pin --design <id> --from <file> [--note <who wrote it>]',
    );
  }
  const {plans} = await planDesigns(ctx);
  checkDesignIds(plans, flags.design);
  const plan = plans.find(
    (candidate) => candidate.design.id === flags.design[0],
  )!;
  const file = userPath(flags.from);
  let answer: string;
  try {
    answer = await readFile(file, 'utf8');
  } catch (error) {
    throw new MlsdError(`Cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!answer.trim())
    throw new MlsdError(`${file} is empty: nothing was pinned.`);
  const store = cacheStoreOf(ctx);
  const written = await store.putPin({
    key: plan.key,
    design: plan.design.id,
    model: 'pinned',
    created: new Date().toISOString(),
    finishReason: 'pinned',
    usage: {},
    inputs: plan.inputs,
    answer,
    pinned: true,
    note: flags.note ?? 'Pinned by a person',
  });
  out(
    `Pinned ${relative(process.cwd(), written)} for ${plan.design.id} (key ${plan.key.slice(0, 12)}). Generation never replaces it; commit it with the cache.`,
  );
}

async function unpin(ctx: RunContext, flags: Flags): Promise<void> {
  if (flags.design.length !== 1)
    throw new MlsdError('Usage: mlsd unpin --design <id>');
  const removed = await cacheStoreOf(ctx).removePin(flags.design[0]!);
  out(
    removed
      ? `Unpinned ${flags.design[0]}.`
      : `${flags.design[0]} had no pinned answer.`,
  );
}

const COMMANDS: Record<
  string,
  (ctx: RunContext, flags: Flags) => Promise<void>
> = {status, generate, prune, pin, unpin};

/** Adds `docusaurus mlsd <command>` to the Docusaurus CLI. */
export function registerCommands(cli: CommanderStatic, ctx: RunContext): void {
  cli
    .command('mlsd <command>')
    .description(
      'ML System Design Deploy pages. Commands: status [--json]; generate [--design ID ...] [--force] [--dry-run]; ' +
        'prune [--dry-run]; pin --design ID --from FILE [--note TEXT]; unpin --design ID.',
    )
    .option('--json', 'print JSON only (status, generate --dry-run)')
    .option(
      '--design <id>',
      'a design id; repeat for more',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option(
      '--force',
      'generate even when cached (pinned answers are never replaced)',
    )
    .option('--dry-run', 'say what would be done, do nothing')
    .option('--from <file>', 'the answer to pin')
    .option('--note <text>', 'who wrote a pinned answer, shown on the page')
    .action(async (command: string, flags: Flags) => {
      try {
        const run = COMMANDS[command];
        if (!run)
          throw new MlsdError(
            `Unknown mlsd command \`${command}\`, expected one of ${Object.keys(COMMANDS).join(', ')}.`,
          );
        await run(ctx, flags);
      } catch (error) {
        // Our own errors say what to do: no stack trace, just the message and a failing exit.
        if (!(error instanceof MlsdError)) throw error;
        ctx.log.error(error.message);
        process.exitCode = 1;
      }
    });
}
