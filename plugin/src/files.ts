import {randomBytes} from 'node:crypto';
import {mkdir, readdir, rename, rm, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';

/**
 * Writes `text` to `file` so that no reader ever sees half of it: a temp file beside it, then a
 * rename. The folder is made when missing.
 */
export async function writeFileAtomic(
  file: string,
  text: string,
): Promise<void> {
  await mkdir(dirname(file), {recursive: true});
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, {force: true});
    throw error;
  }
}

/** The names in a folder; none when it does not exist yet. */
export async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
