import type {ReactNode} from 'react';
import clsx from 'clsx';
import Translate from '@docusaurus/Translate';
import type {Props} from '@theme/MlsdDeploy';
import {STATE_LABELS, shortDate} from './labels';
import styles from './styles.module.css';

type Data = Props['data'];

/** Whether a person reviewed the answer shown, and who and when. */
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

/**
 * The line under the title: the state, the review and edited badges, where the answer came from
 * (model, date, cache key, tokens; or the pin's note), and the review's note.
 */
export default function Provenance({data}: {data: Data}): ReactNode {
  const {meta, state} = data;
  return (
    <div className={styles.provenance} data-mlsd="provenance">
      <span
        className={clsx(styles.badge, styles[`badge_${state}`])}
        data-mlsd-state={state}>
        {STATE_LABELS[state]}
      </span>
      {data.review && <ReviewBadge review={data.review} />}
      {data.review &&
        data.review.state !== 'reviewed' &&
        data.reviewCommand && (
          <span className={styles.meta} data-mlsd="review-how">
            <Translate
              id="theme.mlsdDeploy.review.how"
              description="How to record a review of the answer: the command"
              values={{command: <code>{data.reviewCommand}</code>}}>
              {'Record a review: {command}'}
            </Translate>
          </span>
        )}
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
