// One size of the benchmark:
//
//   node bench/size.mjs <site> <designs> <baseURL> <latency ms> <concurrency>
//
// <site> holds the handbook in `docs/`, written by the caller (so that writing it counts for no
// figure measured here); it is removed at the end. Prints one JSON line of figures
// (milliseconds, bytes). See bench/bench.mjs.
//
// Each kind of run is measured in a process of its own, as a user runs it, so that its peak RSS
// is that run's: the first run, the cold run (generation), `status --json`, each a command or a
// build of its own; the warm rebuilds as a build runs them (twenty, five at 10 000 designs) in
// one process; and the runs of a dev-server session in one process: as many rounds of a
// rebuild with nothing changed and one with a section changed, in turns. Up to 1000 designs,
// every phase once more on a copy of the handbook, with Node's old space capped. This process
// measures the floor and starts the others (`node bench/size.mjs --phase <name> ...`).
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {appendFile, cp, rm} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {PerformanceObserver} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';

const require = createRequire(import.meta.url);
const phase = process.argv[2] === '--phase' ? process.argv[3] : undefined;
const [site, designs, baseURL, latency, concurrency] = process.argv.slice(
  phase ? 4 : 2,
);
const docsDir = join(site, 'docs');

function context(mode) {
  const {DEFAULT_OPTIONS} = require('../plugin/lib/options.js');
  return {
    siteDir: site,
    docsDir,
    stateDir: join(site, '.docusaurus', 'docusaurus-plugin-mlsd-deploy'),
    options: {
      id: 'default',
      ...DEFAULT_OPTIONS,
      concurrency: Number(concurrency),
    },
    mode,
    model: DEFAULT_OPTIONS.model,
    maxGenerations: Number(designs),
    apiKey: 'bench-key',
    baseURL,
    markdownFormat: 'mdx',
    log: {
      info() {},
      warn: (message) => console.error(`warn: ${message}`),
      error: (message) => console.error(`error: ${message}`),
    },
  };
}

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  const ended = performance.now();
  return {ms: ended - started, result, started, ended};
}

const best = (values) => Math.min(...values);

/** A rebuild with nothing changed, timed; it must write nothing and ask nothing. */
async function unchanged(run, ctx) {
  const rebuild = await timed(() => run.syncDeployPages(ctx));
  if (rebuild.result.written.length || rebuild.result.requests)
    throw new Error('a warm rebuild wrote pages or asked the model');
  return rebuild;
}

/**
 * Rounds of rebuilds: twenty where a rebuild takes at most some tenths of a second, so that the
 * best of each kind is not a chance one on a busy machine; five at 10 000 designs.
 */
const rebuildRounds = (designs) => (designs >= 10000 ? 5 : 20);

/** Folder designs whose section 3 the rebuilds change, one a round (one design in four is a page). */
const REBUILD_DESIGNS = Array.from(
  {length: rebuildRounds(Number(designs))},
  (_, i) => `design-${String(i + Math.floor(i / 3)).padStart(5, '0')}`,
);

