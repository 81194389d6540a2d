/** What a `numberPrefixParser` returns: a name less its number prefix (if any), and the number. */
export interface NumberPrefix {
  filename: string;
  numberPrefix?: number;
}

export type NumberPrefixParser = (filename: string) => NumberPrefix;

/** A date or a version (`2021-11-x`, `7.0-x`): the docs plugin takes neither for a prefix. */
const IGNORED_PREFIX = /^\d+[-_.]\d+/;
const NUMBER_PREFIX = /^(\d+)\s*[-_.]+\s*([^-_.\s].*)$/;

/** The docs plugin's default number prefix rule: `1-problem`, `003 - data`. */
export const defaultNumberPrefix: NumberPrefixParser = (filename) => {
  const match = !IGNORED_PREFIX.test(filename) && NUMBER_PREFIX.exec(filename);
  return match
    ? {filename: match[2]!, numberPrefix: Number.parseInt(match[1]!, 10)}
    : {filename};
};

/** The rule of a docs instance with `numberPrefixParser: false`: names keep their numbers. */
export const noNumberPrefix: NumberPrefixParser = (filename) => ({filename});
