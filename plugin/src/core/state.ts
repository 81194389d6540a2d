import type {DesignState} from 'docusaurus-plugin-mlsd-deploy';
import type {
  Decision,
  GenerationResult,
  StateFacts,
  StateSettings,
} from './decision';
import {changedItems, staleItems, wordsFor, type NoticePart} from './notice';
import {OVERRIDE_FIELD, overrideLine} from './overrides';
import type {PromptSection} from './prompt';
import {withPersonFacts} from './review';
import type {Role} from './roles';

// A design's state, as `mlsd status` reports it and its page shows it: a public type.
export type {DesignState};
// What a state is decided from and what the decision says (kept in `decision`, which `review`
// and `notice` share without importing this module).
export type {Decision, GenerationResult, StateFacts, StateSettings};

/** Roles whose section was found but holds no text: a heading alone. */
function emptyRoles(sections: readonly PromptSection[]): Role[] {
  return sections
    .filter((section) => section.blank ?? !section.markdown.trim())
    .map((section) => section.role);
}

/** A command line of the plugin instance, as a message names it. */
function commandLine(command: string | undefined, args: string): string {
  return `docusaurus ${command ?? 'mlsd'} ${args}`;
}

const SAYS_NOTHING = {message: null, notice: null} as const;

/** What a writer does to get an answer, in the run's mode. */
function howToGenerate(
  mode: StateSettings['mode'],
  command?: string,
): NoticePart {
  const generate = commandLine(command, 'generate');
  if (mode === 'offline') return {id: 'howOffline', values: {generate}};
  if (mode === 'frozen') return {id: 'howFrozen'};
  return {id: 'howAuto', values: {generate}};
}

/**
 * Decides a design's state, why, and what its page says: before generation, and again with this
 * run's `result`. The one place that decides it (`withPersonFacts` adds what a person did). Pure.
 */
export function decideState(
  facts: StateFacts,
  settings: StateSettings,
  result?: GenerationResult,
): Decision {
  return withPersonFacts(
    facts,
    decideCacheState(facts, settings, result),
    settings.language,
  );
}

/** The state from the docs, the cache and this run's result. */
function decideCacheState(
  facts: StateFacts,
  settings: StateSettings,
  result?: GenerationResult,
): Decision {
  const {design, entry, previous, pin} = facts;
  const {itemText, itemsText, says} = wordsFor(settings.language);
  if (pin) {
    const items =
      pin.key === facts.key
        ? []
        : changedItems(pin.inputs, facts.inputs, facts.sections);
    const changed = items.map(itemText);
    return {
      state: 'pinned',
      answer: pin,
      changed,
      reason: changed.length
        ? `pinned against an older prompt: ${changed.join(', ')} changed since`
        : 'a person pinned this answer; generation never replaces it',
      ...(changed.length
        ? says({
            id: 'pinnedOld',
            values: {
              changed: items,
              pin: commandLine(settings.command, 'pin'),
              unpin: commandLine(
                settings.command,
                `unpin --design ${design.id}`,
              ),
            },
          })
        : SAYS_NOTHING),
    };
  }
  const unknown = design.overrideProblems;
  if (unknown?.length) {
    return {
      state: 'incomplete',
      changed: [],
      reason: unknown
        .map(
          (problem) =>
            `front matter ${OVERRIDE_FIELD}.${problem.role} names "${problem.named}", which is no heading of the page`,
        )
        .join('; '),
      ...says(
        ...unknown.map((problem): NoticePart => ({
          id: 'overrideUnknown',
          values: {
            named: [{section: problem.named}],
            role: [{role: problem.role}],
            field: `${OVERRIDE_FIELD}.${problem.role}`,
            headings: problem.headings,
          },
        })),
      ),
    };
  }
  if (design.missing.length > 0 && !settings.allowIncomplete) {
    const {closest} = design;
    return {
      state: 'incomplete',
      changed: [],
      reason: `no section ${itemsText(design.missing.map((role) => ({role})))}`,
      ...says(
        {
          id: design.kind === 'page' ? 'incompletePage' : 'incompleteFolder',
          values: {
            roles: design.missing.map((role) => ({role})),
            status: commandLine(settings.command, 'status'),
          },
        },
        ...design.missing.map((role): NoticePart | undefined => {
          const [first, ...rest] = closest?.[role] ?? [];
          return (
            first && {
              id: 'closestHeadings',
              values: {
                role: [{role}],
                headings: [first, ...rest],
                frontMatter: overrideLine(role, first.heading),
              },
            }
          );
        }),
      ),
    };
  }
  const empty = emptyRoles(facts.sections);
  if (empty.length > 0 && !settings.allowIncomplete) {
    const sections = facts.sections
      .filter((section) => empty.includes(section.role))
      .map((section) => ({section: section.title}));
    return {
      state: 'incomplete',
      changed: [],
      reason: `section ${itemsText(sections)} is empty`,
      ...says({id: 'emptySection', values: {sections}}),
    };
  }
  if (facts.promptTokens > settings.maxPromptTokens) {
    return {
      state: 'too-large',
      answer: entry ?? previous,
      changed: [],
      reason: `the prompt is about ${facts.promptTokens} tokens, over the \`maxPromptTokens\` limit of ${settings.maxPromptTokens}`,
      ...says({
        id: 'tooLarge',
        values: {tokens: facts.promptTokens, limit: settings.maxPromptTokens},
      }),
    };
  }
  const fresh: Decision = {
    state: 'fresh',
    changed: [],
    reason: 'the answer for the current inputs is cached',
    ...SAYS_NOTHING,
  };
  if (result?.ok === true) {
    return {...fresh, answer: result.entry, generated: true};
  }
  const stale = staleItems(facts);
  const staleChanged = stale.map(itemText);
  if (result?.ok === 'pending') {
    const kept = entry ?? previous;
    return {
      state: 'generating',
      answer: kept,
      changed: staleChanged,
      reason: 'the model is being asked',
      ...says(
        stale.length
          ? {id: 'generatingChanged', values: {changed: stale}}
          : {id: 'generating'},
        !!kept && {id: 'shownMeanwhile'},
      ),
    };
  }
  if (result) {
    const kept = entry ?? previous;
    return {
      state: 'failed',
      answer: kept,
      changed: staleChanged,
      reason: `the last request failed: ${result.message}`,
      ...says(
        {id: 'failed', values: {error: result.message}},
        !!result.hint && {
          id: 'hint',
          values: {hint: result.hint, kind: result.kind ?? 'unknown'},
        },
        !!kept && {id: 'lastShown'},
      ),
    };
  }
  if (entry) return {...fresh, answer: entry};
  const how = howToGenerate(settings.mode, settings.command);
  if (facts.failure) {
    return {
      state: 'failed',
      answer: previous,
      changed: [],
      reason: `the last request failed: ${facts.failure.message}`,
      ...says(
        {id: 'failedBefore', values: {error: facts.failure.message}},
        how,
      ),
    };
  }
  if (previous) {
    const banner = settings.onStale === 'banner';
    const changed = stale.length ? stale : [{input: 'inputs'}];
    return {
      state: 'stale',
      answer: banner ? previous : undefined,
      changed: staleChanged,
      reason: `${itemsText(changed)} changed since the last answer`,
      ...says({id: banner ? 'stale' : 'staleHidden', values: {changed}}, how),
    };
  }
  return {
    state: 'missing',
    changed: [],
    reason: 'no answer was ever generated for this design',
    ...says({id: 'missing'}, how),
  };
}
