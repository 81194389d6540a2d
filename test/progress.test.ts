import {afterEach, describe, expect, it, vi} from 'vitest';
import {Progress} from '../plugin/src/model/progress';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    chunks,
    stream: {
      isTTY,
      write: (chunk: string) => chunks.push(chunk) > 0,
    } as unknown as NodeJS.WriteStream,
  };
}

describe('Progress', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('on a terminal, keeps one live line: done/total, in flight, elapsed, the designs asked', () => {
    vi.stubEnv('CI', '');
    const out = stream(true);
    const lines: string[] = [];
    const progress = new Progress(
      3,
      {
        info: (m) => lines.push(m),
        warn: (m) => lines.push(`W ${m}`),
        error: (m) => lines.push(`E ${m}`),
      },
      out.stream,
    );
    progress.begin('a');
    progress.begin('b');
    expect(out.chunks.at(-1)).toMatch(
      // eslint-disable-next-line no-control-regex -- the terminal's escape sequence is what is tested
      /^\r\x1b\[2K\[mlsd-deploy\] \[0\/3\] 2 in flight, [\d.]+ s: a, b$/,
    );
    progress.end('a', 'generated');
    expect(lines).toEqual([
      expect.stringMatching(/^\[1\/3\] 1 in flight, [\d.]+ s a: generated$/),
    ]);
    progress.end('b', 'failed: HTTP 500', true);
    // A failed request is a failure the run survives: a warning.
    expect(lines[1]).toMatch(/^W \[2\/3\] 0 in flight/);
    progress.finish();
    expect(out.chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('in CI or a pipe, writes plain lines only', () => {
    const out = stream(false);
    const lines: string[] = [];
    const progress = new Progress(
      1,
      {info: (m) => lines.push(m), warn: () => {}, error: () => {}},
      out.stream,
    );
    progress.begin('a');
    progress.end('a', 'generated');
    progress.finish();
    expect(out.chunks).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(/^\[1\/1\] 0 in flight, [\d.]+ s a: generated$/),
    ]);
  });
});
