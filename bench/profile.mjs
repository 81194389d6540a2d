// Profiles the plugin's warm rebuild (nothing changed) on a synthetic handbook:
//
//   npm run build:plugin && node bench/profile.mjs [designs] [runs] [profile file]
//
// It writes the handbook and makes a first run, then records a CPU profile of the warm runs
// only (the inspector's profiler, as `node --cpu-prof` would) and prints the share of each
// stage of the pipeline: the innermost stage function on the stack of each sample.
import {Session} from 'node:inspector/promises';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createRequire} from 'node:module';
import {writeHandbook} from './handbook.mjs';
import {startBenchServer} from './server.mjs';

const require = createRequire(import.meta.url);
const {syncDeployPages} = require('../plugin/lib/run.js');
const {DEFAULT_OPTIONS} = require('../plugin/lib/options.js');

/**
 * Stages of a run, by the functions that do them; a sample counts for the innermost one on its
 * stack (so `sha256` inside the memo counts as hashing, not as reading sections).
 */
const STAGES = [
  ['hash (sha256)', /^(sha256|digestOf)$/],
  ['YAML/JSON parse', /^(parse|parseYaml|parseDocument)$/u],
  [
    'read the tree (docs/tree.ts)',
    /^(readDocsTree|walk|listDocsTree|readFiles)$/,
  ],
  ['memo load/save (memo/memo.ts)', /^(load|save)$/],
  ['find designs (core/discover)', /^findDesigns$/],
  ['read sections (plan/readings.ts)', /^(promptSections|page|section|head)$/],
  ['request shapes (plan/requests.ts)', /^requestShapes$/],
  ['answers (answers/store.ts)', /^(readAll|readPins|readEntries)$/],
  [
    'prompts and keys (plan/plan.ts)',
    /^(buildPrompt|buildMessages|cacheKey|inputDigests|decideState)$/,
  ],
  ['load markdown tools', /^(markdownTools|createMarkdownTools)$/],
  [
    'write pages (pages/)',
    /^(writePages|renderPage|deployPage|pageInputs|mdxCompileError)$/,
  ],
  ['plan (other)', /^planDesigns$/],
  ['pipeline (other)', /^syncDeployPages$/],
];

function stageShares(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const stageOf = new Map();
  const resolve = (id) => {
    if (stageOf.has(id)) return stageOf.get(id);
    const node = byId.get(id);
    const name = node.callFrame.functionName;
    let stage;
    if (name === '(garbage collector)') stage = 'garbage collection';
    else if (name === '(idle)' || name === '(program)') stage = name;
    else {
      const own = STAGES.find(
        ([, pattern]) =>
          pattern.test(name) &&
          /plugin[/\\]lib|yaml|node:/.test(node.callFrame.url || 'node:'),
      );
      stage = own
        ? own[0]
        : parent.has(id)
          ? resolve(parent.get(id))
          : 'outside the pipeline';
    }
    stageOf.set(id, stage);
    return stage;
  };
  const totals = new Map();
  for (const [i, id] of profile.samples.entries()) {
    const stage = resolve(id);
    totals.set(stage, (totals.get(stage) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  return totals;
}

function formatShares(totals) {
  const busy = [...totals].filter(([stage]) => stage !== '(idle)');
  const all = busy.reduce((sum, [, us]) => sum + us, 0);
  return busy
    .sort((a, b) => b[1] - a[1])
    .map(
      ([stage, us]) =>
        `${stage.padEnd(32)} ${((100 * us) / all).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms`,
    )
    .join('\n');
}

const designs = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const site = await mkdtemp(join(tmpdir(), 'mlsd-profile-'));
await writeHandbook(join(site, 'docs'), designs);
const ctx = {
  siteDir: site,
  docsDir: join(site, 'docs'),
  stateDir: join(site, '.docusaurus', 'docusaurus-plugin-mlsd-deploy'),
  options: {id: 'default', ...DEFAULT_OPTIONS},
  mode: process.env.BENCH_ANSWERS ? 'auto' : 'offline',
  apiKey: 'bench-key',
  concurrency: 16,
  model: DEFAULT_OPTIONS.model,
  maxGenerations: designs,
  log: {info() {}, warn() {}, error() {}},
};
try {
  // With BENCH_ANSWERS set, answers are generated first (a local server, no latency), so that
  // the warm runs read cached answers and render them, as a site's build does.
  const server = await startBenchServer(0);
  ctx.baseURL = server.baseURL;
  let started = performance.now();
  await syncDeployPages(ctx);
  await server.close();
  console.error(`first run ${(performance.now() - started).toFixed(0)} ms`);
  // One warm run unprofiled: it keeps what the first run did not (parsed cache entries).
  await syncDeployPages(ctx);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', {interval: 200});
  await session.post('Profiler.start');
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    await syncDeployPages(ctx);
    console.error(`warm ${(performance.now() - started).toFixed(0)} ms`);
  }
  const {profile} = await session.post('Profiler.stop');
  if (process.argv[4])
    await writeFile(process.argv[4], JSON.stringify(profile));
  console.log(formatShares(stageShares(profile)));
} finally {
  await rm(site, {recursive: true, force: true});
}
