import {randomBytes} from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {readdir} from 'node:fs/promises';
import {dirname} from 'node:path';

/** Writes `file` by a temp file and a rename, so no reader sees half; synchronous, as faster. */
export async function writeFileAtomic(
  file: string,
  text: string | Uint8Array,
): Promise<void> {
  mkdirSync(dirname(file), {recursive: true});
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, {force: true});
    throw error;
  }
}

/** The names in a folder; none when it does not exist yet. */
export async function namesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

/** Files open at once, at most: far below macOS's default 256 (Docusaurus holds some too). */
export const OPEN_FILES_LIMIT = 16;

/** `fn` over `items`, `limit` at once; a failure throws once the rest settle. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      await fn(items[next++]!).catch((error) => {
        failed = true;
        throw error;
      });
    }
  };
  const workers = await Promise.allSettled(
    Array.from({length: Math.min(Math.max(1, limit), items.length)}, worker),
  );
  for (const settled of workers)
    if (settled.status === 'rejected') throw settled.reason;
}

/**
 * Reads files one at a time, synchronously, into one reused buffer: `use` gets each one's bytes
 * (or error) and must not keep them. Yielding every 20 ms keeps the dev server responsive.
 */
export async function readFiles<T>(
  files: readonly string[],
  use: (bytes: Buffer | NodeJS.ErrnoException, index: number) => T,
): Promise<T[]> {
  let buffer = Buffer.allocUnsafe(1 << 16);
  const read = (file: string): Buffer | NodeJS.ErrnoException => {
    try {
      const fd = openSync(file, 'r');
      let length = 0;
      try {
        // One byte more than its size: a file that grew since is read to its end.
        const size = fstatSync(fd).size;
        if (buffer.length < size + 1) buffer = Buffer.allocUnsafe(size * 2 + 1);
        for (;;) {
          const n = readSync(fd, buffer, length, buffer.length - length, null);
          if (n === 0) break;
          length += n;
          if (length === buffer.length)
            buffer = Buffer.concat([buffer], length * 2);
        }
      } finally {
        closeSync(fd);
      }
      return buffer.subarray(0, length);
    } catch (error) {
      return error as NodeJS.ErrnoException;
    }
  };
  const results = new Array<T>(files.length);
  let sliceStart = performance.now();
  for (const [i, file] of files.entries()) {
    results[i] = use(read(file), i);
    if (performance.now() - sliceStart > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return results;
}

/** Why a file could not be read or written, from its error code: the cause, never a guessed fix. */
export function fileErrorCause(error: unknown): string {
  const {code, path, syscall} = (error ?? {}) as NodeJS.ErrnoException;
  const where = path ? ` (${path})` : '';
  switch (code) {
    case 'EMFILE':
    case 'ENFILE':
      return `too many files are open at once: the ${code === 'EMFILE' ? "process's" : "system's"} open-file limit is reached${where}; raise it (\`ulimit -n\`) or close other programs`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied to ${syscall ?? 'access'} ${path ?? 'a file'}`;
    case 'EROFS':
      return `the file system is read-only${where}`;
    case 'ENOENT':
      return `${path ?? 'a path'} does not exist`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `a file stands where the folder should be${where}`;
    case 'EISDIR':
      return `${path ?? 'a path'} is a folder, not a file`;
    case 'ENOSPC':
      return `the disk is full: no space left on the device${where}`;
    case 'EDQUOT':
      return `the disk quota is used up${where}`;
    case 'ELOOP':
      return `a symbolic link points back at itself${where}`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
