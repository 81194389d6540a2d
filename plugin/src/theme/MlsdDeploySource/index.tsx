import type {ReactNode} from 'react';
import type {Props} from '@theme/MlsdDeploySource';

/**
 * A source section's Markdown link, which Docusaurus resolves; `MlsdDeploy` shows it in the
 * prompt part of its `role`.
 */
export default function MlsdDeploySource({children}: Props): ReactNode {
  return <>{children}</>;
}
