// The plugin's benchmark on a synthetic handbook (bench/handbook.mjs):
//
//   npm run bench -- [designs...]          (default 100 1000 10000)
//
// For each size (bench/size.mjs): the floor (read and hash every page), the first run, cold
// generation against a local server with a fixed latency, a warm rebuild with nothing changed,
// one with a section changed, `status --json`, and the peak RSS of each (every kind of run in a
// process of its own, as a user runs it). Then the
// plugin's share of a warm `docusaurus build` of a smaller handbook site, and where the warm
// time goes (bench/profile.mjs). Writes bench/results.md.
import {spawn} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {availableParallelism, cpus, tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {writeHandbook} from './handbook.mjs';
import {startBenchServer} from './server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Where a changed section's time and cold generation's start go, measured apart: each stage of
 * rebuilds in turns, timed where the pipeline calls it, and request times at the server.
 */
const BEYOND = [
  "## Beyond the parse: a changed section, and cold generation's start",
  '',
  'Measured apart, not by this script:',
  '',
  "- **A section changed** (on 2026-11-30, on the code of ad19081; 30 rebuilds of each kind at 100 designs, in turns, each stage timed where the pipeline calls it, the least of each): beside the Markdown parse of the page (2.4 ms in the run; 2.0 ms timed alone, as the table above times it), the run makes the section's text again (mdast to Markdown, 0.7 ms: it goes into the prompt, and so into the key), parses the page's front matter (YAML, 0.3 ms), renders the design's Deploy page, which now shows the new prompt and says its answer is stale (0.4 ms, 0.25 ms of it its front matter's YAML), writes it (0.55 ms: a temporary file, then the rename that makes the write atomic), and appends the page's new readings to the section cache's journal (0.3 ms). That is about 2.3 ms of work the changed page needs beside its parse: more than the parse itself at this size, so `one section changed ≤ warm + parse` cannot hold at 100 designs without dropping work a change needs. The scavenges its allocations set off come on top (the parse alone allocates about 4 MB; the GC column above). None of it grows with the handbook: at 1000 and 10 000 designs the difference is within the spread of the rebuild itself.",
  "- **Peak RSS of a dev session** (on 2026-11-30; the session's runs above at 1000 designs, twenty rounds, five processes each on the code before the session kept the section cache's files (ad19081) and after (84923c8), in turns): before, 248, 252, 259, 343 and 344 MB, a warm rebuild of 175–184 ms; after, 253, 255, 257, 258 and 265 MB, 155–166 ms. The live heap between runs is about 20 MB; the rest is garbage V8 has not collected yet, and how far it lets the heap grow first varies from run to run, the more so on a busy machine: a whole benchmark run on this code that began at a load average of 4.5 measured 376 MB for the session.",
  "- **Cold generation** (on 2026-11-30, commit f90f1c0; times of each request at the client and at the server, 100 designs, after an offline build): the first requests leave 62–78 ms after the stage begins, for loading `openai` (its CommonJS build, about 22 ms; its ES module build took 50) and Node's `fetch` (about 25 ms), and building the client and the requests. `yaml`, which writes the answers, loads while they are out, once Node's `fetch` reports the first sent. Each round then adds about 4 ms: a millisecond each to send, to receive, to write the answer before the slot asks again (so that an answer that cannot be cached stops the run before it pays for another), and the server's timer. Before, every request of the second round but the first left 25–30 ms late, and the rounds after kept that delay: Node's `fetch` lends a kept-alive connection again only a turn of the event loop after its response, so each of them opened a new connection, which connected only once all the answers of the first round had been handled. A run that parses its pages in worker threads (a first build with a key) loads `openai` and `fetch` while it waits on them.",
];

const ROOT = join(HERE, '..');
const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0) sizes.push(100, 1000, 10000);
/** Latency of every answer (ms) and the plugin's `concurrency`. */
const LATENCY = 200;
const CONCURRENCY = 16;
/** Designs of the site built with `docusaurus build` (webpack makes a larger one slow). */
const SITE_DESIGNS = 20;
/** Designs of the profile of warm runs (the same size as the profile taken before). */
const PROFILE_DESIGNS = 300;

