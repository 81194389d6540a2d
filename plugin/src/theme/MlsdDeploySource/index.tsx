import type {ReactNode} from 'react';
import type {Props} from '@theme/MlsdDeploySource';

/**
 * A link to one source section, written into the Deploy page as a Markdown link so that
 * Docusaurus resolves it to the section's page. `MlsdDeploy` shows it in the prompt part of
 * its `role`; alone, it shows the link.
 */
export default function MlsdDeploySource({children}: Props): ReactNode {
  return <>{children}</>;
}
