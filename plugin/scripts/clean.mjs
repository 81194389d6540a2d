// A build starts from an empty lib/: a module removed from src/ must not linger in the package.
import {rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

rmSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'lib'), {
  recursive: true,
  force: true,
});
