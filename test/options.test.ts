import {normalizePluginOptions} from '@docusaurus/utils-validation';
import {describe, expect, it} from 'vitest';
import {
  DEFAULT_OPTIONS,
  validateOptions,
  type Options,
} from '../plugin/src/options';
import {requestParams} from '../plugin/src/plan/requests';

const validate = (options: Options) =>
  validateOptions({validate: normalizePluginOptions as never, options});

describe('plugin options', () => {
  it('fill every default from DEFAULT_OPTIONS', () => {
    expect(validate({})).toMatchObject({id: 'default', ...DEFAULT_OPTIONS});
  });

  it.each([
    [
      {mode: 'sometimes'},
      /"mode" must be one of \[auto, frozen, offline, refresh\]/,
    ],
    [{outputFileName: 'deploy/6.mdx'}, /outputFileName/],
    [{temperature: 3}, /"temperature" must be less than or equal to 2/],
    [{params: {model: 'x'}}, /params\.model` is set by the plugin/],
    [
      {roleMatchers: [{role: 'deploy', pattern: 'x'}]},
      /"roleMatchers\[0\]\.role" must be one of/,
    ],
  ])('refuse %j, naming the option', (options, message) => {
    expect(() => validate(options as Options)).toThrow(message);
  });

  it('merge params over temperature and max_tokens, null removing one (all of it part of the key)', () => {
    expect(requestParams({...DEFAULT_OPTIONS})).toEqual({
      temperature: 0.2,
      max_tokens: 4096,
    });
    expect(
      requestParams({
        ...DEFAULT_OPTIONS,
        params: {
          max_tokens: null,
          temperature: null,
          max_completion_tokens: 8000,
          reasoning_effort: 'low',
        },
      }),
    ).toEqual({
      max_completion_tokens: 8000,
      reasoning_effort: 'low',
    });
  });
});
