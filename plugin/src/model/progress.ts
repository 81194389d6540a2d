import type {Log} from '../context';

/** Generation progress: a live line on a terminal's stderr, else (CI, pipes) a line per request. */
export class Progress {
  private done = 0;
  private readonly inFlight = new Set<string>();
  private readonly started = Date.now();
  private readonly live: boolean;

  constructor(
    private readonly total: number,
    private readonly log: Log,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.live = Boolean(stream.isTTY) && !process.env.CI;
  }

  /** The status line: `[2/5] 2 in flight, 12.3 s`. */
  line(): string {
    return `[${this.done}/${this.total}] ${this.inFlight.size} in flight, ${((Date.now() - this.started) / 1000).toFixed(1)} s`;
  }

  private draw(): void {
    if (this.live)
      this.stream.write(
        `\r\x1b[2K[mlsd-deploy] ${this.line()}${this.inFlight.size ? `: ${[...this.inFlight].join(', ')}` : ''}`,
      );
  }

  begin(design: string): void {
    this.inFlight.add(design);
    this.draw();
  }

  end(design: string, outcome: string, failed = false): void {
    this.inFlight.delete(design);
    this.done++;
    if (this.live) this.stream.write('\r\x1b[2K');
    const message = `${this.line()} ${design}: ${outcome}`;
    // A failed request is a failure the run survives: a warning, not an error.
    this.log[failed ? 'warn' : 'info'](message);
    this.draw();
  }

  finish(): void {
    if (this.live) this.stream.write('\r\x1b[2K');
  }
}
