import {useState, type ReactNode} from 'react';
import clsx from 'clsx';
import Translate from '@docusaurus/Translate';
import styles from './styles.module.css';

/** Copies `text` exactly: the prompt as sent, or the answer as Markdown. */
export default function CopyButton({
  text,
  what,
}: {
  text: string;
  what: 'prompt' | 'answer';
}): ReactNode {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={clsx('button button--sm button--secondary', styles.copy)}
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1500);
        })
      }
      aria-live="polite"
      data-mlsd={`copy-${what}`}>
      {copied ? (
        <Translate
          id="theme.mlsdDeploy.copied"
          description="Copy button after copying">
          Copied
        </Translate>
      ) : what === 'prompt' ? (
        <Translate
          id="theme.mlsdDeploy.copyPrompt"
          description="Copy button of the prompt">
          Copy prompt
        </Translate>
      ) : (
        <Translate
          id="theme.mlsdDeploy.copyAnswer"
          description="Copy button of the answer: copies its Markdown">
          Copy Markdown
        </Translate>
      )}
    </button>
  );
}
