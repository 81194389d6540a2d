/** Writes a synthetic handbook of `designs` designs into `docsDir` (see handbook.mjs). */
export function writeHandbook(
  docsDir: string,
  designs: number,
): Promise<{pages: string[]; bytes: number}>;
export function sectionPage(
  lang: 'ru' | 'en',
  number: number,
  seed: number,
): string;
export function singlePage(lang: 'ru' | 'en', seed: number): string;
