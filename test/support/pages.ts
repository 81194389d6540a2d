import type {DeployPageProps} from '../../plugin/src/core/page';

/**
 * The props a generated Deploy page passes to `MlsdDeploy`, parsed back from the page's MDX: a
 * test reads what the page says, not how its JSON happens to be escaped.
 */
export function pageProps(mdx: string): DeployPageProps {
  const match = /<MlsdDeploy data=\{(\{.*\})\}>/.exec(mdx);
  if (!match)
    throw new Error(`No <MlsdDeploy data={...}> in the page:\n${mdx}`);
  return JSON.parse(match[1]!) as DeployPageProps;
}