/**
 * Where a warm rebuild's time went before this benchmark's work (commit 52bbbee, 300 designs,
 * offline, three warm runs of 0.8–1.7 s against a floor near 0.1 s), by bench/profile.mjs.
 */
const BEFORE = [
  ['outside the pipeline (async file reads: open, stat, read, close)', 31.1],
  ['YAML parse (front matter of every page)', 14.2],
  ['garbage collection', 11.8],
  ['write pages (render every page, compare text)', 8.9],
  ['hash (sha256: each page twice, each prompt three times)', 7.1],
  ['read the tree (docs.ts)', 6.7],
  ['find designs (core/discover)', 6.7],
  ['prompts and keys (plan.ts)', 5.0],
  ['other', 8.5],
];

/**
 * Where it went at the start of the round that keeps keys and pages by digest (commit 81576c1,
 * 300 designs with their answers, five warm runs of 0.32–0.41 s), by bench/profile.mjs.
 */
const BEFORE_ROUND = [
  ['outside the pipeline (file reads; Globby walking the tree)', 19.6],
  ['write pages (build every page, canonical JSON of it, coverage)', 19.6],
  ['hash (sha256: every prompt, every page built)', 13.5],
  ['garbage collection', 11.3],
  ['read the tree (docs.ts)', 10.1],
  ['section cache load/save (JSON of Cyrillic text)', 6.7],
  ['prompts and keys (plan.ts)', 6.1],
  ['token counts (an estimate and a digest of every prompt)', 5.8],
  ['other', 7.3],
];

