import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {writeFileAtomic} from '../io/files';

/** The last failed request of a design. */
export interface Failure {
  /** Key of the request that failed: a failure says nothing about other inputs. */
  key: string;
  kind: string;
  message: string;
  at: string;
}

/** Local state in `.docusaurus`: `status` says `failed`, and why, until a request succeeds. */
export class FailureLog {
  readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, 'failures.json');
  }

  async read(): Promise<Record<string, Failure>> {
    try {
      const data: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return data && typeof data === 'object'
        ? (data as Record<string, Failure>)
        : {};
    } catch {
      return {};
    }
  }

  private queue: Promise<void> = Promise.resolve();

  /** Serializes updates made by concurrent requests of one run. */
  private update(
    change: (failures: Record<string, Failure>) => void,
  ): Promise<void> {
    this.queue = this.queue.then(async () => {
      const failures = await this.read();
      change(failures);
      await writeFileAtomic(
        this.file,
        `${JSON.stringify(failures, null, 2)}\n`,
      );
    });
    return this.queue;
  }

  record(design: string, failure: Failure): Promise<void> {
    return this.update((failures) => {
      failures[design] = failure;
    });
  }

  /** Forgets the failures of these keys (they have an answer now). */
  clear(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return Promise.resolve();
    return this.update((failures) => {
      for (const [design, failure] of Object.entries(failures))
        if (keys.includes(failure.key)) delete failures[design];
    });
  }
}
