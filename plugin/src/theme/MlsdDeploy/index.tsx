import {Children, isValidElement, type ReactNode} from 'react';
import clsx from 'clsx';
import Translate from '@docusaurus/Translate';
import MlsdDeploySource from '@theme/MlsdDeploySource';
import type {Props} from '@theme/MlsdDeploy';
import CopyButton from './CopyButton';
import Coverage from './Coverage';
import Figures from './Figures';
import Notice from './Notice';
import PromptPane from './PromptPane';
import Provenance, {STATE_LABELS} from './Provenance';
import styles from './styles.module.css';

/**
 * The generated "6. Deploy" page: its state, review and provenance, what the answer covers, and
 * the prompt, part by part, beside the answer. Swizzle it to change the layout.
 */
export default function MlsdDeploy({data, children}: Props): ReactNode {
  // The source links the page carries (`MlsdDeploySource`) go to the prompt's parts, by role.
  const links: Partial<Record<string, ReactNode>> = {};
  const answer = Children.toArray(children).filter((child) => {
    const link =
      isValidElement<{role?: string; children?: ReactNode}>(child) &&
      child.type === MlsdDeploySource;
    if (link) links[child.props.role ?? ''] = child.props.children;
    return !link;
  });
  const hasAnswer = answer.some((child) => child !== '' && child !== '\n');
  return (
    <div className={styles.root} data-mlsd="deploy">
      <Provenance data={data} />
      {data.notice && (
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
          <Notice parts={data.notice} />
        </div>
      )}
      <Coverage data={data} />
      <Figures data={data} />
      <div className={styles.columns}>
        <PromptPane data={data} links={links} />
        <section
          className={styles.answer}
          data-mlsd="answer"
          aria-labelledby="mlsd-answer-title">
          <div className={styles.columnHead}>
            <h2 className={styles.columnTitle} id="mlsd-answer-title">
              <Translate
                id="theme.mlsdDeploy.answer"
                description="Title of the answer column">
                Answer
              </Translate>
            </h2>
            {data.answerMarkdown && (
              <CopyButton text={data.answerMarkdown} what="answer" />
            )}
          </div>
          {hasAnswer ? (
            <div className={styles.answerBody}>{answer}</div>
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
