import {relative} from 'node:path';
import type {CommanderStatic} from 'commander';
import {COMMANDS} from './commands';
import type {Flags} from './plans';
import {commandName, type RunContext} from '../context';
import {MlsdError} from '../errors';

/** Adds `docusaurus mlsd <command>` (or `mlsd:<id> <command>`) to the Docusaurus CLI. */
export function registerCommands(cli: CommanderStatic, ctx: RunContext): void {
  const name = commandName(ctx.options.id);
  cli
    .command(`${name} <command>`)
    .description(
      `ML System Design Deploy pages of the docs in ${relative(ctx.siteDir, ctx.docsDir) || '.'}. Commands: ` +
        'status [--json]; prompt --design ID [--json]; generate [--design ID ...] [--force] [--dry-run]; ' +
        'prune [--dry-run]; pin --design ID --from FILE [--note TEXT]; unpin --design ID; ' +
        'review --design ID --by NAME [--note TEXT]. ' +
        'status, prompt, generate, review and prune take --locale L (every locale without it).',
    )
    .option('--json', 'print JSON only (status, prompt, generate --dry-run)')
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
    .option(
      '--note <text>',
      'who wrote a pinned answer, or a reviewer’s note, shown on the page',
    )
    .option('--by <name>', 'who reviewed the answer (review)')
    .option(
      '--locale <locale>',
      'only this locale’s designs (status, prompt, generate, review, prune)',
    )
    .action(async (command: string, flags: Flags) => {
      try {
        const run = COMMANDS[command];
        if (!run)
          throw new MlsdError(
            `Unknown ${name} command \`${command}\`, expected one of ${Object.keys(COMMANDS).join(', ')}.`,
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
