/** A read-only view of an archive: conversations, then their messages. */
import { render, type ComponentChild } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorText, Page, Step, errorMessage } from '../ui/components.js';
import { UnlockArchive, type UnlockedArchive } from '../ui/unlock.js';
import { db, type StoredArchive } from '../storage/db.js';
import type { ArchiveContent, Conversation, Message } from '../../src/model/types.js';
import { formatDateTime, formatNumber, t } from '../ui/i18n.js';
import { revealBidiControls as shown } from '../ui/safe-text.js';
import { SearchIndex } from '../../src/search/index.js';
import { senderNames } from '../../src/model/display.js';

/**
 * Long texts are shown a part at a time: Chromium needs over a minute to lay out one megabyte
 * without a break opportunity, so a hostile message could otherwise freeze the page.
 */
const FIRST_CHARS = 5_000;
const MORE_CHARS = 50_000;
/** Runs longer than this without whitespace get a <wbr> every RUN_CHARS, so line breaking stays linear. */
const RUN_CHARS = 1_000;

function breakable(text: string): ComponentChild[] {
  const parts: ComponentChild[] = [];
  let last = 0;
  for (const run of text.matchAll(new RegExp(`\\S{${RUN_CHARS + 1},}`, 'g'))) {
    for (let at = run.index + RUN_CHARS; at < run.index + run[0].length; at += RUN_CHARS) {
      parts.push(text.slice(last, at), <wbr />);
      last = at;
    }
  }
  parts.push(text.slice(last));
  return parts;
}

/**
 * What schema 1.0 adds beyond the text, in one line, so nothing in the archive is invisible.
 * File names are names a person trusts: each is isolated and its hidden characters shown.
 */
function extrasOf(m: Message): ComponentChild[] {
  const parts: ComponentChild[] = [];
  // Kinds and reasons are the schema's closed lists; each has a message (see test/extension/locales.test.ts).
  if (m.kind !== 'text') parts.push(t(`viewerKind_${m.kind}`));
  for (const a of m.attachments ?? [])
    parts.push(
      <span class="attachment">
        📎 <bdi>{shown(a.fileName ?? a.mediaType)}</bdi>
        {a.notIncluded ? ` (${t('viewerNotIncluded', t(`viewerReason_${a.notIncluded.reason.replace('-', '_')}`))})` : ''}
      </span>,
    );
  if (m.edits?.length) parts.push(t('viewerEdited', m.edits.length));
  if (m.reactions?.length) parts.push(<bdi>{shown(m.reactions.map((r) => r.emoji).join(' '))}</bdi>);
  return parts.flatMap((part, i) => (i === 0 ? [part] : [' · ', part]));
}

/** A conversation's name: its title, or the names of the others in it when the source gave none. */
function titleOf(c: Conversation, nameOf: (handle: string) => string): string {
  return c.title.trim() || c.participants.filter((p) => p.role !== 'owner').map((p) => nameOf(p.handle)).join(', ') || c.id;
}

function MessageText(props: { text: string }) {
  const [shown, setShown] = useState(FIRST_CHARS);
  const rest = props.text.length - shown;
  return (
    <>
      <div class="text" dir="auto">
        {breakable(rest > 0 ? `${props.text.slice(0, shown)}…` : props.text)}
      </div>
      {rest > 0 ? (
        <button type="button" class="secondary small" onClick={() => setShown(shown + MORE_CHARS)}>
          {t('viewerShowMore', formatNumber(rest))}
        </button>
      ) : null}
    </>
  );
}

/** Results listed at once; the count says how many more there are. */
const RESULTS_SHOWN = 50;
const SNIPPET_CHARS = 240;

