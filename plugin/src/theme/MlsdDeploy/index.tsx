import {useCallback, useState, type ReactNode} from 'react';
import clsx from 'clsx';
import Translate, {translate} from '@docusaurus/Translate';
import type {Props} from '@theme/MlsdDeploy';
import styles from './styles.module.css';

const STATE_LABELS: Record<Props['data']['state'], string> = {
  fresh: translate({
    id: 'theme.mlsdDeploy.state.fresh',
    message: 'Generated',
    description: 'Deploy page state: answer is current',
  }),
  stale: translate({
    id: 'theme.mlsdDeploy.state.stale',
    message: 'Stale',
    description: 'Deploy page state: sources changed since the answer',
  }),
  missing: translate({
    id: 'theme.mlsdDeploy.state.missing',
    message: 'Not generated yet',
    description: 'Deploy page state: no answer yet',
  }),
  incomplete: translate({
    id: 'theme.mlsdDeploy.state.incomplete',
    message: 'Sections missing',
    description: 'Deploy page state: design lacks sections',
  }),
  failed: translate({
    id: 'theme.mlsdDeploy.state.failed',
    message: 'Generation failed',
    description: 'Deploy page state: last request failed',
  }),
  pinned: translate({
    id: 'theme.mlsdDeploy.state.pinned',
    message: 'Pinned',
    description: 'Deploy page state: answer pinned by a person',
  }),
  'too-large': translate({
    id: 'theme.mlsdDeploy.state.tooLarge',
    message: 'Prompt too large',
    description: 'Deploy page state: prompt over the size limit',
  }),
  generating: translate({
    id: 'theme.mlsdDeploy.state.generating',
    message: 'Generating',
    description: 'Deploy page state: the model is being asked',
  }),
};

function CopyButton({text}: {text: string}): ReactNode {
  const [copied, setCopied] = useState(false);
  const copy = useCallback(() => {
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    });
  }, [text]);
  return (
    <button
      type="button"
      className={clsx('button button--sm button--secondary', styles.copy)}
      onClick={copy}
      data-mlsd="copy-prompt">
      {copied ? (
        <Translate
          id="theme.mlsdDeploy.copied"
          description="Copy button after copying">
          Copied
        </Translate>
      ) : (
        <Translate
          id="theme.mlsdDeploy.copyPrompt"
          description="Copy button of the prompt">
          Copy prompt
        </Translate>
      )}
    </button>
  );
}

function Provenance({data}: Props): ReactNode {
  const {meta, state} = data;
  return (
    <p className={styles.provenance} data-mlsd="provenance">
      <span
        className={clsx(styles.badge, styles[`badge_${state}`])}
        data-mlsd-state={state}>
        {STATE_LABELS[state]}
      </span>
      {meta?.pinnedNote !== undefined && (
        <>
          {' '}
          <span data-mlsd="pinned-note">{meta.pinnedNote}</span> ·{' '}
          <time dateTime={meta.created}>{meta.created.slice(0, 10)}</time>
        </>
      )}
      {meta && meta.pinnedNote === undefined && (
        <>
          {' '}
          <span>{meta.model}</span> ·{' '}
          <time dateTime={meta.created}>{meta.created.slice(0, 10)}</time> ·{' '}
          <code>{meta.key}</code>
          {meta.totalTokens !== undefined && (
            <>
              {' · '}
              <Translate
                id="theme.mlsdDeploy.tokens"
                description="Tokens an answer cost"
                values={{count: meta.totalTokens}}>
                {'{count} tokens'}
              </Translate>
            </>
          )}
        </>
      )}
    </p>
  );
}

/**
 * The generated "6. Deploy" page: the prompt exactly as sent beside the model's answer, with the
 * answer's provenance and the design's source sections. Swizzle it to change the layout.
 */
export default function MlsdDeploy({data, children}: Props): ReactNode {
  return (
    <div className={styles.root} data-mlsd="deploy">
      <Provenance data={data} />
      {data.message && (
        <div
          className={clsx(
            'alert',
            ['failed', 'incomplete', 'too-large'].includes(data.state)
              ? 'alert--danger'
              : 'alert--warning',
            styles.message,
          )}
          role="status"
          data-mlsd="message">
          {data.message}
        </div>
      )}
      <div className={styles.columns}>
        <section
          className={styles.prompt}
          data-mlsd="prompt"
          aria-labelledby="mlsd-prompt-title">
          <div className={styles.columnHead}>
            <strong id="mlsd-prompt-title">
              <Translate
                id="theme.mlsdDeploy.prompt"
                description="Title of the prompt column">
                Prompt
              </Translate>
            </strong>
            {data.prompt && <CopyButton text={data.prompt} />}
          </div>
          <pre className={styles.promptText}>{data.prompt ?? ''}</pre>
        </section>
        <section className={styles.answer} data-mlsd="answer">
          <div className={styles.columnHead}>
            <strong>
              <Translate
                id="theme.mlsdDeploy.answer"
                description="Title of the answer column">
                Answer
              </Translate>
            </strong>
          </div>
          {children ? (
            <div className={styles.answerBody}>{children}</div>
          ) : (
            <p className={styles.placeholder}>{STATE_LABELS[data.state]}</p>
          )}
        </section>
      </div>
      {data.sources.length > 0 && (
        <p className={styles.sources} data-mlsd="sources">
          <Translate
            id="theme.mlsdDeploy.sources"
            description="Label before the list of source sections">
            Sources:
          </Translate>{' '}
          {data.sources.map((source, index) => (
            <span key={source.role}>
              {index > 0 && ' · '}
              {source.editUrl ? (
                <a href={source.editUrl}>{source.title}</a>
              ) : (
                <span title={source.file}>{source.title}</span>
              )}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
