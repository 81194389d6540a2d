// Benchmark of the plugin's own work in a build (no webpack): reading the docs tree, finding the
// designs, reading their sections, hashing keys, and writing Deploy pages from the cache.
//
//   npm run bench -- [designs]     (default 1000)
//
// It makes a synthetic handbook in a temp folder: each design a folder of five pages
// (about 5 KB of Russian Markdown each, with headings, lists and tables), and prints
// figures for a first run (nothing parsed before), a rebuild with nothing changed, and a
// rebuild after one section changed.
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const {syncDeployPages} = require('../plugin/lib/run.js');
const {DEFAULT_OPTIONS} = require('../plugin/lib/options.js');

const designs = Number(process.argv[2] ?? 1000);
const site = mkdtempSync(join(tmpdir(), 'mlsd-bench-'));

function section(number, title, seed) {
  const rows = Array.from(
    {length: 12},
    (_, i) =>
      `| Источник ${seed}-${i} | ${(i + 1) * 17} млн событий в сутки | Kafka, задержка до ${i + 2} с |`,
  ).join('\n');
  const list = Array.from(
    {length: 15},
    (_, i) =>
      `- Требование ${i + 1}: p99 задержки не выше ${(i + 1) * 20} мс при ${seed * 10 + i} тыс. RPS.`,
  ).join('\n');
  const prose =
    'Сервис рекомендаций ранжирует кандидатов двухбашенной моделью, а затем градиентным бустингом по 180 признакам. '.repeat(
      8,
    );
  return `---\ndescription: Раздел ${number} дизайна ${seed}\n---\n\n# ${number}. ${title}\n\n${prose}\n\n## Подробности\n\n${list}\n\n### Источники\n\n| Источник | Объём | Доставка |\n| --- | --- | --- |\n${rows}\n`;
}

const TITLES = {
  1: 'Постановка задачи',
  2: 'Метрики',
  3: 'Данные',
  4: 'Архитектура и модели',
  5: 'Пилот',
};
let bytes = 0;
for (let d = 0; d < designs; d++) {
  const dir = join(site, 'docs', `design-${String(d).padStart(4, '0')}`);
  mkdirSync(dir, {recursive: true});
  for (const [number, title] of Object.entries(TITLES)) {
    const text = section(number, title, d);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `${number}-page.md`), text);
  }
}

const logs = [];
const ctx = {
  siteDir: site,
  docsDir: join(site, 'docs'),
  stateDir: join(site, '.docusaurus', 'docusaurus-plugin-mlsd-deploy'),
  options: {id: 'default', ...DEFAULT_OPTIONS},
  mode: 'offline',
  model: 'bench-model',
  maxGenerations: 0,
  log: {
    info: (m) => logs.push(m),
    warn: (m) => logs.push(m),
    error: (m) => logs.push(m),
  },
};

async function timed(label) {
  const started = process.hrtime.bigint();
  const summary = await syncDeployPages(ctx);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  (${summary.designs} designs, ${summary.written.length} pages written)`,
  );
  return ms;
}

console.log(
  `synthetic handbook: ${designs} designs, ${designs * 5} pages, ${(bytes / 1e6).toFixed(1)} MB, node ${process.version}`,
);
try {
  await timed('first run (every section parsed)');
  await timed('rebuild, nothing changed');
  await timed('rebuild, nothing changed (again)');
  const file = join(site, 'docs', 'design-0000', '3-page.md');
  writeFileSync(file, `${section(3, 'Данные', 0)}\nНовая строка.\n`);
  await timed('rebuild, one section changed');
} finally {
  rmSync(site, {recursive: true, force: true});
}
