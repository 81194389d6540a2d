// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      'plugin/lib/',
      'site/build/',
      'site/.docusaurus/',
      'test/.tmp/',
      'bench/.tmp/',
      'test/fixtures/',
      'content/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.node}},
    rules: {
      // Unused names are errors, except the ones that say so (`_name`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_'},
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        {fixStyle: 'inline-type-imports'},
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['plugin/src/theme/**/*.{ts,tsx}'],
    languageOptions: {globals: {...globals.browser}},
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    // Scripts and benchmarks print their results.
    files: ['bench/**', 'plugin/scripts/**', 'test/**'],
    rules: {'no-console': 'off'},
  },
  prettier,
);
