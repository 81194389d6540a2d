import {randomBytes} from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {readdir} from 'node:fs/promises';
import {dirname} from 'node:path';

/**
 * Writes `text` to `file` so that no reader ever sees half of it: a temp file beside it, then a
 * rename. The folder is made when missing. The calls are synchronous: the plugin writes pages
 * and answers of some kilobytes, which a synchronous write does in a fraction of the time of
 * five trips through libuv's thread pool (mkdir, open, write, close, rename); while the model
 * is being asked, that time would hold up the next request.
 */
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
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * How many files the plugin has open at once, at most: far below the 256 a macOS shell allows
 * by default, so that a handbook of any size builds there (Docusaurus and webpack hold some too).
 */
export const OPEN_FILES_LIMIT = 16;

/**
 * Runs `fn` over `items`, at most `limit` at once, and gives the results in the order of
 * `items`. The first failure is thrown once the calls under way have settled.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = await Promise.allSettled(
    Array.from({length: Math.min(Math.max(1, limit), items.length)}, worker),
  );
  const failure = workers.find((worker) => worker.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return results;
}

/** About how long a slice of synchronous reads may hold the event loop, in milliseconds. */
const SLICE_MS = 20;

/**
 * Reads files whole, one at a time, yielding to the event loop between slices of about 20 ms;
 * a file that cannot be read gives its error in its place. One file is open at any moment, so
 * any number of files can be read under any open-file limit. On a local disk a synchronous read
 * costs about a third of an asynchronous one (which takes four trips through libuv's thread
 * pool: open, stat, read, close), and reading the docs tree is most of a rebuild with nothing
 * changed; the yields keep the dev server responsive.
 */
export async function readFilesSettled(
  files: readonly string[],
): Promise<(Buffer | NodeJS.ErrnoException)[]> {
  return readEach(files, (result) => result);
}

/** Reads files whole as `readFilesSettled` does; the first file that cannot be read throws. */
export async function readFilesBounded(
  files: readonly string[],
): Promise<Buffer[]> {
  return readFilesEach(files, (bytes) => bytes);
}

/**
 * Reads files as `readFilesSettled` does, and hands each one's bytes to `use` as soon as it is
 * read, so that a caller who keeps less than the bytes (a digest) never holds every file at
 * once. Gives what `use` returned, in the order of `files`; the first file that cannot be read
 * throws.
 */
export async function readFilesEach<T>(
  files: readonly string[],
  use: (bytes: Buffer, index: number) => T,
): Promise<T[]> {
  return readEach(files, (result, i) => {
    if (result instanceof Error) throw result;
    return use(result, i);
  });
}

/**
 * Reads files one at a time into one buffer, reused, and hands each one's bytes to `use`,
 * which must not keep them: they are overwritten by the next file's. For a whole docs tree read
 * to be hashed: reading it costs no memory but the largest page's size, and leaves no garbage.
 * Gives what `use` returned, in the order of `files`; the first file that cannot be read throws.
 */
export async function readFilesInPlace<T>(
  files: readonly string[],
  use: (bytes: Buffer, index: number) => T,
): Promise<T[]> {
  let buffer = Buffer.allocUnsafe(1 << 16);
  const readInPlace = (file: string): Buffer => {
    const fd = openSync(file, 'r');
    let length = 0;
    try {
      const size = fstatSync(fd).size;
      // One byte more than its size: a file that grew since is read to its end.
      if (buffer.length < size + 1) buffer = Buffer.allocUnsafe(size * 2 + 1);
      for (;;) {
        if (length === buffer.length) {
          const larger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(larger);
          buffer = larger;
        }
        const read = readSync(fd, buffer, length, buffer.length - length, null);
        if (read === 0) break;
        length += read;
      }
    } finally {
      closeSync(fd);
    }
    return buffer.subarray(0, length);
  };
  return readEach(
    files,
    (result, i) => {
      if (result instanceof Error) throw result;
      return use(result, i);
    },
    readInPlace,
  );
}

/** The loop of `readFilesSettled`: each file's bytes, or its error, to `use` in turn. */
async function readEach<T>(
  files: readonly string[],
  use: (result: Buffer | NodeJS.ErrnoException, index: number) => T,
  read: (file: string) => Buffer = readFileSync,
): Promise<T[]> {
  return inSlices(files, (file, i) => {
    let result: Buffer | NodeJS.ErrnoException;
    try {
      result = read(file);
    } catch (error) {
      result = error as NodeJS.ErrnoException;
    }
    return use(result, i);
  });
}

/**
 * `each` of every item in turn, synchronously, yielding to the event loop between slices of
 * about 20 ms, so that the dev server stays responsive.
 */
export async function inSlices<I, T>(
  items: readonly I[],
  each: (item: I, index: number) => T,
): Promise<T[]> {
  const results = new Array<T>(items.length);
  let sliceStart = performance.now();
  for (const [i, item] of items.entries()) {
    results[i] = each(item, i);
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return results;
}

/**
 * Why a file could not be read or written, in words, from its error code: the real cause (too
 * many open files, a permission, a full disk, a path), never a guessed remedy.
 */
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