function node(args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      ...options,
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${args.join(' ')} exited with ${code}`)),
    );
  });
}

const s = (ms) => (ms / 1000).toFixed(ms < 1000 ? 3 : 2);
const x = (ratio) => `${ratio.toFixed(2)}×`;
const mb = (bytes) => `${Math.round(bytes / 1e6)} MB`;
const ms = (value) => `${value.toFixed(1)} ms`;

async function measureSize(designs, server) {
  // The handbook is written here, so that writing it counts for nothing the size's own process
  // measures (its peak RSS above all); that process removes it.
  const site = await mkdtemp(join(tmpdir(), 'mlsd-bench-'));
  const {bytes} = await writeHandbook(join(site, 'docs'), designs);
  const out = await node(
    [
      'bench/size.mjs',
      site,
      String(designs),
      server.baseURL,
      String(LATENCY),
      String(CONCURRENCY),
    ],
    {env: {...process.env, BENCH_SOURCE_BYTES: String(bytes)}},
  );
  return JSON.parse(out.trim().split('\n').at(-1));
}

/** Two `docusaurus build`s of a handbook site; the second is the warm one. */
async function measureSite(server) {
  const site = join(HERE, '.tmp', `site-${SITE_DESIGNS}`);
  await rm(site, {recursive: true, force: true});
  await mkdir(site, {recursive: true});
  await cp(
    join(ROOT, 'test', 'fixtures', 'site', 'docusaurus.config.ts'),
    join(site, 'docusaurus.config.ts'),
  );
  await writeFile(
    join(site, 'sidebars.ts'),
    "export default {docs: [{type: 'autogenerated', dirName: '.'}]};\n",
  );
  await writeFile(
    join(site, 'package.json'),
    '{"name": "bench-site", "private": true}\n',
  );
  await writeHandbook(join(site, 'docs'), SITE_DESIGNS);
  // The home page the theme's navbar links to: the docs are served at the root.
  await writeFile(
    join(site, 'docs', 'index.md'),
    '---\nslug: /\n---\n\n# Handbook\n\nML System Design handbook of the benchmark.\n',
  );
  const times = join(site, 'plugin-times.txt');
  const env = {...process.env};
  for (const name of Object.keys(env))
    if (/^(OPENAI_|MLSD_)/.test(name)) delete env[name];
  Object.assign(env, {
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: server.baseURL,
    MLSD_MODEL: 'gpt-4o-mini',
    MLSD_BENCH_TIMES: times,
    NODE_OPTIONS: `--require ${join(HERE, 'plugin-timer.cjs')}`,
    NO_UPDATE_NOTIFIER: '1',
  });
  const docusaurus = join(
    ROOT,
    'node_modules',
    '@docusaurus',
    'core',
    'bin',
    'docusaurus.mjs',
  );
  const builds = [];
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    await node([docusaurus, 'build'], {cwd: site, env}).catch((error) => {
      throw new Error(
        `docusaurus build of the bench site failed: ${error.message}`,
      );
    });
    builds.push(performance.now() - started);
  }
  const plugin = (await readFile(times, 'utf8')).trim().split('\n').map(Number);
  await rm(site, {recursive: true, force: true});
  return {build: builds[1], plugin: plugin.at(-1)};
}

const server = await startBenchServer(LATENCY);
const rows = [];
let site;
let profile;
try {
  for (const designs of sizes) {
    console.log(`measuring ${designs} designs ...`);
    const row = await measureSize(designs, server);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  console.log(`building a site of ${SITE_DESIGNS} designs twice ...`);
  try {
    site = await measureSite(server);
    console.log(JSON.stringify(site));
  } catch (error) {
    console.error(error.message);
  }
  console.log(`profiling warm runs at ${PROFILE_DESIGNS} designs ...`);
  profile = await node(['bench/profile.mjs', String(PROFILE_DESIGNS), '3']);
  console.log(profile);
} finally {
  await server.close();
}

const pass = (ok) => (ok ? 'yes' : '**no**');
const first = rows[0];
const lines = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}. The machine may be shared: figures are the best of those taken where a run is repeated.`,
  '',
  'A synthetic handbook (`bench/handbook.mjs`): three designs in four are folders of five pages, one in four a single page with numbered headings; Russian and English by turns; each section has prose, a list, a code block and a table. The **floor** reads and hashes every page of the docs tree (sources and Deploy pages) with synchronous reads, after generation. Cold generation asks a local OpenAI-compatible server (`bench/server.mjs`) that answers after L = ' +
    `${LATENCY} ms, with \`concurrency\` C = ${CONCURRENCY}; its ratio is the generate stage's time over ceil(N / C) · L (the whole cold run also parses and compile-checks every new answer, shown apart).`,
  '',
  "Each kind of run is measured in a process of its own, as a user runs it: the first run and the cold run each as one build, `status --json` as one command, twenty rebuilds with nothing changed as a build runs them (the section cache read from disk) in one process, and the runs of a dev-server session in one process, which keeps the section cache it read from one run to the next: twenty rounds of a rebuild with nothing changed and one with a section changed, in turns. Five of each at 10 000 designs. The best of each kind counts; beside a session's, the garbage collection in its best changed run and its best warm one. **Peak RSS** is the largest of those processes' peak resident memory (each process' own is shown beside it); it includes the worker thread a run starts.",
  '',
  '| designs | pages | floor | first run | warm rebuild: a build | warm rebuild: a dev session | one section changed (a session) | changed − warm (a session) vs parse of the page (GC in the best changed run vs the best warm one) | status --json | generate stage / ceil(N/C)·L | cold run | peak RSS | peak RSS: first / cold / warm builds / session / status |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) =>
    [
      r.designs,
      `${Math.round(r.floorBytes / 1e6)} MB`,
      `${s(r.floor)} s`,
      `${s(r.first)} s (${x(r.first / r.floor)})`,
      `${s(r.warm)} s (${x(r.warm / r.floor)})`,
      `${s(r.warmSession)} s (${x(r.warmSession / r.floor)})`,
      `${s(r.oneChanged)} s (${x(r.oneChanged / r.floor)})`,
      `${s(r.oneChanged - r.warmSession)} s vs ${s(r.parseOne)} s (GC ${ms(r.oneChangedGc)} vs ${ms(r.warmSessionGc)})`,
      `${s(r.status)} s`,
      `${s(r.generate)} s / ${s(r.generateIdeal)} s = ${x(r.generate / r.generateIdeal)}`,
      `${s(r.coldRun)} s`,
      mb(r.maxRssBytes),
      ['first', 'cold', 'warm', 'rebuilds', 'status']
        .map((phase) => Math.round(r.rss[phase] / 1e6))
        .join(' / '),
    ]
      .join(' | ')
      .replace(/^/, '| ')
      .replace(/$/, ' |'),
  ),
  '',
  '## Targets',
  '',
  '| target | met |',
  '| --- | --- |',
  `| warm rebuild ≤ 3× the floor at every size | ${pass(rows.every((r) => Math.max(r.warm, r.warmSession) <= 3 * r.floor))} (a build: ${rows.map((r) => x(r.warm / r.floor)).join(', ')}; a dev session: ${rows.map((r) => x(r.warmSession / r.floor)).join(', ')}) |`,
  `| warm rebuild linear (per design, relative to the smallest size) | a build: ${rows.map((r) => x(r.warm / r.designs / (first.warm / first.designs))).join(', ')}; a dev session: ${rows.map((r) => x(r.warmSession / r.designs / (first.warmSession / first.designs))).join(', ')} |`,
  `| one section changed ≤ warm + parse of that page | ${pass(rows.every((r) => r.oneChanged <= r.warmSession + r.parseOne))} (${rows.map((r) => `${s(r.oneChanged)} ≤ ${s(r.warmSession + r.parseOne)}`).join(', ')}) |`,
  `| one section changed − warm, at each size (the change's own cost: it must not grow with the handbook) | ${rows.map((r) => `${s(r.oneChanged - r.warmSession)} s`).join(', ')} |`,
  `| first run linear (per design, relative to the smallest size) | ${rows.map((r) => x(r.first / r.designs / (first.first / first.designs))).join(', ')} |`,
  `| peak RSS < 300 MB at 1000 designs, < 1 GB at 10 000 | ${
    rows
      .filter((r) => r.designs === 1000 || r.designs === 10000)
      .map(
        (r) =>
          `${r.designs}: ${mb(r.maxRssBytes)} ${pass(r.maxRssBytes < (r.designs === 1000 ? 300e6 : 1e9))}`,
      )
      .join(', ') || 'not measured'
  } |`,
  `| cold generation within 10 % of ceil(N/C)·L | ${pass(rows.every((r) => r.generate <= 1.1 * r.generateIdeal))} (${rows.map((r) => x(r.generate / r.generateIdeal)).join(', ')}) |`,
  site
    ? `| plugin < 2 % of a warm \`docusaurus build\` (${SITE_DESIGNS} designs) | ${pass(site.plugin < 0.02 * site.build)} (${s(site.plugin)} s of ${s(site.build)} s = ${((100 * site.plugin) / site.build).toFixed(2)} %, module loading included) |`
    : `| plugin < 2 % of a warm \`docusaurus build\` (${SITE_DESIGNS} designs) | not measured: the build failed (see the benchmark's output) |`,
  '',
  ...BEYOND,
  '',
  "## Where a warm rebuild's time goes",
  '',
  `A CPU profile of three warm rebuilds at ${PROFILE_DESIGNS} designs, offline (\`bench/profile.mjs\`): each sample counts for the innermost pipeline stage on its stack.`,
  '',
  'Before (commit 52bbbee):',
  '',
  '| stage | share |',
  '| --- | --- |',
  ...BEFORE.map(([stage, share]) => `| ${stage} | ${share.toFixed(1)} % |`),
  '',
  'At the start of this round (commit 81576c1, with answers):',
  '',
  '| stage | share |',
  '| --- | --- |',
  ...BEFORE_ROUND.map(
    ([stage, share]) => `| ${stage} | ${share.toFixed(1)} % |`,
  ),
  '',
  'After:',
  '',
  '```',
  profile.trim(),
  '```',
  '',
];
await writeFile(join(HERE, 'results.md'), lines.join('\n'));
console.log(lines.join('\n'));
