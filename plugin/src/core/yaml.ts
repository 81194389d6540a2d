import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/** The `yaml` package, loaded on first use: a rebuild with nothing changed needs no YAML. */
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed
  return (loaded ??= require('yaml') as typeof Yaml);
}

/** Loads the `yaml` package now, for a run that is sure to need it and has time to spare. */
export const preloadYaml = (): void => void yaml();

export const parseYaml = (text: string): unknown => yaml().parse(text);

export const stringifyYaml = (
  value: unknown,
  options?: Yaml.ToStringOptions,
): string => yaml().stringify(value, options);
