/**
 * The swizzlable theme component of docusaurus-plugin-mlsd-deploy. The plugin's own types
 * (`Options`, `PluginOptions`, `Mode`) come from its compiled entry, `lib/index.d.ts`.
 */
declare module '@theme/MlsdDeploy' {
  import type {ReactNode} from 'react';
  import type {DeployPageProps} from 'docusaurus-plugin-mlsd-deploy/lib/core/page';

  export type State = DeployPageProps['state'];

  export interface Props {
    /** Everything the page shows but the answer, as the plugin wrote it into the page. */
    readonly data: DeployPageProps;
    /** The answer, as Markdown rendered by MDX. */
    readonly children?: ReactNode;
  }

  export default function MlsdDeploy(props: Props): ReactNode;
}

declare module '@theme/MlsdDeploySource' {
  import type {ReactNode} from 'react';

  export interface Props {
    /** The role of the section linked: `problem`, `data` or `architecture`. */
    readonly role: string;
    /** The link, as Docusaurus resolved it from Markdown. */
    readonly children?: ReactNode;
  }

  export default function MlsdDeploySource(props: Props): ReactNode;
}
