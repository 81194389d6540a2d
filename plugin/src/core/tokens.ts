import {
  DEFAULT_ENCODING,
  modelToEncodingMap,
  type EncodingName,
} from 'gpt-tokenizer/mapping';
import * as knownModels from 'gpt-tokenizer/models.gen';

/** Counts the tokens of a chat prompt with one encoding. */
export type CountTokens = (prompt: string) => number;

/** An OpenAI model's encoding (`openai/gpt-4o` as `gpt-4o`); `undefined` for others: estimated. */
export function encodingOfModel(model: string): EncodingName | undefined {
  const name = model.slice(model.lastIndexOf('/') + 1);
  const mapped = (modelToEncodingMap as Record<string, EncodingName>)[name];
  if (mapped) return mapped;
  return Object.hasOwn(knownModels, name) ? DEFAULT_ENCODING : undefined;
}

/** Tokens OpenAI's chat format adds around one user message and before the reply. */
export const CHAT_FRAMING = 7;

/** Loads an encoding's counter: slow (it reads the ranks), so only when a count is not cached. */
export async function loadTokenCounter(
  encoding: EncodingName,
  model?: string,
): Promise<CountTokens> {
  const api = (await import(`gpt-tokenizer/encoding/${encoding}`)) as {
    encodeChat: (
      chat: {role: 'user'; content: string}[],
      model: string,
    ) => number[];
    countTokens: (text: string) => number;
  };
  const name = model?.slice(model.lastIndexOf('/') + 1);
  // A chat prompt costs its text plus the message framing, as the API reports prompt tokens;
  // the framing of models the tokenizer has no chat parameters for is OpenAI's usual one.
  return (prompt) => {
    if (name) {
      try {
        return api.encodeChat([{role: 'user', content: prompt}], name).length;
      } catch {
        // No chat parameters for this model: counted below.
      }
    }
    return api.countTokens(prompt) + CHAT_FRAMING;
  };
}

/** Tokens of a text for an unknown tokenizer: ~2.5 characters a token for non-ASCII, 4 for ASCII. */
export function estimateTokens(text: string): number {
  const other = text.length - text.replace(/[^\p{ASCII}]+/gu, '').length;
  return Math.ceil((text.length - other) / 4 + other / 2.5);
}
