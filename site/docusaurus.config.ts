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
  // Russian by default; the English locale has the same docs (untranslated) and the English UI.
  i18n: {
    defaultLocale: 'ru',
    locales: ['ru', 'en'],
    localeConfigs: {ru: {label: 'Русский'}, en: {label: 'English'}},
  },
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
    navbar: {
      title: 'MLSD Handbook',
      items: [{type: 'localeDropdown', position: 'right'}],
    },
    tableOfContents: {minHeadingLevel: 2, maxHeadingLevel: 3},
  } satisfies Preset.ThemeConfig,
};

export default config;
