// A synthetic ML System Design handbook for the benchmark and the tests: folder designs (a page
// per section) and single-page designs (numbered headings in one page), in Russian and English,
// with lists, tables and code blocks, about 4 KB a page.
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';

const LANGS = {
  ru: {
    titles: {
      1: 'Постановка задачи',
      2: 'Метрики',
      3: 'Данные',
      4: 'Архитектура и модели',
      5: 'Пилот',
    },
    prose:
      'Сервис рекомендаций ранжирует кандидатов двухбашенной моделью, а затем градиентным бустингом по 180 признакам. ',
    row: (seed, i) =>
      `| Источник ${seed}-${i} | ${(i + 1) * 17} млн событий в сутки | Kafka, задержка до ${i + 2} с |`,
    head: '| Источник | Объём | Доставка |',
    item: (seed, i) =>
      `- Требование ${i + 1}: p99 задержки не выше ${(i + 1) * 20} мс при ${seed * 10 + i} тыс. RPS.`,
    details: 'Подробности',
    sources: 'Источники',
  },
  en: {
    titles: {
      1: 'Problem definition',
      2: 'Metrics',
      3: 'Data',
      4: 'Architecture and models',
      5: 'Pilot',
    },
    prose:
      'The recommender ranks candidates with a two-tower model, then re-ranks them with gradient boosting over 180 features. ',
    row: (seed, i) =>
      `| Source ${seed}-${i} | ${(i + 1) * 17}M events a day | Kafka, up to ${i + 2} s late |`,
    head: '| Source | Volume | Delivery |',
    item: (seed, i) =>
      `- Requirement ${i + 1}: p99 latency under ${(i + 1) * 20} ms at ${seed * 10 + i}k RPS.`,
    details: 'Details',
    sources: 'Sources',
  },
};

const FILE_NAMES = {
  1: 'problem',
  2: 'metrics',
  3: 'data',
  4: 'architecture',
  5: 'pilot',
};

/** The body of one section: prose, a list, a code block and a table, under `depth` headings. */
export function sectionBody(lang, seed, depth = 2) {
  const l = LANGS[lang];
  const h = '#'.repeat(depth);
  const rows = Array.from({length: 10}, (_, i) => l.row(seed, i)).join('\n');
  const list = Array.from({length: 12}, (_, i) => l.item(seed, i)).join('\n');
  const code = [
    '```python',
    `def score(user, items, k=${(seed % 97) + 3}):`,
    '    candidates = retrieve(user, items)',
    '    return rank(candidates)[:k]',
    '```',
  ].join('\n');
  return `${l.prose.repeat(7)}\n\n${h} ${l.details}\n\n${list}\n\n${code}\n\n${h}# ${l.sources}\n\n${l.head}\n| --- | --- | --- |\n${rows}\n`;
}

/** A folder design's page for one section. */
export function sectionPage(lang, number, seed) {
  const title = LANGS[lang].titles[number];
  return `---\ndescription: ${title} ${seed}\n---\n\n# ${number}. ${title}\n\n${sectionBody(lang, seed)}`;
}

/** A single-page design: sections 1 to 5 as numbered `##` headings of one page. */
export function singlePage(lang, seed) {
  const {titles} = LANGS[lang];
  const parts = Object.entries(titles).map(
    ([number, title]) =>
      `## ${number}. ${title}\n\n${sectionBody(lang, seed, 3)}`,
  );
  return `---\nmlsd: true\n---\n\n# Design ${seed}\n\n${parts.join('\n')}`;
}

/** Design `d` of the handbook: every fourth one a single page; every other one in English. */
export function designOf(d) {
  const lang = d % 2 ? 'en' : 'ru';
  const name = `design-${String(d).padStart(5, '0')}`;
  return d % 4 === 3
    ? {kind: 'page', lang, id: `pages/${name}`, file: `pages/${name}.md`}
    : {kind: 'folder', lang, id: name, dir: name};
}

/**
 * Writes a handbook of `designs` designs into `docsDir`, a few files at a time; returns its
 * pages (relative paths) and bytes.
 */
export async function writeHandbook(docsDir, designs) {
  const files = [['intro.md', '# Handbook\n\nHow we write ML designs.\n']];
  for (let d = 0; d < designs; d++) {
    const design = designOf(d);
    if (design.kind === 'page') {
      files.push([design.file, singlePage(design.lang, d)]);
    } else {
      // Names stay distinct once the docs plugin strips their number prefixes.
      for (const [number, name] of Object.entries(FILE_NAMES))
        files.push([
          `${design.dir}/${number}-${name}.md`,
          sectionPage(design.lang, Number(number), d),
        ]);
    }
  }
  const dirs = new Set(files.map(([file]) => join(docsDir, file, '..')));
  for (const dir of dirs) await mkdir(dir, {recursive: true});
  let bytes = 0;
  let next = 0;
  await Promise.all(
    Array.from({length: 32}, async () => {
      while (next < files.length) {
        const [file, text] = files[next++];
        bytes += Buffer.byteLength(text);
        await writeFile(join(docsDir, file), text);
      }
    }),
  );
  return {pages: files.map(([file]) => file), bytes};
}
