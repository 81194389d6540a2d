import type {NoticePart} from 'docusaurus-plugin-mlsd-deploy';
import type {
  Decision,
  GenerationResult,
  StateFacts,
  StateSettings,
} from './decision';
import type {CacheEntry} from './entry';
import {changedItems, wordsFor} from './notice';
import {OVERRIDE_FIELD, overrideLine} from './overrides';
import {isEditedByHand, reviewStatus} from './review';

export type {Decision, GenerationResult, StateFacts, StateSettings};

/** The answer a design's page stands on: the one it shows, or (stale) the last, banner or not. */
export function shownAnswer(
  decision: Pick<Decision, 'answer' | 'state'>,
  facts: Pick<StateFacts, 'previous'>,
): CacheEntry | undefined {
  return (
    decision.answer ?? (decision.state === 'stale' ? facts.previous : undefined)
  );
}

/**
 * Decides a design's state, why, and what its page says: before generation, and again with this
 * run's `result`; with whether a person reviewed the answer shown, or edited it by hand. Pure.
 */
export function decideState(
  facts: StateFacts,
  settings: StateSettings,
  result?: GenerationResult,
): Decision {
  const decision = decideCacheState(facts, settings, result);
  const answer = shownAnswer(decision, facts);
  if (!answer) return decision;
  return {
    ...decision,
    edited: !decision.generated && isEditedByHand(answer),
    review: reviewStatus(answer),
  };
}

/**
 * The state from the docs, the cache and this run's result. An answer edited by hand is never
 * replaced by generation (see `core/ask`) unless asked for by name with `--force`; when its inputs
 * changed, it is shown stale, with how to keep or replace it.
 */
