import type {Decision} from './core/state';
import type {Generated} from './model/generate';
import type {Written} from './pages/write';

/** What one run did. */
export interface RunSummary {
  designs: number;
  fromCache: number;
  pinned: number;
  generated: number;
  failed: number;
  incomplete: number;
  notGenerated: number;
  requests: number;
  tokensIn: number;
  tokensOut: number;
  seconds: number;
  written: string[];
  removed: string[];
}

/** Counts what a run did, from each design's final decision. */
export function summarize(
  decisions: readonly Decision[],
  generated: Generated,
  written: Written,
  seconds: number,
): RunSummary {
  const summary: RunSummary = {
    designs: decisions.length,
    fromCache: 0,
    pinned: 0,
    generated: 0,
    failed: 0,
    incomplete: 0,
    notGenerated: 0,
    requests: generated.requests,
    tokensIn: generated.tokensIn,
    tokensOut: generated.tokensOut,
    seconds,
    ...written,
  };
  for (const decision of decisions) {
    if (decision.state === 'pinned') summary.pinned++;
    else if (decision.state === 'incomplete') summary.incomplete++;
    else if (decision.state === 'failed' || decision.state === 'too-large') {
      summary.failed++;
    } else if (decision.generated) summary.generated++;
    else if (decision.state === 'fresh') summary.fromCache++;
    else summary.notGenerated++;
  }
  return summary;
}

/** The one line a run ends with. */
export function summaryLine(summary: RunSummary): string {
  return (
    `${summary.designs} designs: ${summary.fromCache} from cache, ${summary.pinned} pinned, ${summary.generated} generated, ${summary.failed} failed, ` +
    `${summary.incomplete} incomplete, ${summary.notGenerated} not generated; ${summary.requests} requests, ` +
    `${summary.tokensIn} tokens in, ${summary.tokensOut} out; ${summary.seconds.toFixed(1)} s`
  );
}
