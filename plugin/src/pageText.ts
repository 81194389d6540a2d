import {readFileSync} from 'node:fs';
import {splitFrontMatter} from './core/frontMatter';
import {sha256} from './core/key';
import {normalizeSource} from './core/normalize';
import {MlsdError} from './errors';

const utf8 = new TextDecoder('utf-8', {fatal: true});

/**
 * The text of a page as the plugin reads it, from its bytes on disk. Decoded, a source page is
 * normalized (`normalizeSource`: BOM, line endings, trailing spaces), so that formatting costs
 * no request; a generated page is kept byte for byte, since it is rewritten only when its bytes
 * change. Invalid UTF-8 is read as Docusaurus reads it, with replacement characters, and
 * `onInvalidUtf8` is told; malformed front matter stops the run, naming the page.
 *
 * With `digest`, the bytes must be those the run hashed when it listed the tree: a page saved
 * again since then would be read under the old page's digest, so the run stops and says so.
 */
export function readPageText(
  file: string,
  {
    generated = false,
    digest,
    onInvalidUtf8,
  }: {generated?: boolean; digest?: string; onInvalidUtf8?: () => void} = {},
): string {
  const bytes = readFileSync(file);
  if (digest !== undefined && sha256(bytes) !== digest) {
    throw new MlsdError(
      `${file} changed while the run was reading the docs tree. Build again once it is saved.`,
    );
  }
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    decoded = bytes.toString('utf8');
    onInvalidUtf8?.();
  }
  if (generated) return decoded;
  const error = decoded.startsWith('---') && splitFrontMatter(decoded).error;
  if (error) {
    throw new MlsdError(
      `Cannot read ${file}: its front matter is not valid YAML (${error.split('\n')[0]}). Docusaurus cannot build the page either: fix the YAML between the \`---\` lines.`,
    );
  }
  return normalizeSource(decoded);
}
