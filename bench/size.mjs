// One size of the benchmark, in its own process so that its peak RSS is its own:
//
//   node bench/size.mjs <site> <designs> <baseURL> <latency ms> <concurrency>
//
// <site> holds the handbook in `docs/`, written by the caller (so that writing it counts for no
// figure of this process, its peak RSS included); it is removed at the end.
// Prints one JSON line of figures (milliseconds, bytes). See bench/bench.mjs.
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {appendFile, rm} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {join} from 'node:path';

const require = createRequire(import.meta.url);
const run = require('../plugin/lib/run.js');
const generate = require('../plugin/lib/generate.js');
const {COMMANDS} = require('../plugin/lib/commands.js');
const {DEFAULT_OPTIONS} = require('../plugin/lib/options.js');
const {loadMarkdownTools} = require('../plugin/lib/core/markdown.js');

const [site, designs, baseURL, latency, concurrency] = [
  process.argv[2],
  Number(process.argv[3]),
  process.argv[4],
  Number(process.argv[5]),
  Number(process.argv[6]),
];
const docsDir = join(site, 'docs');
const sourceBytes = Number(process.env.BENCH_SOURCE_BYTES);

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

function context(mode) {
  return {
    siteDir: site,
    docsDir,
    stateDir: join(site, '.docusaurus', 'docusaurus-plugin-mlsd-deploy'),
    options: {id: 'default', ...DEFAULT_OPTIONS, concurrency},
    mode,
    model: DEFAULT_OPTIONS.model,
    maxGenerations: designs,
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
  return {ms: performance.now() - started, result};
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

const best = (values) => Math.min(...values);

try {
  const out = {designs, sourceBytes};

  out.first = (await timed(() => run.syncDeployPages(context('offline')))).ms;

  const cold = await timed(() => run.syncDeployPages(context('auto')));
  if (cold.result.generated !== designs)
    throw new Error(
      `cold generation made ${cold.result.generated} answers of ${designs}`,
    );
  out.coldRun = cold.ms;
  out.generate = generateMs;
  out.generateIdeal = Math.ceil(designs / concurrency) * latency;

  const floors = [floor(), floor(), floor()];
  out.floor = best(floors.map((f) => f.ms));
  out.floorBytes = floors[0].bytes;
  const warm = [];
  for (let i = 0; i < 3; i++) {
    const {ms, result} = await timed(() =>
      run.syncDeployPages(context('offline')),
    );
    if (result.written.length || result.requests)
      throw new Error('a warm rebuild wrote pages or asked the model');
    warm.push(ms);
  }
  out.warm = best(warm);

  // One section changed: a line added to section 3 of a design, three times over (three
  // designs, so that each run sees one new change); the best run counts, as for the warm
  // rebuild. The page's parse is timed alone, with the Markdown tools this process has loaded.
  const md = await loadMarkdownTools();
  const ones = [];
  const parses = [];
  for (const id of ['design-00000', 'design-00001', 'design-00002']) {
    const changed = join(docsDir, id, '3-data.md');
    await appendFile(changed, '\nОдна новая строка.\n');
    const text = readFileSync(changed, 'utf8');
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      md.parseDoc(text, 'mdx');
      parses.push(performance.now() - started);
    }
    // Offline: the stale design is not asked for again (that would be a model call, not our work).
    const one = await timed(() => run.syncDeployPages(context('offline')));
    if (one.result.written.length !== 1)
      throw new Error(
        `one section changed wrote ${one.result.written.length} pages`,
      );
    ones.push(one.ms);
  }
  out.parseOne = best(parses);
  out.oneChanged = best(ones);

  // `mlsd status --json`, as the command runs it, its output thrown away.
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    out.status = (
      await timed(() =>
        COMMANDS.status(context('offline'), {json: true, design: []}),
      )
    ).ms;
  } finally {
    process.stdout.write = write;
  }
  out.maxRssBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify(out));
} finally {
  await rm(site, {recursive: true, force: true});
}
