import type {ReactNode} from 'react';
import Translate from '@docusaurus/Translate';
import type {DeployPageProps as Data} from 'docusaurus-plugin-mlsd-deploy';
import CopyButton from './CopyButton';
import styles from './styles.module.css';

/** The first line of an instructions part with words in it: its summary when folded. */
function firstLine(text: string): string {
  const line =
    text
      .split('\n')
      .map((candidate) => candidate.replace(/[#*[\]]/g, '').trim())
      .find(Boolean) ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * The prompt as its parts: the template's instructions, folded (the same for every design), and
 * each section, open and linking to its page. The copy button copies the prompt as sent.
 */
export default function PromptPane({
  data,
  links,
}: {
  data: Data;
  links: Partial<Record<string, ReactNode>>;
}): ReactNode {
  return (
    <section
      className={styles.prompt}
      data-mlsd="prompt"
      aria-labelledby="mlsd-prompt-title">
      <div className={styles.columnHead}>
        <h2 className={styles.columnTitle} id="mlsd-prompt-title">
          <Translate
            id="theme.mlsdDeploy.prompt"
            description="Title of the prompt column">
            Prompt
          </Translate>
        </h2>
        {data.prompt && <CopyButton text={data.prompt} what="prompt" />}
      </div>
      {data.parts ? (
        <div className={styles.parts}>
          {data.parts.map((part, index) => {
            const section = part.kind === 'section';
            return (
              <details
                key={index}
                className={styles.part}
                open={section}
                data-mlsd="prompt-part"
                data-mlsd-kind={part.kind}
                data-mlsd-role={section ? part.role : undefined}>
                <summary className={styles.partHead}>
                  <span className={styles.partKind}>
                    {section ? (
                      <Translate
                        id="theme.mlsdDeploy.part.section"
                        description="Label of a prompt part holding one of the design's sections">
                        Section
                      </Translate>
                    ) : (
                      <Translate
                        id="theme.mlsdDeploy.part.instructions"
                        description="Label of a prompt part holding the template's instructions">
                        Instructions
                      </Translate>
                    )}
                  </span>
                  <span
                    className={styles.partTitle}
                    data-mlsd={section ? 'part-source' : undefined}>
                    {section
                      ? (links[part.role] ?? part.title)
                      : firstLine(part.text)}
                  </span>
                </summary>
                <pre className={styles.promptText}>{part.text.trim()}</pre>
              </details>
            );
          })}
        </div>
      ) : (
        <pre className={styles.promptText}>{data.prompt ?? ''}</pre>
      )}
    </section>
  );
}
