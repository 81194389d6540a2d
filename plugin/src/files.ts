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

/** Why a file could not be read or written, in words, from its error code. */
export function fileErrorCause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const causes: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a file stands where the folder should be',
    EEXIST: 'a file stands where the folder should be',
    EISDIR: 'a folder stands where the file should be',
    EMFILE: 'too many files are open (raise the limit: `ulimit -n`)',
    ENFILE: 'too many files are open on this machine',
    ELOOP: 'a symbolic link points back at itself',
  };
  return (code && causes[code]) ?? (error as Error).message;
}
