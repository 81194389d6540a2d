import type {ReactNode} from 'react';
import clsx from 'clsx';
import Translate, {translate} from '@docusaurus/Translate';
import type {DeployPageProps as Data} from 'docusaurus-plugin-mlsd-deploy';
import styles from './styles.module.css';

/** The badge text of each state. */
export const STATE_LABELS: Record<Data['state'], string> = {
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

/** The day of an ISO date (`YYYY-MM-DD`); empty when there is none. */
const shortDate = (iso?: string): string => (iso ?? '').slice(0, 10);

/**
 * The line under the title: the state, the review and edited badges, where the answer came from
 * (model, date, cache key, tokens; or the pin's note), and the review's note.
 */
export default function Provenance({data}: {data: Data}): ReactNode {
  const {meta, state, review} = data;
  const reviewer = {name: review?.by ?? '', date: shortDate(review?.at)};
  return (
    <div className={styles.provenance} data-mlsd="provenance">
      <span
        className={clsx(styles.badge, styles[`badge_${state}`])}
        data-mlsd-state={state}>
        {STATE_LABELS[state]}
      </span>
      {review && (
        <span
          className={clsx(styles.badge, styles[`review_${review.state}`])}
          data-mlsd="review"
          data-mlsd-review={review.state}
          title={review.note}>
          {review.state === 'reviewed' ? (
            <Translate
              id="theme.mlsdDeploy.review.reviewed"
              description="Badge: a person reviewed the answer"
              values={reviewer}>
              {'Reviewed by {name} on {date}'}
            </Translate>
          ) : review.state === 'lapsed' ? (
            <Translate
              id="theme.mlsdDeploy.review.lapsed"
              description="Badge: the answer changed after its review"
              values={reviewer}>
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
      )}
      {review && review.state !== 'reviewed' && data.reviewCommand && (
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
      {review?.note && (
        <span className={styles.meta} data-mlsd="review-note">
          {review.note}
        </span>
      )}
    </div>
  );
}
