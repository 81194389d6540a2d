import type {ReactNode} from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import type {DeployPageProps, FigureItem} from 'docusaurus-plugin-mlsd-deploy';
import styles from './styles.module.css';

const TITLES = {
  introduced: translate({
    id: 'theme.mlsdDeploy.figures.introduced',
    message: 'Introduced by the answer: check these against the design',
    description:
      "Figures list: the answer's own figures, matching none of the design's",
  }),
  leftOut: translate({
    id: 'theme.mlsdDeploy.figures.leftOut',
    message: 'Left out: in the design, not in the answer',
    description: "Figures list: the design's figures the answer never states",
  }),
  used: translate({
    id: 'theme.mlsdDeploy.figures.used',
    message: 'Used: in the design and in the answer',
    description: "Figures list: the design's figures the answer repeats",
  }),
};

/** Where a figure stands: section, heading and line for the design's; heading for the answer's. */
function where(item: FigureItem, sections: DeployPageProps['sources']): string {
  const answer = item.answerHeading
    ? translate(
        {
          id: 'theme.mlsdDeploy.figures.inAnswer',
          message: 'answer: “{heading}”',
          description:
            "Figures list: the answer's heading a figure stands under",
        },
        {heading: item.answerHeading},
      )
    : '';
  if (!item.role) return answer;
  const section =
    sections.find((source) => source.role === item.role)?.title ?? item.role;
  const values = {section, heading: item.heading ?? '', line: item.line ?? 0};
  const place = item.heading
    ? translate(
        {
          id: 'theme.mlsdDeploy.figures.where',
          message: '{section}, “{heading}”, line {line}',
          description:
            "Figures list: a design's figure's section, heading and line",
        },
        values,
      )
    : translate(
        {
          id: 'theme.mlsdDeploy.figures.whereTop',
          message: '{section}, line {line}',
          description:
            "Figures list: a design's figure's section and line, above any heading",
        },
        values,
      );
  return answer ? `${place} → ${answer}` : place;
}

/**
 * The design's figures (numbers with a unit or a scale) the answer uses or leaves out, and its
 * own, which a reviewer should check: a heuristic, not a judgement of the design.
 */
export default function Figures({data}: {data: DeployPageProps}): ReactNode {
  const figures = data.figures;
  if (!figures) return null;
  const counts = {
    used: figures.used.length,
    total: figures.used.length + figures.leftOut.length,
    leftOut: figures.leftOut.length,
    introduced: figures.introduced.length,
  };
  return (
    <details className={styles.coverage} data-mlsd="figures">
      <summary className={styles.coverageHead}>
        <Translate
          id="theme.mlsdDeploy.figures.title"
          description="Title of the figures check: the design's figures the answer uses, leaves out, and its own"
          values={counts}>
          {
            'Uses {used} of {total} figures from the design · {leftOut} left out · {introduced} introduced'
          }
        </Translate>
      </summary>
      <p className={styles.figuresNote}>
        <Translate
          id="theme.mlsdDeploy.figures.note"
          description="What the figures check is: numbers and units compared, not a judgement">
          Numbers with a unit or a scale, compared by value: a pointer for the
          reviewer, not a judgement of the design.
        </Translate>
      </p>
      {(['introduced', 'leftOut', 'used'] as const).map(
        (kind) =>
          figures[kind].length > 0 && (
            <div key={kind} data-mlsd-figures={kind}>
              <p className={styles.figuresTitle}>{TITLES[kind]}</p>
              <ul className={styles.figuresList}>
                {figures[kind].map((item, index) => (
                  <li key={index} className={styles.figure}>
                    <span className={styles.figureText}>{item.text}</span>{' '}
                    <span className={styles.itemWhere}>
                      {where(item, data.sources)}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ),
      )}
    </details>
  );
}
