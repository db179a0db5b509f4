/** Export: pick the messenger tab, read friends and history, then save them encrypted (or, deliberately, plain). */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { CountsTable, ErrorText, MessengerPicker, Page, Step, errorMessage } from '../ui/components.js';
import { xmppTabPort } from '../connectors/xmpp-tab-port.js';
import { db, dexieExportJournal } from '../storage/db.js';
import type { MessengerTab } from '../protocol.js';
import { exportXmppAccount, type ExportProgress } from '../../src/connectors/xmpp/export.js';
import { sealArchive, type Protection } from '../../src/transfer/archive-file.js';
import { StrengthMeter } from '../ui/strength.js';
import { workerScrypt } from '../ui/kdf.js';

type SaveMode = 'passphrase' | 'device-key' | 'unencrypted';
import type { ArchiveContent } from '../../src/model/types.js';

function ExportPage() {
  const [tab, setTab] = useState<MessengerTab | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [content, setContent] = useState<ArchiveContent | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mode, setMode] = useState<SaveMode>('passphrase');
  const [recipient, setRecipient] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ url: string; name: string; size: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function runExport() {
    if (!tab) return;
    setBusy(true);
    setError(null);
    setContent(null);
    setSaved(null);
    try {
      const result = await exportXmppAccount(xmppTabPort(tab), { onProgress: setProgress, journal: dexieExportJournal(tab.account) });
      await db.exports.add({ account: tab.account, finishedAt: result.manifest.createdAt, counts: result.manifest.counts });
      setContent(result);
    } catch (e) {
      setError(`Export stopped: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!content || !tab) return;
    if (mode === 'passphrase' && passphrase !== confirm) return setError('The two passphrases differ. Type the same passphrase twice.');
    setBusy(true);
    setError(null);
    try {
      const protection: Protection =
        mode === 'passphrase'
          ? { passphrase, kdf: workerScrypt }
          : mode === 'device-key'
            ? { recipients: recipient.split(/[\s,]+/).filter(Boolean) }
            : { unencrypted: true };
      const sealed = await sealArchive(content, protection);
      const base = `ferry-${tab.account.replace(/[^\w.@-]/g, '_')}-${content.manifest.createdAt.slice(0, 10)}`;
      const name = mode === 'unencrypted' ? `${base}.UNENCRYPTED.zip` : `${base}.age`;
      const url = URL.createObjectURL(new Blob([sealed as BlobPart], { type: 'application/octet-stream' }));
      setSaved({ url, name, size: sealed.length });
      // Start the download at once; the link stays for a second copy.
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
    } catch (e) {
      setError(`Could not save: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Export" subtitle="Take your friends and history out of a messenger.">
      <Step id="source" title="1. Choose the messenger">
        <MessengerPicker selected={tab} onSelect={setTab} purpose="Messenger to export from" />
      </Step>
      <Step id="export" title="2. Export friends and history">
        <p class="muted">Ferry reads your friend list and every one-to-one conversation the server keeps, using your own logged-in session.</p>
        <div class="row">
          <button type="button" disabled={!tab || busy} onClick={runExport}>
            Export friends and history
          </button>
        </div>
        {progress ? (
          <p aria-live="polite" data-progress={progress.phase}>
            {progress.phase === 'done' ? 'Export complete: ' : 'Exporting… '}
            {progress.contacts} contacts, {progress.messages} messages ({progress.pages} archive pages)
          </p>
        ) : null}
        {content ? <CountsTable counts={content.manifest.counts} caption="In this export" /> : null}
      </Step>
      <Step id="save" title="3. Save it">
        <form onSubmit={save}>
          <label for="protection">How to protect it</label>
          <select id="protection" value={mode} onChange={(e) => setMode(e.currentTarget.value as SaveMode)}>
            <option value="passphrase">Encrypt with a passphrase</option>
            <option value="device-key">Encrypt to a device key (age1…)</option>
            <option value="unencrypted">Save without encryption (anyone with the file can read it)</option>
          </select>
          {mode === 'passphrase' ? (
            <>
              <p class="muted">The archive is encrypted on this computer with your passphrase (age format, readable by the standard age tool). Keep the passphrase: without it nobody, including Ferry, can open the archive.</p>
              <label for="passphrase">Passphrase</label>
              <input id="passphrase" type="password" autocomplete="new-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
              <StrengthMeter passphrase={passphrase} />
              <label for="confirm">Passphrase again</label>
              <input id="confirm" type="password" autocomplete="new-password" value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
            </>
          ) : mode === 'device-key' ? (
            <>
              <p class="muted">Paste the recipient (age1…) shown on the Keys page of the browser that will import this archive. Only that browser (or `age -d -i` with its exported key) can open it; no passphrase has to travel.</p>
              <label for="recipient">Device key recipient</label>
              <input id="recipient" type="text" spellcheck={false} placeholder="age1…" value={recipient} onInput={(e) => setRecipient(e.currentTarget.value)} />
            </>
          ) : (
            <p class="error" role="note" data-unencrypted>
              Without encryption, anyone who gets this file can read all your messages. Choose this only to inspect the archive yourself, and delete it afterwards.
            </p>
          )}
          <div class="row">
            <button type="submit" disabled={!content || busy || (mode === 'passphrase' && passphrase.length === 0) || (mode === 'device-key' && recipient.trim() === '')}>
              {mode === 'unencrypted' ? 'Save UNENCRYPTED archive' : 'Save encrypted archive'}
            </button>
          </div>
        </form>
        {saved ? (
          <p class="ok" data-saved={saved.name}>
            Saved {saved.name} ({saved.size.toLocaleString()} bytes). <a href={saved.url} download={saved.name}>Download again</a>
          </p>
        ) : null}
      </Step>
      <ErrorText error={error} />
    </Page>
  );
}

render(<ExportPage />, document.getElementById('app')!);
