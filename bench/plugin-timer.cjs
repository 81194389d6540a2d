// Preloaded into `docusaurus build` by the benchmark (NODE_OPTIONS=--require): times the plugin's
// own work, its module loading (less Docusaurus's own packages, which the core loads anyway) and
// every run of its pipeline, and appends the milliseconds to the file named by MLSD_BENCH_TIMES.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: it must patch the module the plugin requires */
const {appendFileSync} = require('node:fs');
const {join} = require('node:path');

const lib = join(__dirname, '..', 'plugin', 'lib');
// Docusaurus's own packages, which its core loads before any plugin: not the plugin's cost.
for (const name of [
  '@docusaurus/logger',
  '@docusaurus/utils',
  '@docusaurus/utils-validation',
])
  require(name);
const started = performance.now();
require(join(lib, 'index.js'));
const run = require(join(lib, 'run.js'));
let ms = performance.now() - started;
const syncDeployPages = run.syncDeployPages;
run.syncDeployPages = async (...args) => {
  const begun = performance.now();
  try {
    return await syncDeployPages(...args);
  } finally {
    ms += performance.now() - begun;
    appendFileSync(process.env.MLSD_BENCH_TIMES, `${ms}\n`);
  }
};