/** The runs of each phase, in the phase's own process; each gives its figures. */
const PHASES = {
  async first() {
    const run = require('../plugin/lib/run.js');
    return {
      first: (await timed(() => run.syncDeployPages(context('offline')))).ms,
    };
  },

  async cold() {
    const run = require('../plugin/lib/run.js');
    const generate = require('../plugin/lib/model/generate.js');
    // The generate stage, timed where the pipeline calls it.
    let generateMs = 0;
    const generateAnswers = generate.generateAnswers;
    generate.generateAnswers = async (...args) => {
      const started = performance.now();
      try {
        return await generateAnswers(...args);
      } finally {
        generateMs = performance.now() - started;
      }
    };
    const cold = await timed(() => run.syncDeployPages(context('auto')));
    if (cold.result.generated !== Number(designs))
      throw new Error(
        `cold generation made ${cold.result.generated} answers of ${designs}`,
      );
    return {
      coldRun: cold.ms,
      generate: generateMs,
      generateIdeal: Math.ceil(designs / concurrency) * latency,
    };
  },

  async warm() {
    const run = require('../plugin/lib/run.js');
    // Rebuilds with nothing changed as a build runs them, each reading the memo from disk. The
    // best counts.
    const warm = [];
    for (let i = 0; i < rebuildRounds(Number(designs)); i++)
      warm.push((await unchanged(run, context('offline'))).ms);
    return {warm: best(warm)};
  },

  async rebuilds() {
    const run = require('../plugin/lib/run.js');
    const {loadMarkdownTools} = require('../plugin/lib/core/markdown.js');
    const md = await loadMarkdownTools();
    // The runs of a dev-server session, one process: rounds of a rebuild with nothing changed,
    // then one with a line added to section 3 of a design (a design of its own each round, so
    // that each run sees one new change), taken in turns, so that both meet the process in the
    // same state. The best of each counts. The page's parse is timed alone, with the Markdown
    // tools this process has loaded. Garbage collections are recorded, to say how much of each
    // best run was one.
    const session = context('offline');
    const collections = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        collections.push({at: entry.startTime, ms: entry.duration});
    });
    observer.observe({entryTypes: ['gc']});
    const warm = [];
    const ones = [];
    const parses = [];
    for (const id of REBUILD_DESIGNS) {
      warm.push(await unchanged(run, session));
      const changed = join(docsDir, id, '3-data.md');
      await appendFile(changed, '\nОдна новая строка.\n');
      const text = readFileSync(changed, 'utf8');
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        md.parseDoc(text, 'mdx');
        parses.push(performance.now() - started);
      }
      // Offline: the stale design is not asked for again (that would be a model call, not our work).
      const one = await timed(() => run.syncDeployPages(session));
      if (one.result.written.length !== 1)
        throw new Error(
          `one section changed wrote ${one.result.written.length} pages`,
        );
      ones.push(one);
    }
    // Entries of the last collections come a turn of the event loop later.
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    const bestOf = (runs) =>
      runs.reduce((best, run) => (run.ms < best.ms ? run : best));
    const gcIn = ({started, ended}) =>
      collections
        .filter(({at}) => at >= started && at < ended)
        .reduce((sum, {ms}) => sum + ms, 0);
    const bestWarm = bestOf(warm);
    const bestOne = bestOf(ones);
    return {
      warmSession: bestWarm.ms,
      warmSessionGc: gcIn(bestWarm),
      parseOne: best(parses),
      oneChanged: bestOne.ms,
      oneChangedGc: gcIn(bestOne),
      rebuildRounds: REBUILD_DESIGNS.length,
    };
  },

  async status() {
    const {COMMANDS} = require('../plugin/lib/cli/commands.js');
    // `mlsd status --json`, as the command runs it, its output thrown away.
    const write = process.stdout.write;
    process.stdout.write = () => true;
    try {
      return {
        status: (
          await timed(() =>
            COMMANDS.status(context('offline'), {json: true, design: []}),
          )
        ).ms,
      };
    } finally {
      process.stdout.write = write;
    }
  },
};

/**
 * The old space (MB) the phases are held to when taken again, up to 1000 designs: what the runs
 * need, against what Node's default heap policy takes.
 */
const CAPPED_OLD_SPACE = 192;

/**
 * Runs a phase in a process of its own, on `site`, with Node `flags`; gives its figures and its
 * peak RSS.
 */
function inProcess(name, {flags = [], on = site} = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...flags,
        fileURLToPath(import.meta.url),
        '--phase',
        name,
        on,
        ...process.argv.slice(3),
      ],
      {stdio: ['ignore', 'pipe', 'inherit']},
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout.trim().split('\n').at(-1)))
        : reject(new Error(`the ${name} phase exited with ${code}`)),
    );
  });
}

/** The floor: read every page of the docs tree and hash it, as simply as it can be done. */
function floor() {
  const started = performance.now();
  let bytes = 0;
  for (const entry of readdirSync(docsDir, {recursive: true})) {
    if (!/\.mdx?$/.test(entry)) continue;
    const buffer = readFileSync(join(docsDir, entry));
    bytes += buffer.length;
    createHash('sha256').update(buffer).digest('hex');
  }
  return {ms: performance.now() - started, bytes};
}

if (phase) {
  const out = await PHASES[phase]();
  out.maxRssBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify(out));
} else {
  try {
    const out = {
      designs: Number(designs),
      sourceBytes: Number(process.env.BENCH_SOURCE_BYTES),
      rss: {},
    };
    // Up to 1000 designs, every phase again on a copy of the handbook as it was written, in
    // processes whose old space is capped: the memory the runs need, apart from what Node's
    // default heap policy lets the heap grow to, and what holding them to it costs.
    const copy = Number(designs) <= 1000 && `${site}-capped`;
    if (copy) await cp(site, copy, {recursive: true});
    /** Runs phase `name` (see `inProcess` for `options`); its figures and peak RSS go `into`. */
    const measure = async (name, into = out, options = {}) => {
      const {maxRssBytes, ...figures} = await inProcess(name, options);
      Object.assign(into, figures);
      into.rss[name] = maxRssBytes;
    };
    await measure('first');
    await measure('cold');
    const floors = [floor(), floor(), floor()];
    out.floor = best(floors.map((f) => f.ms));
    out.floorBytes = floors[0].bytes;
    await measure('warm');
    await measure('rebuilds');
    await measure('status');
    if (copy) {
      out.capped = {oldSpaceMb: CAPPED_OLD_SPACE, rss: {}};
      const flags = [`--max-old-space-size=${CAPPED_OLD_SPACE}`];
      for (const name of Object.keys(out.rss))
        await measure(name, out.capped, {flags, on: copy});
    }
    out.maxRssBytes = Math.max(...Object.values(out.rss));
    console.log(JSON.stringify(out));
  } finally {
    await rm(site, {recursive: true, force: true});
    await rm(`${site}-capped`, {recursive: true, force: true});
  }
}
