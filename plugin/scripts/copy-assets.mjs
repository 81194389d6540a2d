// tsc compiles the theme's .tsx but does not copy its CSS modules: copy them beside the output.
import {cpSync, readdirSync, statSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src/theme');
const to = join(root, 'lib/theme');

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (name.endsWith('.css'))
      cpSync(file, join(to, relative(from, file)));
  }
}
walk(from);
