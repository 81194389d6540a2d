import type {Decision} from './core/state';
import type {Written} from './pages/write';

/** The states designs are counted in, in the order a summary lists them. */
const COUNTED = [
  'fromCache',
  'pinned',
  'generated',
  'stale',
  'failed',
  'incomplete',
  'notGenerated',
  'tooLarge',
  'generating',
] as const;

/**
 * How many designs are in each state: they add up to `designs`. `generated`: answered by this run
 * (on the dev server, since the last summary); `generating`: being asked in the background.
 */
export type StateCounts = Record<'designs' | (typeof COUNTED)[number], number>;

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

/** Counts designs by state; one whose key was `answered` in the background counts as generated. */
export function countStates(
  decisions: readonly (Pick<Decision, 'state' | 'generated'> & {
    key?: string;
  })[],
  answered: ReadonlySet<string> = new Set(),
): StateCounts {
  const counts = {
    designs: decisions.length,
    ...Object.fromEntries(COUNTED.map((state) => [state, 0])),
  } as StateCounts;
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
