import {sha256} from './core/key';
import {
  encodingOfModel,
  CHAT_FRAMING,
  estimateTokens,
  loadTokenCounter,
  type CountTokens,
} from './core/tokens';
import type {SectionReader} from './reader';
import {POOL_FROM, WorkerLost, type WorkerPool} from './workers';

/** Prompts counted in one call to a worker thread. */
const BATCH = 32;

/**
 * Sizes prompts in tokens: exactly with the model's encoding when it is known, kept in the local
 * cache by prompt digest; an estimate for other models.
 *
 * Loading the tokenizer takes tens of megabytes. A build needs a prompt's exact size only when
 * it could be over `limit`, which a prompt of no more UTF-8 bytes than `limit` cannot be (a
 * token is at least one byte): with `exact: 'near-limit'`, such a prompt is estimated unless its
 * count is cached or many are counted at once (in worker threads, with `pool`). `status` and
 * the other commands count every prompt (`exact: 'always'`).
 */
export async function countPrompts(
  prompts: readonly string[],
  model: string,
  reader: SectionReader,
  limit: number,
  {
    pool,
    exact = 'always',
  }: {pool?: WorkerPool; exact?: 'always' | 'near-limit'} = {},
): Promise<{tokens: number[]; exact: boolean[]}> {
  const encoding = encodingOfModel(model);
  if (!encoding)
    return {
      tokens: prompts.map(estimateTokens),
      exact: prompts.map(() => false),
    };
  // A prompt several times over the limit is not worth a tokenizer pass: it is never sent.
  const far = prompts.map((prompt) => estimateTokens(prompt) > limit * 4);
  const kind = `tokens-${encoding}`;
  const digests = prompts.map((prompt, i) => (far[i] ? '' : sha256(prompt)));
  const lacking = prompts.flatMap((_, i) =>
    digests[i] && reader.cache.peek(kind, digests[i]) === undefined ? [i] : [],
  );
  // Many to count (a first run): in worker threads, which load the tokenizer there.
  if (pool && lacking.length >= POOL_FROM) {
    const batches = Array.from(
      {length: Math.ceil(lacking.length / BATCH)},
      (_, b) => lacking.slice(b * BATCH, (b + 1) * BATCH),
    );
    await Promise.all(
      batches.map(async (batch) => {
        try {
          const counts = await pool.call(
            'tokens',
            encoding,
            model,
            batch.map((i) => prompts[i]!),
          );
          for (const [n, i] of batch.entries())
            reader.cache.set(kind, digests[i]!, counts[n]);
        } catch (error) {
          // Counted below, by this thread.
          if (!(error instanceof WorkerLost)) throw error;
        }
      }),
    );
  }
  const estimated = prompts.map(
    (prompt, i) =>
      far[i] ||
      (exact === 'near-limit' &&
        reader.cache.peek(kind, digests[i]!) === undefined &&
        Buffer.byteLength(prompt) + CHAT_FRAMING <= limit),
  );
  let count: CountTokens | undefined;
  if (
    digests.some(
      (digest, i) =>
        !estimated[i] && reader.cache.peek(kind, digest) === undefined,
    )
  ) {
    count = await loadTokenCounter(encoding, model);
  }
  const tokens = prompts.map((prompt, i) =>
    estimated[i]
      ? estimateTokens(prompt)
      : reader.cache.get(kind, digests[i]!, () => count!(prompt)),
  );
  return {tokens, exact: estimated.map((e, i) => !e && !far[i])};
}
