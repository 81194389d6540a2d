import type {ReviewStatus} from 'docusaurus-plugin-mlsd-deploy';
import {answerDigest, type CacheEntry, type ReviewRecord} from './entry';

/** Who reviewed, when, and their note if they wrote one. */
const signed = ({by, at, note}: Omit<ReviewRecord, 'answerSha256'>) => ({
  by,
  at,
  ...(note ? {note} : {}),
});

/**
 * Whether a person has read an answer: `reviewed` when the review's digest is the answer's,
 * `lapsed` when the answer changed since (edited, or generated anew), else `draft`. Pure.
 */
export function reviewStatus(entry: CacheEntry): ReviewStatus {
  const {review} = entry;
  if (!review) return {state: 'draft'};
  const current = review.answerSha256 === digestOfAnswer(entry);
  return {state: current ? 'reviewed' : 'lapsed', ...signed(review)};
}

/** `answerDigest` of an entry's answer, worked out once per entry: a run asks several times. */
const answerDigests = new WeakMap<CacheEntry, string>();
function digestOfAnswer(entry: CacheEntry): string {
  if (!answerDigests.has(entry))
    answerDigests.set(entry, answerDigest(entry.answer));
  return answerDigests.get(entry)!;
}

/**
 * A person edited a generated answer in the cache file: its text no longer matches the digest
 * recorded at generation. Entries written before the digest was recorded, and pins (a person's
 * answer from the start), are never taken for edited.
 */
export function isEditedByHand(entry: CacheEntry): boolean {
  return (
    !entry.pinned &&
    entry.answerSha256 !== undefined &&
    entry.answerSha256 !== digestOfAnswer(entry)
  );
}

/** The entry recording a review of its answer by `by`, now. */
export function withReview(
  entry: CacheEntry,
  review: {by: string; at: string; note?: string},
): CacheEntry {
  return {
    ...entry,
    review: {...signed(review), answerSha256: digestOfAnswer(entry)},
  };
}
