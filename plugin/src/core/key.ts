import {createHash} from 'node:crypto';
import type {ChatMessage} from './prompt';

/** The cache format's version, in every key: bump it when prompt assembly or entry layout changes. */
export const CACHE_FORMAT_VERSION = 1;

/** Everything sent to the model for one design. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Every request parameter besides model and messages (temperature, max_tokens, ...). */
  params: Readonly<Record<string, unknown>>;
}

/** JSON with object keys sorted, so that equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 of a string (as UTF-8) or of bytes, hex. */
export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The cache key of a request: sha256 over the messages, model, every parameter and the format version. */
export function cacheKey(request: ChatRequest): string {
  return sha256(canonicalJson({version: CACHE_FORMAT_VERSION, ...request}));
}

/** Each input of a request by its digest, kept beside an answer: a later run says which changed. */
export function inputDigests(inputs: {
  sections: Readonly<Record<string, string>>;
  template: string;
  model: string;
  params: Readonly<Record<string, unknown>>;
}): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const [role, text] of Object.entries(inputs.sections))
    digests[role] = sha256(text).slice(0, 16);
  digests.template = sha256(inputs.template).slice(0, 16);
  digests.model = inputs.model;
  digests.params = sha256(canonicalJson(inputs.params)).slice(0, 16);
  digests.version = String(CACHE_FORMAT_VERSION);
  return digests;
}
