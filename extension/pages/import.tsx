/** Import: open an archive, see what it holds, bring the friend list into the chosen account. */
import { render } from 'preact';
import { SiteAccess } from '../ui/site-access.js';
import { useEffect, useMemo, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { CountsTable, ErrorText, MessengerPicker, Page, Step, errorMessage } from '../ui/components.js';
import { UnlockArchive, type UnlockedArchive } from '../ui/unlock.js';
import { xmppTabPort } from '../connectors/xmpp-tab-port.js';
import { db, dexieLedger } from '../storage/db.js';
import type { MessengerTab } from '../protocol.js';
import { importXmppContacts, type ImportProgress, type ImportReport } from '../../src/connectors/xmpp/import.js';
import { importHistoryAsNotes, type NotesReport } from '../../src/connectors/xmpp/history-notes.js';
import { formatDate, formatNumber, t, tParts } from '../ui/i18n.js';
import { revealBidiControls as shown } from '../ui/safe-text.js';
import { ImportPreviewTable, ImportReportView } from '../ui/import-preview.js';
import { ContactMappingTable, mappingProblems } from '../ui/contact-mapping.js';
import { initialMapping, toContactMapping, type MappingRow } from '../../src/connectors/xmpp/mapping.js';
import { previewXmppImport } from '../../src/connectors/xmpp/preview.js';
import { movedFromOf } from '../../src/connectors/xmpp/moved.js';
import { TargetFilesStep } from '../ui/target-files.js';
import { peopleOf } from '../../src/connectors/xmpp/people.js';
import { importGroupsAsRooms, type RoomsReport } from '../../src/connectors/xmpp/history-rooms.js';
import { RoomsReportView, roomsProgressText } from '../ui/rooms-report.js';

function ImportPage() {
  const [archive, setArchive] = useState<UnlockedArchive | null>(null);
  const [tab, setTab] = useState<MessengerTab | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<MappingRow[]>([]);
  // XEP-0283 notice: opt-in, off by default (it tells every friend added about the old address).
  const [tellMoved, setTellMoved] = useState(false);
  // People from export files without an address go in under their names on a placeholder (on by default: never a bare hash).
  const [placeholders, setPlaceholders] = useState(true);
  const target = tab?.account ?? null;
  const movedFrom = archive ? movedFromOf(archive.content.manifest) : null;
  // Contacts, and the people of export files who wrote but are in no contact list (KakaoTalk lists none).
  const people = useMemo(() => (archive ? peopleOf(archive.content) : []), [archive]);
  const groupChats = archive ? archive.content.conversations.filter((c) => c.kind !== 'direct' && (archive.content.messages.get(c.id)?.length ?? 0) > 0).length : 0;
  // A new archive or another target account starts from what the archive says; addresses typed so far are kept.
  useEffect(() => {
    if (!archive) return setMapping([]);
    setMapping((before) => {
      const typed = new Map(before.filter((r) => r.basis === 'typed').map((r) => [r.contactId, r]));
      return initialMapping(people, target ?? '').map((row) => typed.get(row.contactId) ?? row);
    });
  }, [archive, people, target]);
  const preview = useMemo(() => (archive ? previewXmppImport(archive.content, target ?? '', toContactMapping(mapping), { placeholders }) : null), [archive, target, mapping, placeholders]);
  const toFix = target ? mappingProblems(mapping, target) : 0;
  const importable = preview?.rows.find((r) => r.kind === 'contacts')?.count ?? 0;

  async function runImport() {
    if (!archive || !tab) return;
    setBusy(true);
    setError(null);
    try {
      setReport(null);
      setProgress(null);
      const options = { onProgress: setProgress, mapping: toContactMapping(mapping), placeholders, ...(tellMoved && movedFrom ? { movedFrom } : {}) };
      setReport(await importXmppContacts(xmppTabPort(tab), people, dexieLedger, options));
    } catch (e) {
      setError(t('importStopped', errorMessage(e)));
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
      setError(t('importNotesStopped', errorMessage(e)));
    } finally {
      setBusy(false);
    }
  }

  const [roomsProgress, setRoomsProgress] = useState<ImportProgress | null>(null);
  const [roomsReport, setRoomsReport] = useState<RoomsReport | null>(null);

  async function createRooms() {
    if (!archive || !tab) return;
    setBusy(true);
    setError(null);
    try {
      setRoomsReport(null);
      setRoomsProgress(null);
      setRoomsReport(await importGroupsAsRooms(xmppTabPort(tab), archive.content, dexieLedger, { mapping: toContactMapping(mapping), onProgress: setRoomsProgress, at: new Date().toISOString() }));
    } catch (e) {
      setError(t('importRoomsStopped', errorMessage(e)));
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

  const sources = archive?.content.manifest.sources.map((s) => t('importSource', shown(s.account), shown(s.service), formatDate(s.exportedAt))).join('; ');
  return (
    <Page title={t('importTitle')} subtitle={t('importSubtitle')}>
      <Step id="open" title={t('importStepOpen')}>
        {archive ? (
          <div>
            <p class="ok">{tParts('importUnlocked', <bdi>{shown(archive.fileName)}</bdi>)}</p>
            <p class="muted">{tParts('importFrom', <bdi>{sources}</bdi>)}</p>
            <CountsTable counts={archive.content.manifest.counts} caption={t('importCountsCaption')} />
          </div>
        ) : (
          <UnlockArchive onUnlocked={setArchive} />
        )}
      </Step>
      <Step id="target" title={t('importStepTarget')}>
        <SiteAccess />
        <MessengerPicker selected={tab} onSelect={setTab} purpose={t('importPickerPurpose')} />
      </Step>
      {preview ? (
        <Step id="preview" title={t('importStepPreview')}>
          <p class="muted">{t('previewExplain')}</p>
          <ImportPreviewTable preview={preview} />
        </Step>
      ) : null}
      {archive ? (
        <Step id="mapping" title={t('importStepMapping')}>
          <label class="check">
            <input type="checkbox" data-placeholders-option checked={placeholders} disabled={busy} onChange={(e) => setPlaceholders(e.currentTarget.checked)} /> {t('importPlaceholdersOption')}
          </label>
          <ContactMappingTable rows={mapping} onChange={setMapping} target={target} port={tab ? xmppTabPort(tab) : null} disabled={busy} placeholders={placeholders} />
        </Step>
      ) : null}
      <Step id="import" title={t('importStepImport')}>
        <p class="muted">{t('importFriendsExplain')}</p>
        <p class="muted">{t('importHistoryExplain')}</p>
        <p class="muted">{t('importRoomsExplain')}</p>
        {archive ? (
          movedFrom ? (
            <div data-moved-option>
              <label class="check">
                <input type="checkbox" data-moved-notice checked={tellMoved} disabled={busy} onChange={(e) => setTellMoved(e.currentTarget.checked)} />{' '}
                {tParts('importMovedNotice', <bdi>{shown(movedFrom)}</bdi>)}
              </label>
              <p class="muted">{t('importMovedExplain')}</p>
            </div>
          ) : (
            <p class="muted" data-moved-unavailable>
              {t('importMovedUnavailable')}
            </p>
          )
        ) : null}
        <div class="row">
          <button type="button" disabled={!archive || !tab || busy || toFix > 0} onClick={runImport}>
            {archive ? t('importFriendsButton', formatNumber(importable)) : t('importFriendsButtonNoArchive')}
          </button>
          <button type="button" class="secondary" disabled={!archive || !tab || busy} onClick={copyHistoryToNotes}>
            {t('importNotesButton')}
          </button>
          <button type="button" class="secondary" data-rooms-button disabled={!archive || !tab || busy || groupChats === 0 || toFix > 0} onClick={createRooms}>
            {t('importRoomsButton', formatNumber(groupChats))}
          </button>
          <button type="button" class="secondary" disabled={!archive} onClick={openViewer}>
            {t('importViewerButton')}
          </button>
        </div>
        {notesProgress && !notesReport ? (
          <p aria-live="polite">
            {t('importNotesProgress', formatNumber(notesProgress.done), formatNumber(notesProgress.total))}
          </p>
        ) : null}
        {notesReport ? (
          <p class="ok" data-notes-report aria-live="polite">
            {tParts(
              'importNotesReport',
              <bdi>{shown(notesReport.target)}</bdi>,
              <span data-notes-sent>{notesReport.sent}</span>,
              formatNumber(notesReport.conversations),
              <span data-notes-present>{notesReport.alreadyPresent}</span>,
            )}
          </p>
        ) : null}
        {roomsProgress && !roomsReport ? <p aria-live="polite">{roomsProgressText(roomsProgress)}</p> : null}
        {roomsReport ? <RoomsReportView report={roomsReport} /> : null}
        {progress && !report ? (
          <p aria-live="polite">
            {t('importProgress', formatNumber(progress.done), formatNumber(progress.total))}
          </p>
        ) : null}
        {toFix > 0 ? (
          <p class="error" data-mapping-blocked>
            {t('mappingFixFirst', formatNumber(toFix))}
          </p>
        ) : null}
        {report ? <ImportReportView report={report} /> : null}
      </Step>
      {archive ? <TargetFilesStep content={archive.content} fileName={archive.fileName} /> : null}
      <ErrorText error={error} />
    </Page>
  );
}

render(<ImportPage />, document.getElementById('app')!);