function decideCacheState(
  facts: StateFacts,
  settings: StateSettings,
  result?: GenerationResult,
): Decision {
  const {design, entry, previous, pin} = facts;
  const {itemText, itemsText, says} = wordsFor(settings.language);
  /** A decision with nothing changed unless `more` says so; `parts` is what the page says. */
  const decide = (
    state: Decision['state'],
    reason: string,
    parts: (NoticePart | false | undefined)[] = [],
    more: Partial<Decision> = {},
  ): Decision => ({state, changed: [], reason, ...says(...parts), ...more});
  /** A command line of the plugin instance, as a message names it. */
  const commandLine = (args: string) =>
    `docusaurus ${settings.command ?? 'mlsd'} ${args}${settings.locale ? ` --locale ${settings.locale}` : ''}`;
  if (pin) {
    const items =
      pin.key === facts.key
        ? []
        : changedItems(pin.inputs, facts.inputs, facts.sections);
    const changed = items.map(itemText);
    return decide(
      'pinned',
      changed.length
        ? `pinned against an older prompt: ${changed.join(', ')} changed since`
        : 'a person pinned this answer; generation never replaces it',
      [
        changed.length > 0 && {
          id: 'pinnedOld',
          values: {
            changed: items,
            pin: commandLine('pin'),
            unpin: commandLine(`unpin --design ${design.id}`),
          },
        },
      ],
      {answer: pin, changed},
    );
  }
  const unknown = design.overrideProblems;
  if (unknown?.length) {
    return decide(
      'incomplete',
      unknown
        .map(
          (problem) =>
            `front matter ${OVERRIDE_FIELD}.${problem.role} names "${problem.named}", which is no heading of the page`,
        )
        .join('; '),
      unknown.map((problem) => ({
        id: 'overrideUnknown',
        values: {
          named: [{section: problem.named}],
          role: [{role: problem.role}],
          field: `${OVERRIDE_FIELD}.${problem.role}`,
          headings: problem.headings,
        },
      })),
    );
  }
  if (design.missing.length > 0 && !settings.allowIncomplete) {
    const roles = design.missing.map((role) => ({role}));
    return decide('incomplete', `no section ${itemsText(roles)}`, [
      {
        id: design.kind === 'page' ? 'incompletePage' : 'incompleteFolder',
        values: {roles, status: commandLine('status')},
      },
      ...design.missing.map((role) => {
        const headings = design.closest?.[role] ?? [];
        return (
          headings[0] && {
            id: 'closestHeadings' as const,
            values: {
              role: [{role}],
              headings,
              frontMatter: overrideLine(role, headings[0].heading),
            },
          }
        );
      }),
    ]);
  }
  // Sections found that hold no text: a heading alone.
  const empty = facts.sections
    .filter((section) => section.blank ?? !section.markdown.trim())
    .map((section) => ({section: section.title}));
  if (empty.length > 0 && !settings.allowIncomplete) {
    return decide('incomplete', `section ${itemsText(empty)} is empty`, [
      {id: 'emptySection', values: {sections: empty}},
    ]);
  }
  const kept = entry ?? previous;
  const [tokens, limit] = [facts.promptTokens, settings.maxPromptTokens];
  if (tokens > limit) {
    return decide(
      'too-large',
      `the prompt is about ${tokens} tokens, over the \`maxPromptTokens\` limit of ${limit}`,
      [{id: 'tooLarge', values: {tokens, limit}}],
      {answer: kept},
    );
  }
  const fresh = 'the answer for the current inputs is cached';
  if (result?.ok === true) {
    return decide('fresh', fresh, [], {answer: result.entry, generated: true});
  }
  // What changed since the last answer, when the design shows one cached under another key.
  const stale =
    previous && !entry
      ? changedItems(previous.inputs, facts.inputs, facts.sections)
      : [];
  // While asking or after a failure: the answer kept, and what changed since it.
  const keptStale = {answer: kept, changed: stale.map(itemText)};
  if (result?.ok === 'pending') {
    return decide(
      'generating',
      'the model is being asked',
      [
        stale.length
          ? {id: 'generatingChanged', values: {changed: stale}}
          : {id: 'generating'},
        !!kept && {id: 'shownMeanwhile'},
      ],
      keptStale,
    );
  }
  if (result) {
    return decide(
      'failed',
      `the last request failed: ${result.message}`,
      [
        {id: 'failed', values: {error: result.message}},
        !!result.hint && {
          id: 'hint',
          values: {hint: result.hint, kind: result.kind ?? 'unknown'},
        },
        !!kept && {id: 'lastShown'},
      ],
      keptStale,
    );
  }
  if (entry) {
    return decide(
      'fresh',
      isEditedByHand(entry)
        ? 'the cached answer was edited by hand; generation keeps it'
        : fresh,
      [],
      {answer: entry},
    );
  }
  // What a writer does to get an answer, in the run's mode.
  const generate = commandLine('generate');
  const how: NoticePart =
    settings.mode === 'offline'
      ? {id: 'howOffline', values: {generate}}
      : settings.mode === 'frozen'
        ? {id: 'howFrozen'}
        : {id: 'howAuto', values: {generate}};
  if (facts.failure) {
    const error = facts.failure.message;
    return decide(
      'failed',
      `the last request failed: ${error}`,
      [{id: 'failedBefore', values: {error}}, how],
      {answer: previous},
    );
  }
  if (previous) {
    const banner = settings.onStale === 'banner';
    const changed = stale.length ? stale : [{input: 'inputs'}];
    const edited = isEditedByHand(previous);
    return decide(
      'stale',
      edited
        ? `edited by hand; ${itemsText(changed)} changed since`
        : `${itemsText(changed)} changed since the last answer`,
      [
        edited
          ? {
              id: 'editedStale',
              values: {
                changed,
                pin: `npm run mlsd -- pin --design ${design.id} --from FILE`,
                replace: `npm run mlsd -- generate --design ${design.id} --force`,
              },
            }
          : {id: banner ? 'stale' : 'staleHidden', values: {changed}},
        !edited && how,
      ],
      {answer: banner ? previous : undefined, changed: keptStale.changed},
    );
  }
  return decide('missing', 'no answer was ever generated for this design', [
    {id: 'missing'},
    how,
  ]);
}
