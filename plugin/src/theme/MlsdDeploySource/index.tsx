import type {ReactNode} from 'react';
import type {Props} from '@theme/MlsdDeploySource';

/** A source section's link, resolved by Docusaurus; `MlsdDeploy` shows it in its role's part. */
export default function MlsdDeploySource({children}: Props): ReactNode {
  return <>{children}</>;
}
