import {sha256} from './core/key';
import {
  encodingOfModel,
  estimateTokens,
  loadTokenCounter,
  type CountTokens,
} from './core/tokens';
import type {SectionReader} from './reader';

/**
 * Sizes prompts in tokens: exactly with the model's encoding when it is known, kept in the local
 * cache by prompt digest (the tokenizer is loaded only when a count is missing); an estimate
 * for other models.
 */
export async function countPrompts(
  prompts: readonly string[],
  model: string,
  reader: SectionReader,
  limit: number,
): Promise<{tokens: number[]; exact: boolean}> {
  const encoding = encodingOfModel(model);
  if (!encoding) return {tokens: prompts.map(estimateTokens), exact: false};
  // A prompt several times over the limit is not worth a tokenizer pass: it is never sent.
  const far = prompts.map((prompt) => estimateTokens(prompt) > limit * 4);
  const kind = `tokens-${encoding}`;
  const digests = prompts.map((prompt, i) => (far[i] ? '' : sha256(prompt)));
  let count: CountTokens | undefined;
  if (
    digests.some(
      (digest) => digest && reader.cache.peek(kind, digest) === undefined,
    )
  ) {
    count = await loadTokenCounter(encoding, model);
  }
  const tokens = prompts.map((prompt, i) =>
    far[i]
      ? estimateTokens(prompt)
      : reader.cache.get(kind, digests[i]!, () => count!(prompt)),
  );
  return {tokens, exact: true};
}
