import {commandName, type RunContext} from '../context';
import {MlsdError} from '../errors';
import {generateAnswers} from '../model/generate';
import type {DesignPlan} from '../plan/plan';
import {syncLocale} from '../locales';

/**
 * The plugin on the dev server: saves within the debounce period make one run, one at a time. A run
 * writes every page at once (`generating` where an answer is needed); the session asks in the
 * background, each key once, so a failing model waits for a change or `docusaurus mlsd generate`.
 */
export class DevSession {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly inFlight = new Set<string>();
  private readonly asked = new Set<string>();
  private lastOverLimit = '';
  /** Warnings said in this session: a run after each save would repeat them. */
  private readonly warned = new Set<string>();
  /** Asked in the background since a run last said what it did. */
  private spent = {requests: 0, tokensIn: 0, tokensOut: 0};
  private answered = new Set<string>();

  constructor(
    /** The context of the latest plugin load (a config change makes a new one). */
    public ctx: RunContext,
    private readonly debounceMs: number,
  ) {}

  /** A change in the docs tree: a run once it has been quiet for the debounce period. */
  schedule(delay = this.debounceMs): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
    this.timer.unref?.();
  }

  /** Runs now, or once the run in progress ends; resolves when the pages are written. */
  async run(): Promise<void> {
    clearTimeout(this.timer);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.once().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  private async once(): Promise<void> {
    const ctx: RunContext = {
      ...this.ctx,
      log: {
        ...this.ctx.log,
        warn: (message) => {
          if (!this.warned.has(message)) this.ctx.log.warn(message);
          this.warned.add(message);
        },
      },
    };
    try {
      await syncLocale(ctx, {
        inFlight: this.inFlight,
        asked: this.asked,
        ask: (plans) => this.ask(ctx, plans),
        overLimit: (plans) => this.overLimit(ctx, plans),
        takeSpent: () => {
          const taken = {...this.spent, answered: this.answered};
          this.spent = {requests: 0, tokensIn: 0, tokensOut: 0};
          this.answered = new Set();
          return taken;
        },
      });
    } catch (error) {
      // A reload must not stop the dev server: say what is wrong and keep serving.
      ctx.log.warn(error instanceof Error ? error.message : String(error));
    }
  }

  private ask(ctx: RunContext, plans: readonly DesignPlan[]): void {
    for (const plan of plans) {
      if (this.asked.has(plan.key)) continue;
      this.asked.add(plan.key);
      this.inFlight.add(plan.key);
      const why = plan.changed.length
        ? `${plan.changed.join(', ')} changed`
        : plan.state === 'missing'
          ? 'no answer yet'
          : plan.state;
      ctx.log.info(`${plan.design.id}: asking ${ctx.model} (${why})`);
      const started = Date.now();
      void generateAnswers(ctx, [plan], {progress: false})
        .then((generated) => {
          for (const key of ['requests', 'tokensIn', 'tokensOut'] as const)
            this.spent[key] += generated[key];
          const result = generated.results.get(plan.key);
          if (result?.ok === true) {
            this.answered.add(plan.key);
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            ctx.log.info(`${plan.design.id}: answered in ${seconds} s`);
          } else if (result?.ok === false) {
            ctx.log.warn(
              `${plan.design.id}: failed: ${result.message} ${result.hint}`,
            );
          }
        })
        .catch((error: unknown) => {
          ctx.log.warn(
            `${plan.design.id}: ${error instanceof MlsdError ? error.message : String(error)}`,
          );
        })
        .finally(() => {
          this.inFlight.delete(plan.key);
          // Write the page of the answer (or of the failure) now.
          this.schedule(0);
        });
    }
  }

  private overLimit(ctx: RunContext, plans: readonly DesignPlan[]): void {
    const ids = plans.map((plan) => plan.design.id).join(', ');
    if (ids === this.lastOverLimit) return;
    this.lastOverLimit = ids;
    ctx.log.warn(
      `${plans.length} designs need an answer, over the limit of ${ctx.maxGenerations} (option \`maxGenerationsPerRun\`, or MLSD_MAX_GENERATIONS): nothing is asked. ` +
        `They are: ${ids}. Restart with MLSD_MAX_GENERATIONS=${plans.length}, or run \`docusaurus ${commandName(ctx.options.id)} generate\` (a few with \`--design <id>\`).`,
    );
  }
}

/** An instance's session, on `globalThis` so that it (timer, requests) survives a re-import. */
export function devSession(ctx: RunContext, debounceMs: number): DevSession {
  const sessions = ((
    globalThis as {__mlsdDevSessions?: Map<string, DevSession>}
  ).__mlsdDevSessions ??= new Map());
  const id = `${ctx.siteDir}\0${ctx.options.id}`;
  let session = sessions.get(id);
  if (session) session.ctx = ctx;
  else sessions.set(id, (session = new DevSession(ctx, debounceMs)));
  return session;
}
