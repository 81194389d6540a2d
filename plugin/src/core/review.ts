import type {ReviewStatus} from 'docusaurus-plugin-mlsd-deploy';
import type {Decision, StateFacts} from './decision';
import {answerDigest, type CacheEntry} from './entry';
import {staleItems, wordsFor} from './notice';

// Whether a person reviewed the answer shown: a public type.
export type {ReviewStatus};

/**
 * Whether a person has read an answer: `reviewed` when the review's digest is the answer's,
 * `lapsed` when the answer changed since (edited, or generated anew), `draft` when nobody
 * reviewed it. Pure.
 */
export function reviewStatus(entry: CacheEntry): ReviewStatus {
  const {review} = entry;
  if (!review) return {state: 'draft'};
  return {
    state:
      review.answerSha256 === digestOfAnswer(entry) ? 'reviewed' : 'lapsed',
    by: review.by,
    at: review.at,
    ...(review.note ? {note: review.note} : {}),
  };
}

/** Digests of entries' answers: a run asks for each one's several times. */
const answerDigests = new WeakMap<CacheEntry, string>();

/** `answerDigest` of an entry's answer, worked out once per entry. */
function digestOfAnswer(entry: CacheEntry): string {
  let digest = answerDigests.get(entry);
  if (digest === undefined) {
    digest = answerDigest(entry.answer);
    answerDigests.set(entry, digest);
  }
  return digest;
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
    review: {
      by: review.by,
      at: review.at,
      answerSha256: digestOfAnswer(entry),
      ...(review.note ? {note: review.note} : {}),
    },
  };
}

/**
 * Adds what a person did to the answer: reviewed it, or edited it by hand. An edited answer is
 * never replaced by generation (see `core/ask`) unless asked for by name with `--force`; when
 * its inputs changed, it is shown stale, with how to keep or replace it.
 */
export function withPersonFacts(
  facts: StateFacts,
  decision: Decision,
  language?: 'ru' | 'en',
): Decision {
  const {itemsText, says} = wordsFor(language);
  const answer =
    decision.answer ??
    (decision.state === 'stale' ? (facts.entry ?? facts.previous) : undefined);
  if (!answer) return decision;
  const edited = isEditedByHand(answer);
  const review = reviewStatus(answer);
  if (!edited || decision.generated)
    return {...decision, edited: false, review};
  const id = facts.design.id;
  if (decision.state === 'fresh') {
    return {
      ...decision,
      edited,
      review,
      reason: 'the cached answer was edited by hand; generation keeps it',
    };
  }
  if (decision.state !== 'stale') return {...decision, edited, review};
  const stale = staleItems(facts);
  const changed = stale.length ? stale : [{input: 'inputs'}];
  return {
    ...decision,
    edited,
    review,
    reason: `edited by hand; ${itemsText(changed)} changed since`,
    ...says({
      id: 'editedStale',
      values: {
        changed,
        pin: `npm run mlsd -- pin --design ${id} --from FILE`,
        replace: `npm run mlsd -- generate --design ${id} --force`,
      },
    }),
  };
}