/** Search over every message of the archive (src/search), indexed in slices as soon as it opens. */
function Search(props: { content: ArchiveContent; senderName: (m: Message) => string; titleOf: (c: Conversation) => string; onOpen: (m: Message) => void }) {
  const [query, setQuery] = useState('');
  const all = useMemo(() => [...props.content.messages.values()].flat(), [props.content]);
  const [index, setIndex] = useState<SearchIndex | null>(null);
  useEffect(() => {
    const stop = new AbortController();
    setIndex(null);
    SearchIndex.buildInSlices(
      all.map((m) => m.text),
      { signal: stop.signal },
    ).then(setIndex, () => undefined);
    return () => stop.abort();
  }, [all]);
  const result = useMemo(() => (query.trim() && index ? index.search(query, { limit: RESULTS_SHOWN }) : null), [query, index]);
  const titles = useMemo(() => new Map(props.content.conversations.map((c) => [c.id, props.titleOf(c)])), [props.content]);
  return (
    <div class="search">
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label for="viewer-search">{t('viewerSearchLabel')}</label>
        <input id="viewer-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} aria-describedby="viewer-search-hint" />
        <p id="viewer-search-hint" class="muted small">
          {t('viewerSearchHint')}
        </p>
      </form>
      {query.trim() && !index ? (
        <p aria-live="polite" data-search-indexing>
          {t('viewerSearchIndexing', formatNumber(all.length))}
        </p>
      ) : null}
      {result ? (
        <p aria-live="polite" data-search-count={result.count}>
          {result.count === 0
            ? t('viewerSearchNone')
            : result.count > result.documents.length
              ? t('viewerSearchCountLimited', formatNumber(result.count), formatNumber(result.documents.length))
              : t('viewerSearchCount', formatNumber(result.count))}
        </p>
      ) : null}
      {result?.documents.length ? (
        <ul class="plain search-results" aria-label={t('viewerSearchResults')}>
          {result.documents.map((n) => {
            const m = all[n]!;
            return (
              <li key={m.id}>
                <button type="button" class="result" data-result={m.id} onClick={() => props.onOpen(m)}>
                  <span class="meta">
                    <bdi>{shown(titles.get(m.conversationId) ?? '')}</bdi> · <bdi>{shown(props.senderName(m))}</bdi> ·{' '}
                    <time dateTime={m.timestamp}>{formatDateTime(m.timestamp)}</time>
                  </span>
                  <span class="snippet" dir="auto">
                    {breakable(m.text.length > SNIPPET_CHARS ? `${m.text.slice(0, SNIPPET_CHARS)}…` : m.text)}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

function Conversations(props: { content: ArchiveContent }) {
  const { content } = props;
  const [openId, setOpenId] = useState<string | null>(content.conversations[0]?.id ?? null);
  // Senders under their display names (a contact's, by id or handle), never their handles' URIs.
  const nameOf = useMemo(() => senderNames(content.contacts), [content]);
  const open: Conversation | undefined = content.conversations.find((c) => c.id === openId);
  const messages = openId ? (content.messages.get(openId) ?? []) : [];
  const senderName = (m: Message) => nameOf(m.sender);
  const title = (c: Conversation) => titleOf(c, nameOf);
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    // A search result was chosen: show that message and move the keyboard focus to it.
    if (!target) return;
    const article = document.querySelector<HTMLElement>(`article[data-message-id="${CSS.escape(target)}"]`);
    article?.scrollIntoView({ block: 'center' });
    article?.focus();
  }, [target, openId]);
  return (
    <>
      <Search
        content={content}
        senderName={senderName}
        titleOf={title}
        onOpen={(m) => {
          setOpenId(m.conversationId);
          setTarget(m.id);
        }}
      />
      <div class="viewer">
        <nav aria-label={t('viewerConversations')}>
          {content.conversations.map((c) => (
            <button type="button" key={c.id} aria-current={c.id === openId} data-conversation={c.title} onClick={() => setOpenId(c.id)}>
              <bdi class="clamp">{shown(title(c))}</bdi> <span class="muted">({formatNumber(content.messages.get(c.id)?.length ?? 0)})</span>
            </button>
          ))}
        </nav>
        <section aria-label={open ? t('viewerMessagesWith', shown(title(open))) : t('viewerMessages')}>
          {open ? (
            <h2 style="margin-top: 0" dir="auto" class="clamp">
              <bdi>{shown(title(open))}</bdi>
            </h2>
          ) : (
            <p class="muted">{t('viewerNoConversations')}</p>
          )}
          {messages.map((m) => (
            <article
              class="message"
              key={m.id}
              data-message-id={m.id}
              tabIndex={m.id === target ? -1 : undefined}
              data-found={m.id === target ? '' : undefined}
            >
              <div class="meta">
                <strong>
                  <bdi>{shown(senderName(m))}</bdi>
                </strong>{' '}
                · <time dateTime={m.timestamp}>{formatDateTime(m.timestamp)}</time>
              </div>
              <MessageText text={m.text} />
              {extrasOf(m).length > 0 && (
                <div class="muted" dir="auto">
                  {extrasOf(m)}
                </div>
              )}
            </article>
          ))}
        </section>
      </div>
    </>
  );
}

function ViewerPage() {
  const storedId = Number(new URLSearchParams(location.search).get('archive')) || null;
  const [stored, setStored] = useState<StoredArchive | null | undefined>(storedId ? undefined : null);
  const [archive, setArchive] = useState<UnlockedArchive | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (storedId)
      db.archives.get(storedId).then(
        (found) => (found ? setStored(found) : (setError(t('viewerGone')), setStored(null))),
        (e: unknown) => setError(errorMessage(e)),
      );
  }, [storedId]);
  return (
    <Page title={t('viewerTitle')} subtitle={t('viewerSubtitle')}>
      {archive ? (
        <Step id="history" title={t('viewerHistoryIn', shown(archive.fileName))}>
          <Conversations content={archive.content} />
        </Step>
      ) : stored === undefined ? null : (
        <Step id="open" title={t('viewerOpenTitle')}>
          <UnlockArchive stored={stored ?? undefined} onUnlocked={setArchive} />
        </Step>
      )}
      <ErrorText error={error} />
    </Page>
  );
}

render(<ViewerPage />, document.getElementById('app')!);
