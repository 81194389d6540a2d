import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {COMMANDS} from '../plugin/src/cli/commands';
import {ROOT} from './support/site';

/** The commands a README's command table lists: the first word of each row's first cell. */
function commandsIn(readme: string): string[] {
  const from = readme.indexOf('## Commands');
  const table = readme.slice(from, readme.indexOf('\n## ', from + 1));
  return [...table.matchAll(/^\| `([a-z]+)[^`]*` \|/gm)].map((row) => row[1]!);
}

describe('the READMEs show every command', () => {
  it.each(['plugin/README.md', 'README.md'])(
    '%s lists exactly the commands the CLI has',
    (file) => {
      const listed = commandsIn(readFileSync(join(ROOT, file), 'utf8'));
      expect([...listed].sort()).toEqual(Object.keys(COMMANDS).sort());
      expect(new Set(listed).size).toBe(listed.length);
    },
  );
});
