/** Import: open an archive, see what it holds, bring the friend list into the chosen account. */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { CountsTable, ErrorText, MessengerPicker, Page, Step, errorMessage } from '../ui/components.js';
import { UnlockArchive, type UnlockedArchive } from '../ui/unlock.js';
import { xmppTabPort } from '../connectors/xmpp-tab-port.js';
import { db, dexieLedger } from '../storage/db.js';
import type { MessengerTab } from '../protocol.js';
import { importXmppContacts, type ImportProgress, type ImportReport } from '../../src/connectors/xmpp/import.js';
import { importHistoryAsNotes, type NotesReport } from '../../src/connectors/xmpp/history-notes.js';

function ImportPage() {
  const [archive, setArchive] = useState<UnlockedArchive | null>(null);
  const [tab, setTab] = useState<MessengerTab | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function runImport() {
    if (!archive || !tab) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await importXmppContacts(xmppTabPort(tab), archive.content.contacts, dexieLedger, { onProgress: setProgress }));
    } catch (e) {
      setError(`Import stopped: ${errorMessage(e)}. What was already imported stays; running the import again continues without duplicates.`);
    } finally {
      setBusy(false);
    }
  }

  const [notesProgress, setNotesProgress] = useState<ImportProgress | null>(null);
  const [notesReport, setNotesReport] = useState<NotesReport | null>(null);

  async function copyHistoryToNotes() {
    if (!archive || !tab) return;
    setBusy(true);
    setError(null);
    try {
      setNotesReport(await importHistoryAsNotes(xmppTabPort(tab), archive.content, dexieLedger, { onProgress: setNotesProgress }));
    } catch (e) {
      setError(`Copying history stopped: ${errorMessage(e)}. What was copied stays; running it again continues without duplicates.`);
    } finally {
      setBusy(false);
    }
  }

  async function openViewer() {
    if (!archive) return;
    // Stored as it arrived, still encrypted: the viewer asks for the passphrase again.
    const id = await db.archives.add({ fileName: archive.fileName, savedAt: new Date().toISOString(), encrypted: archive.encrypted });
    await browser.tabs.create({ url: browser.runtime.getURL(`pages/viewer.html?archive=${id}`) });
  }

  const sources = archive?.content.manifest.sources.map((s) => `${s.account} (${s.service}, exported ${s.exportedAt})`).join('; ');
  return (
    <Page title="Import" subtitle="Bring your friends and history into another messenger.">
      <Step id="open" title="1. Open your archive">
        {archive ? (
          <div>
            <p class="ok">Unlocked {archive.fileName}</p>
            <p class="muted">From: {sources}</p>
            <CountsTable counts={archive.content.manifest.counts} caption="This archive holds" />
          </div>
        ) : (
          <UnlockArchive onUnlocked={setArchive} />
        )}
      </Step>
      <Step id="target" title="2. Choose where to import">
        <MessengerPicker selected={tab} onSelect={setTab} purpose="Messenger to import into" />
      </Step>
      <Step id="import" title="3. Import">
        <p class="muted">
          Your friends are added to the chosen account with their names and groups, and each is asked to share presence with you.
        </p>
        <p class="muted">
          History: a web client cannot write into the server's archive of your conversations, so Ferry offers two ways. Copy it into your notes to self: each message becomes a note in your own chat, with who wrote it and when; nobody else receives anything. Or read it in the viewer, straight from the archive. (Your provider's admin can also import it into the real conversations: ferry export-format xep0227.)
        </p>
        <div class="row">
          <button type="button" disabled={!archive || !tab || busy} onClick={runImport}>
            Import {archive ? archive.content.contacts.length : ''} friends
          </button>
          <button type="button" class="secondary" disabled={!archive || !tab || busy} onClick={copyHistoryToNotes}>
            Copy history into my notes to self
          </button>
          <button type="button" class="secondary" disabled={!archive} onClick={openViewer}>
            Read history in the viewer
          </button>
        </div>
        {notesProgress && !notesReport ? (
          <p aria-live="polite">
            Copying history… {notesProgress.done} of {notesProgress.total}
          </p>
        ) : null}
        {notesReport ? (
          <p class="ok" data-notes-report aria-live="polite">
            History copied into {notesReport.target}'s notes to self: <span data-notes-sent>{notesReport.sent}</span> messages from {notesReport.conversations} conversations, <span data-notes-present>{notesReport.alreadyPresent}</span> already there.
          </p>
        ) : null}
        {progress && !report ? (
          <p aria-live="polite">
            Importing… {progress.done} of {progress.total}
          </p>
        ) : null}
        {report ? (
          <div data-import-report aria-live="polite">
            <p class="ok">
              Imported into {report.target}: <span data-added>{report.added}</span> added, <span data-present>{report.alreadyPresent}</span> already there, {report.notImported.length} not imported.
            </p>
            {report.notImported.length ? (
              <ul>
                {report.notImported.map((n) => (
                  <li key={n.contactId}>
                    {n.displayName}: {n.reason}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </Step>
      <ErrorText error={error} />
    </Page>
  );
}

render(<ImportPage />, document.getElementById('app')!);
