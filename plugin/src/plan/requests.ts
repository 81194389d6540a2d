import {cacheKey, canonicalJson, inputDigests, sha256} from '../core/key';
import {loadMarkdownTools} from '../core/markdown';
import {buildMessages, type PromptSection} from '../core/prompt';
import {
  CHAT_FRAMING,
  encodingOfModel,
  estimateTokens,
  loadTokenCounter,
  type CountTokens,
} from '../core/tokens';
import type {Memo, RequestShape} from '../memo/memo';
import type {PluginOptions} from '../options';

/** Request parameters but model and messages (all in the key); a `null` in `params` removes one. */
export function requestParams(
  options: Pick<PluginOptions, 'temperature' | 'maxTokens' | 'params'>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    temperature: options.temperature,
    max_tokens: options.maxTokens,
    ...options.params,
  };
  return Object.fromEntries(
    Object.entries(merged).filter(
      ([, value]) => value !== null && value !== undefined,
    ),
  );
}

/** A design's prompt, and what its request is made of. */
export interface RequestDraft {
  sections: readonly PromptSection[];
  template: {text: string};
  /** Built from the sections when read: their texts are read then. */
  readonly prompt: string;
  /** Names the section readings (see `createReadings`). */
  sectionsIdentity: string;
}

/** What decides the requests besides each design's sections and template. */
export interface RequestSettings {
  model: string;
  params: Record<string, unknown>;
  /** `maxPromptTokens`. */
  limit: number;
}

/**
 * Each draft's request key, input digests and token count, and the id naming what decides them.
 * Working them out reads and hashes every prompt, so they are kept in the memo by that id.
 */
export async function requestShapes(
  drafts: readonly RequestDraft[],
  memo: Memo,
  {model, params, limit}: RequestSettings,
): Promise<{ids: string[]; shapes: RequestShape[]}> {
  const encoding = encodingOfModel(model);
  const paramsJson = canonicalJson(params);
  const templateDigests = new Map<string, string>();
  const ids = drafts.map(({sectionsIdentity, template}) => {
    let digest = templateDigests.get(template.text);
    if (digest === undefined)
      templateDigests.set(template.text, (digest = sha256(template.text)));
    return sha256(
      JSON.stringify([sectionsIdentity, digest, model, paramsJson, limit]),
    );
  });
  const known = ids.map((id) => memo.requests.use(id));
  // The prompts of changed designs are made: their sections' texts may need a parse.
  if (known.includes(undefined)) await loadMarkdownTools();
  let count: CountTokens | undefined;
  for (const [i, draft] of drafts.entries()) {
    if (known[i]) continue;
    const prompt = draft.prompt;
    // Counted only near the limit, as the tokenizer is heavy to load: a prompt of no more UTF-8
    // bytes than the limit is within it (a token is a byte or more); one far over is never sent.
    const estimated =
      !encoding ||
      estimateTokens(prompt) > limit * 4 ||
      Buffer.byteLength(prompt) + CHAT_FRAMING <= limit;
    if (!estimated) count ??= await loadTokenCounter(encoding, model);
    const made: RequestShape = {
      key: cacheKey({model, messages: buildMessages(prompt), params}),
      inputs: inputDigests({
        sections: Object.fromEntries(
          draft.sections.map((section) => [
            section.role,
            `${section.title}\n${section.markdown}`,
          ]),
        ),
        template: draft.template.text,
        model,
        params,
      }),
      tokens: estimated ? estimateTokens(prompt) : count!(prompt),
      exact: !estimated,
    };
    memo.requests.set(ids[i]!, made);
    known[i] = made;
  }
  // Every shape is known now.
  return {ids, shapes: known as RequestShape[]};
}
