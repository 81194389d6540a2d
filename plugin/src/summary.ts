import type {Decision} from './core/state';
import type {Written} from './pages/write';

/** How many designs are in each state: they add up to the number of designs. */
export interface StateCounts {
  designs: number;
  fromCache: number;
  pinned: number;
  /** Answered by this run (or, on the dev server, since the last summary). */
  generated: number;
  stale: number;
  failed: number;
  incomplete: number;
  notGenerated: number;
  tooLarge: number;
  /** On the dev server: being asked in the background. */
  generating: number;
}

/** What a run asked: requests and tokens. */
export interface Spent {
  requests: number;
  tokensIn: number;
  tokensOut: number;
}

/** What one run did. */
export interface RunSummary extends StateCounts, Spent, Written {
  seconds: number;
}

/**
 * Counts the designs by state. `answered` holds the keys answered since the last count (on the
 * dev server, in the background): such a design counts as generated, not from the cache.
 */
export function countStates(
  decisions: readonly (Pick<Decision, 'state' | 'generated'> & {
    key?: string;
  })[],
  answered: ReadonlySet<string> = new Set(),
): StateCounts {
  const counts: StateCounts = {
    designs: decisions.length,
    fromCache: 0,
    pinned: 0,
    generated: 0,
    stale: 0,
    failed: 0,
    incomplete: 0,
    notGenerated: 0,
    tooLarge: 0,
    generating: 0,
  };
  for (const {state, generated, key} of decisions) {
    if (state === 'fresh')
      counts[
        generated || (key && answered.has(key)) ? 'generated' : 'fromCache'
      ]++;
    else if (state === 'missing') counts.notGenerated++;
    else if (state === 'too-large') counts.tooLarge++;
    else counts[state]++;
  }
  return counts;
}

/** `n` with its noun, singular or plural. */
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The counts as one line: every state, those that may be empty only when they are not. */
export function countsLine(counts: StateCounts): string {
  return (
    `${plural(counts.designs, 'design')}: ${counts.fromCache} from cache, ${counts.pinned} pinned, ${counts.generated} generated, ` +
    `${counts.stale} stale, ${counts.failed} failed, ${counts.incomplete} incomplete, ${counts.notGenerated} not generated` +
    (counts.tooLarge ? `, ${counts.tooLarge} too large` : '') +
    (counts.generating ? `, ${counts.generating} being generated` : '')
  );
}

/** The one line a run ends with. */
export function summaryLine(summary: RunSummary): string {
  return (
    `${countsLine(summary)}; ${plural(summary.requests, 'request')}, ` +
    `${summary.tokensIn} tokens in, ${summary.tokensOut} out; ${summary.seconds.toFixed(1)} s`
  );
}
