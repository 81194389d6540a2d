/**
 * Types of docusaurus-plugin-mlsd-deploy and of its swizzlable theme component.
 */
declare module 'docusaurus-plugin-mlsd-deploy' {
  import type {LoadContext, Plugin, OptionValidationContext} from '@docusaurus/types';

  export type Mode = 'auto' | 'frozen' | 'offline' | 'refresh';

  export type PluginOptions = {
    id: string;
    docsPath?: string;
    cacheDir: string;
    promptTemplate?: string;
    model: string;
    temperature: number;
    maxTokens: number;
    mode: Mode;
    concurrency: number;
    timeout: number;
    maxRetries: number;
    outputFileName: string;
    pageTitle: string;
    editUrl?: string;
    maxGenerationsPerRun: number;
    onStale: 'banner' | 'placeholder';
    maxPromptTokens: number;
    allowIncomplete: boolean;
  };

  export type Options = Partial<PluginOptions>;

  export default function pluginMlsdDeploy(context: LoadContext, options: PluginOptions): Promise<Plugin<void>>;
  export function validateOptions(context: OptionValidationContext<Options, PluginOptions>): PluginOptions;
}

declare module '@theme/MlsdDeploy' {
  import type {ReactNode} from 'react';

  export type Role = 'problem' | 'data' | 'architecture';
  export type State = 'fresh' | 'stale' | 'missing' | 'incomplete' | 'failed' | 'pinned' | 'too-large';

  export interface Props {
    readonly data: {
      designId: string;
      designTitle: string;
      state: State;
      prompt: string | null;
      meta: {
        model: string;
        created: string;
        key: string;
        promptTokens?: number;
        completionTokens?: number;
        totalTokens?: number;
        pinnedNote?: string;
      } | null;
      sources: {role: Role; title: string; file: string; editUrl?: string}[];
      missing: Role[];
      message: string | null;
      answerAsText: boolean;
      changed: string[];
    };
    readonly children?: ReactNode;
  }

  export default function MlsdDeploy(props: Props): ReactNode;
}
