/** A read-only view of an archive: conversations, then their messages. */
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorText, Page, Step, errorMessage } from '../ui/components.js';
import { UnlockArchive, type UnlockedArchive } from '../ui/unlock.js';
import { db, type StoredArchive } from '../storage/db.js';
import type { ArchiveContent, Conversation, Message } from '../../src/model/types.js';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What schema 1.0 adds beyond the text, in one line, so nothing in the archive is invisible. */
function extrasOf(m: Message): string {
  const parts: string[] = [];
  if (m.kind !== 'text') parts.push(`[${m.kind}]`);
  for (const a of m.attachments ?? []) parts.push(`📎 ${a.fileName ?? a.mediaType}${a.notIncluded ? ` (not included: ${a.notIncluded.reason})` : ''}`);
  if (m.edits?.length) parts.push(`edited ${m.edits.length}×`);
  if (m.reactions?.length) parts.push(m.reactions.map((r) => r.emoji).join(' '));
  return parts.join(' · ');
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
      <nav aria-label="Conversations">
        {content.conversations.map((c) => (
          <button type="button" key={c.id} aria-current={c.id === openId} data-conversation={c.title} onClick={() => setOpenId(c.id)}>
            {c.title} <span class="muted">({content.messages.get(c.id)?.length ?? 0})</span>
          </button>
        ))}
      </nav>
      <section aria-label={open ? `Messages with ${open.title}` : 'Messages'}>
        {open ? <h2 style="margin-top: 0">{open.title}</h2> : <p class="muted">This archive has no conversations.</p>}
        {messages.map((m) => (
          <article class="message" key={m.id} data-message-id={m.id}>
            <div class="meta">
              <strong>{names.get(m.sender) ?? m.sender.replace(/^xmpp:/, '')}</strong> · <time dateTime={m.timestamp}>{timeFormat.format(new Date(m.timestamp))}</time>
            </div>
            <div class="text">{m.text}</div>
            {extrasOf(m) && <div class="muted">{extrasOf(m)}</div>}
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
        (found) => (found ? setStored(found) : (setError('That archive is no longer stored here. Open the file instead.'), setStored(null))),
        (e: unknown) => setError(errorMessage(e)),
      );
  }, [storedId]);
  return (
    <Page title="Viewer" subtitle="Read the history kept in an archive.">
      {archive ? (
        <Step id="history" title={`History in ${archive.fileName}`}>
          <Conversations content={archive.content} />
        </Step>
      ) : stored === undefined ? null : (
        <Step id="open" title="Open an archive">
          <UnlockArchive stored={stored ?? undefined} onUnlocked={setArchive} />
        </Step>
      )}
      <ErrorText error={error} />
    </Page>
  );
}

render(<ViewerPage />, document.getElementById('app')!);
