import {readFileSync} from 'node:fs';
import {splitFrontMatter} from '../core/frontMatter';
import {sha256} from '../core/key';
import {normalizeSource} from '../core/normalize';
import {MlsdError} from '../errors';

const utf8 = new TextDecoder('utf-8', {fatal: true});

/**
 * A page's text from its bytes: a source page normalized (`normalizeSource`) so that formatting
 * costs no request, a generated page byte for byte (it is rewritten only when its bytes change).
 * Invalid UTF-8 reads as replacement characters, as in Docusaurus. With `digest`, the bytes must
 * be those hashed when the tree was listed: a page saved since would get the old digest.
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
