/**
 * "Choose what to save": which conversations, and which days, go into the archive. Works on any
 * content (a live export or converted files); the choice is applied only when saving, so it can be
 * changed freely and the fetched data is never cut.
 */
import { useMemo } from 'preact/hooks';
import type { Selection } from '../../src/transfer/select.js';
import { conversationSummaries, type PageFacts } from './page-content.js';
import { formatNumber, t, tParts } from './i18n.js';
import { revealBidiControls as shown } from './safe-text.js';

export interface Choice {
  /** Absent = all conversations. */
  conversations?: ReadonlySet<string>;
  /** yyyy-mm-dd from the date inputs, in the browser's zone; empty = open-ended. */
  fromDay: string;
  untilDay: string;
}

export const CHOOSE_ALL: Choice = { fromDay: '', untilDay: '' };

/** A local calendar day's first instant, as ISO. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00`).toISOString();
/** The instant after a local calendar day (the end is "this day included"). */
function endOfDay(day: string): string {
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
}

/** The choice as the core's Selection, or a translated reason it keeps nothing. */
export function selectionOf(choice: Choice): { selection: Selection; problem?: undefined } | { problem: string; selection?: undefined } {
  if (choice.conversations && choice.conversations.size === 0) return { problem: t('exportChooseNone') };
  if (choice.fromDay && choice.untilDay && choice.fromDay > choice.untilDay) return { problem: t('exportChooseBadRange') };
  return {
    selection: {
      ...(choice.conversations ? { conversations: choice.conversations } : {}),
      ...(choice.fromDay ? { from: startOfDay(choice.fromDay) } : {}),
      ...(choice.untilDay ? { until: endOfDay(choice.untilDay) } : {}),
    },
  };
}

export function ChooseContent(props: { content: PageFacts; choice: Choice; onChange: (choice: Choice) => void }) {
  const { content, choice, onChange } = props;
  const summaries = useMemo(() => conversationSummaries(content), [content]);
  const chosen = (id: string) => !choice.conversations || choice.conversations.has(id);
  const result = selectionOf(choice);

  // Counted here rather than by building the selection, so ticking boxes stays instant on a big archive.
  const kept = useMemo(() => {
    if (result.problem !== undefined) return null;
    const from = result.selection.from ? Date.parse(result.selection.from) : -Infinity;
    const until = result.selection.until ? Date.parse(result.selection.until) : Infinity;
    let messages = 0;
    let conversations = 0;
    for (const summary of summaries) {
      if (!chosen(summary.id)) continue;
      conversations++;
      const instants = content.facts.get(summary.id)?.instants;
      if (!instants) continue;
      for (let i = 0; i < instants.length; i++) {
        const at = instants[i]!;
        if (at >= from && at < until) messages++;
      }
    }
    return { messages, conversations };
  }, [content, choice]);

  function toggle(id: string, on: boolean) {
    const next = new Set(choice.conversations ?? summaries.map((s) => s.id));
    if (on) next.add(id);
    else next.delete(id);
    onChange({ ...choice, conversations: next.size === summaries.length ? undefined : next });
  }

  return (
    <div data-choose>
      <fieldset>
        <legend>{t('exportChooseConversations')}</legend>
        <label class="check">
          <input
            type="checkbox"
            data-choose-all
            checked={!choice.conversations}
            onChange={(e) => onChange({ ...choice, conversations: e.currentTarget.checked ? undefined : new Set() })}
          />{' '}
          {t('exportChooseAll')}
        </label>
        <ul class="plain">
          {summaries.map((s) => (
            <li key={s.id}>
              <label class="check">
                <input type="checkbox" data-conversation={s.id} checked={chosen(s.id)} onChange={(e) => toggle(s.id, e.currentTarget.checked)} />{' '}
                {tParts('exportChooseItem', <bdi>{shown(s.title)}</bdi>, formatNumber(s.messages))}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div class="row">
        <span>
          <label for="choose-from">{t('exportChooseFrom')}</label>
          <input id="choose-from" type="date" value={choice.fromDay} onInput={(e) => onChange({ ...choice, fromDay: e.currentTarget.value })} />
        </span>
        <span>
          <label for="choose-until">{t('exportChooseUntil')}</label>
          <input id="choose-until" type="date" value={choice.untilDay} onInput={(e) => onChange({ ...choice, untilDay: e.currentTarget.value })} />
        </span>
      </div>
      <p class="muted">{t('exportChooseDatesHint')}</p>
      {result.problem !== undefined ? (
        <p class="error" role="alert" data-choose-problem>
          {result.problem}
        </p>
      ) : kept ? (
        <p aria-live="polite" data-choose-summary={kept.messages}>
          {t('exportChooseSummary', formatNumber(kept.messages), formatNumber(content.manifest.counts.messages), formatNumber(kept.conversations))}
        </p>
      ) : null}
    </div>
  );
}
