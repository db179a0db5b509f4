/** A read-only view of an archive: conversations, then their messages. */
import { render, type ComponentChild } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorText, Page, Step, errorMessage } from '../ui/components.js';
import { UnlockArchive, type UnlockedArchive } from '../ui/unlock.js';
import { db, type StoredArchive } from '../storage/db.js';
import type { ArchiveContent, Conversation, Message } from '../../src/model/types.js';
import { formatDateTime, formatNumber, t } from '../ui/i18n.js';
import { revealBidiControls as shown } from '../ui/safe-text.js';

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

/** What schema 1.0 adds beyond the text, in one line, so nothing in the archive is invisible. */
function extrasOf(m: Message): string {
  const parts: string[] = [];
  if (m.kind !== 'text') parts.push(`[${m.kind}]`);
  for (const a of m.attachments ?? []) parts.push(`📎 ${a.fileName ?? a.mediaType}${a.notIncluded ? ` (${t('viewerNotIncluded', a.notIncluded.reason)})` : ''}`);
  if (m.edits?.length) parts.push(t('viewerEdited', m.edits.length));
  if (m.reactions?.length) parts.push(m.reactions.map((r) => r.emoji).join(' '));
  return parts.join(' · ');
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

function Conversations(props: { content: ArchiveContent }) {
  const { content } = props;
  const [openId, setOpenId] = useState<string | null>(content.conversations[0]?.id ?? null);
  const names = useMemo(() => {
    const byHandle = new Map<string, string>();
    for (const c of content.contacts) for (const h of c.handles) byHandle.set(h, c.displayName);
    return byHandle;
  }, [content]);
  const open: Conversation | undefined = content.conversations.find((c) => c.id === openId);
  const messages = openId ? (content.messages.get(openId) ?? []) : [];
  return (
    <div class="viewer">
      <nav aria-label={t('viewerConversations')}>
        {content.conversations.map((c) => (
          <button type="button" key={c.id} aria-current={c.id === openId} data-conversation={c.title} onClick={() => setOpenId(c.id)}>
            <bdi class="clamp">{shown(c.title)}</bdi> <span class="muted">({formatNumber(content.messages.get(c.id)?.length ?? 0)})</span>
          </button>
        ))}
      </nav>
      <section aria-label={open ? t('viewerMessagesWith', shown(open.title)) : t('viewerMessages')}>
        {open ? (
          <h2 style="margin-top: 0" dir="auto" class="clamp">
            {shown(open.title)}
          </h2>
        ) : (
          <p class="muted">{t('viewerNoConversations')}</p>
        )}
        {messages.map((m) => (
          <article class="message" key={m.id} data-message-id={m.id}>
            <div class="meta">
              <strong>
                <bdi>{shown(names.get(m.sender) ?? m.sender.replace(/^xmpp:/, ''))}</bdi>
              </strong>{' '}
              · <time dateTime={m.timestamp}>{formatDateTime(m.timestamp)}</time>
            </div>
            <MessageText text={m.text} />
            {extrasOf(m) && (
              <div class="muted" dir="auto">
                {extrasOf(m)}
              </div>
            )}
          </article>
        ))}
      </section>
    </div>
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
