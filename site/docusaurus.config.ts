import type {Config} from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import type {Options as MlsdDeployOptions} from 'docusaurus-plugin-mlsd-deploy';

const config: Config = {
  title: 'ML System Design Handbook',
  tagline: 'Дизайн-доки ML-систем команды',
  url: 'https://handbook.example.com',
  baseUrl: '/',
  onBrokenLinks: 'throw',
  markdown: {hooks: {onBrokenMarkdownLinks: 'throw'}},
  i18n: {defaultLocale: 'ru', locales: ['ru']},
  presets: [
    [
      'classic',
      {
        docs: {
          path: '../content',
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          editUrl: 'https://github.com/example/mlsd-handbook/edit/main/site/',
        },
        blog: false,
        theme: {customCss: './src/css/custom.css'},
      } satisfies Preset.Options,
    ],
  ],
  plugins: [
    [
      'docusaurus-plugin-mlsd-deploy',
      {
        // Any OpenAI-compatible server: OPENAI_BASE_URL picks it, MLSD_MODEL overrides the model.
        model: 'gpt-4o-mini',
      } satisfies MlsdDeployOptions,
    ],
  ],
  themeConfig: {
    navbar: {title: 'MLSD Handbook'},
    tableOfContents: {minHeadingLevel: 2, maxHeadingLevel: 3},
  } satisfies Preset.ThemeConfig,
};

export default config;
