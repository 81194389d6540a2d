import {Children, isValidElement, type ReactNode} from 'react';
import clsx from 'clsx';
import Translate from '@docusaurus/Translate';
import MlsdDeploySource from '@theme/MlsdDeploySource';
import type {Props} from '@theme/MlsdDeploy';
import CopyButton from './CopyButton';
import Coverage from './Coverage';
import Notice from './Notice';
import PromptPane from './PromptPane';
import {STATE_LABELS, shortDate} from './labels';
import styles from './styles.module.css';

type Data = Props['data'];

function ReviewBadge({
  review,
}: {
  review: NonNullable<Data['review']>;
}): ReactNode {
  const values = {name: review.by ?? '', date: shortDate(review.at)};
  return (
    <span
      className={clsx(styles.badge, styles[`review_${review.state}`])}
      data-mlsd="review"
      data-mlsd-review={review.state}
      title={review.note}>
      {review.state === 'reviewed' ? (
        <Translate
          id="theme.mlsdDeploy.review.reviewed"
          description="Badge: a person reviewed the answer"
          values={values}>
          {'Reviewed by {name} on {date}'}
        </Translate>
      ) : review.state === 'lapsed' ? (
        <Translate
          id="theme.mlsdDeploy.review.lapsed"
          description="Badge: the answer changed after its review"
          values={values}>
          {'Review lapsed: changed since {name} reviewed it on {date}'}
        </Translate>
      ) : (
        <Translate
          id="theme.mlsdDeploy.review.draft"
          description="Badge: nobody reviewed the answer yet">
          Draft — not reviewed
        </Translate>
      )}
    </span>
  );
}

function Provenance({data}: {data: Data}): ReactNode {
  const {meta, state} = data;
  return (
    <div className={styles.provenance} data-mlsd="provenance">
      <span
        className={clsx(styles.badge, styles[`badge_${state}`])}
        data-mlsd-state={state}>
        {STATE_LABELS[state]}
      </span>
      {data.review && <ReviewBadge review={data.review} />}
      {data.edited && (
        <span className={clsx(styles.badge, styles.edited)} data-mlsd="edited">
          <Translate
            id="theme.mlsdDeploy.edited"
            description="Badge: a person edited the generated answer in the cache">
            Edited by hand
          </Translate>
        </span>
      )}
      {meta && (
        <span className={styles.meta}>
          {meta.pinned ? (
            <span data-mlsd="pinned-note">
              {meta.pinnedNote ?? (
                <Translate
                  id="theme.mlsdDeploy.pinnedByPerson"
                  description="A pinned answer without a note: a person wrote or chose it">
                  Pinned by a person
                </Translate>
              )}
            </span>
          ) : (
            <span>{meta.model}</span>
          )}
          {' · '}
          <time dateTime={meta.created}>{shortDate(meta.created)}</time>
          {!meta.pinned && (
            <>
              {' · '}
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
        </span>
      )}
      {data.review?.note && (
        <span className={styles.meta} data-mlsd="review-note">
          {data.review.note}
        </span>
      )}
    </div>
  );
}

/** The source links the page carries (`MlsdDeploySource`), by role, and the answer apart. */
function splitChildren(children: ReactNode): {
  links: Partial<Record<string, ReactNode>>;
  answer: ReactNode[];
} {
  const links: Partial<Record<string, ReactNode>> = {};
  const answer: ReactNode[] = [];
  for (const child of Children.toArray(children)) {
    if (
      isValidElement<{role?: string; children?: ReactNode}>(child) &&
      child.type === MlsdDeploySource
    ) {
      links[child.props.role ?? ''] = child.props.children;
    } else {
      answer.push(child);
    }
  }
  return {links, answer};
}

/**
 * The generated "6. Deploy" page: its state, review and provenance, what the answer covers, and
 * the prompt, part by part, beside the answer. Swizzle it to change the layout.
 */
export default function MlsdDeploy({data, children}: Props): ReactNode {
  const {links, answer} = splitChildren(children);
  const hasAnswer = answer.some((child) => child !== '' && child !== '\n');
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
          {data.notice ? <Notice parts={data.notice} /> : data.message}
        </div>
      )}
      <Coverage data={data} />
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
