/** Export: pick the messenger tab, read friends and history, then save them encrypted (or, deliberately, plain). */
import { render } from 'preact';
import { SiteAccess } from '../ui/site-access.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CountsTable, ErrorText, MessengerPicker, Page, Step, errorMessage } from '../ui/components.js';
import { xmppTabPort } from '../connectors/xmpp-tab-port.js';
import { db, dexieExportJournal } from '../storage/db.js';
import type { MessengerTab } from '../protocol.js';
import { exportXmppAccount, type ExportProgress } from '../../src/connectors/xmpp/export.js';
import { sealInWorker } from '../ui/seal.js';
import type { SealProtection } from '../workers/seal-worker.js';
import { StrengthMeter } from '../ui/strength.js';
import { formatDuration, formatNumber, t } from '../ui/i18n.js';
import { ChooseContent, CHOOSE_ALL, selectionOf, type Choice } from '../ui/choose-content.js';
import { RateMeter, type RateEstimate } from '../../src/transfer/rate.js';
import { ConvertFiles } from '../ui/convert-files.js';
import { MovedStatement } from '../ui/moved-statement.js';
import { listPasskeys, passkeyEvaluator, type Passkey } from '../storage/passkeys.js';
import { prfInputs } from '../../src/crypto/index.js';
import { revealBidiControls as shown } from '../ui/safe-text.js';
import { pageContentOf, type PageContent } from '../ui/page-content.js';

type SaveMode = 'passphrase' | 'device-key' | 'passkey' | 'unencrypted';

function ExportPage() {
  const [tab, setTab] = useState<MessengerTab | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [content, setContent] = useState<PageContent | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mode, setMode] = useState<SaveMode>('passphrase');
  const [recipient, setRecipient] = useState('');
  const [passkeys, setPasskeys] = useState<Passkey[]>([]);
  const [passkeyId, setPasskeyId] = useState<number | null>(null);
  useEffect(() => {
    if (mode !== 'passkey') return;
    void listPasskeys().then((list) => {
      setPasskeys(list);
      setPasskeyId((id) => (list.some((p) => p.id === id) ? id : (list[0]?.id ?? null)));
    });
  }, [mode]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ url: string; name: string; size: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<Choice>(CHOOSE_ALL);
  const [rate, setRate] = useState<RateEstimate>({});
  const running = useRef<AbortController | null>(null);
  // Content converted from export files (step "files"), told apart from a live export for the file name.
  const [converted, setConverted] = useState<PageContent | null>(null);
  // New content (a live export or converted files) starts with everything chosen.
  useEffect(() => setChoice(CHOOSE_ALL), [content]);

  async function runExport() {
    if (!tab) return;
    setBusy(true);
    setError(null);
    setContent(null);
    setSaved(null);
    setChoice(CHOOSE_ALL);
    setRate({});
    const meter = new RateMeter();
    const controller = new AbortController();
    running.current = controller;
    const onProgress = (p: ExportProgress) => {
      setProgress(p);
      if (p.phase !== 'history') return;
      meter.sample(p.archiveRead, performance.now());
      setRate(meter.estimate(p.archiveTotal));
    };
    try {
      const result = await exportXmppAccount(xmppTabPort(tab), { onProgress, journal: dexieExportJournal(tab.account), roomJournal: (room) => dexieExportJournal(`${tab.account} room ${room}`), signal: controller.signal });
      await db.exports.add({ account: tab.account, finishedAt: result.manifest.createdAt, counts: result.manifest.counts });
      setContent(pageContentOf(result));
    } catch (e) {
      setError(controller.signal.aborted ? t('exportCancelled') : t('exportStopped', errorMessage(e)));
    } finally {
      running.current = null;
      setBusy(false);
    }
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!content || (!tab && content !== converted)) return;
    if (mode === 'passphrase' && passphrase !== confirm) return setError(t('exportPassphraseMismatch'));
    const chosen = selectionOf(choice);
    if (chosen.problem !== undefined) return setError(chosen.problem);
    setBusy(true);
    setError(null);
    try {
      let protection: SealProtection;
      if (mode === 'passkey') {
        // The person confirms with the passkey now, on the page (WebAuthn does not run in workers);
        // the worker gets only its answer for this file's nonce.
        const chosen = passkeys.find((p) => p.id === passkeyId);
        if (!chosen) throw new Error(t('exportPasskeyNone'));
        const nonce = crypto.getRandomValues(new Uint8Array(16));
        protection = { passkey: { nonce, ...(await passkeyEvaluator([chosen])(prfInputs(nonce))) } };
      } else {
        protection = mode === 'passphrase' ? { passphrase } : mode === 'device-key' ? { recipients: recipient.split(/[\s,]+/).filter(Boolean) } : { unencrypted: true };
      }
      const sealed = await sealInWorker(content, chosen.selection, protection);
      const who = content === converted ? [...new Set(content.manifest.sources.map((s) => s.service))].join('+') : tab!.account;
      const base = `ferry-${who.replace(/[^\w.@-]/g, '_')}-${content.manifest.createdAt.slice(0, 10)}`;
      const name = mode === 'unencrypted' ? `${base}.UNENCRYPTED.zip` : `${base}.age`;
      const url = URL.createObjectURL(new Blob([sealed as BlobPart], { type: 'application/octet-stream' }));
      setSaved({ url, name, size: sealed.length });
      // Start the download at once; the link stays for a second copy.
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
    } catch (e) {
      setError(t('exportSaveFailed', errorMessage(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('exportTitle')} subtitle={t('exportSubtitle')}>
      <Step id="source" title={t('exportStepSource')}>
        <SiteAccess />
        <MessengerPicker selected={tab} onSelect={setTab} purpose={t('exportPickerPurpose')} />
      </Step>
      <Step id="export" title={t('exportStepExport')}>
        <p class="muted">{t('exportExplain')}</p>
        <div class="row">
          <button type="button" disabled={!tab || busy} onClick={runExport}>
            {t('exportButton')}
          </button>
          {busy && running.current ? (
            <button type="button" class="secondary" data-cancel onClick={() => running.current?.abort()}>
              {t('exportCancel')}
            </button>
          ) : null}
        </div>
        {progress ? (
          <p aria-live="polite" data-progress={progress.phase}>
            {t(
              progress.phase === 'done' ? 'exportProgressDone' : 'exportProgressRunning',
              formatNumber(progress.contacts),
              formatNumber(progress.messages),
              formatNumber(progress.pages),
            )}
            {progress.phase === 'history' && rate.perSecond !== undefined ? (
              <span data-rate>
                {' · '}
                {t('exportRate', formatNumber(Math.round(rate.perSecond)))}
                {' · '}
                {rate.secondsLeft !== undefined ? t('exportTimeLeft', formatDuration(rate.secondsLeft)) : t('exportTimeLeftUnknown')}
              </span>
            ) : null}
            {progress.retrying ? (
              <span data-retrying>
                {' · '}
                {t('exportRetrying', progress.retrying.reason.replace(/[.\s]+$/, ''), formatDuration(progress.retrying.waitSeconds), formatNumber(progress.retrying.attempt))}
              </span>
            ) : null}
          </p>
        ) : null}
        {/* Counts of converted files are shown in their own step, not as if read from the messenger. */}
        {content && content !== converted ? <CountsTable counts={content.manifest.counts} caption={t('exportCountsCaption')} /> : null}
      </Step>
      <Step id="files" title={t('exportStepFiles')}>
        <ConvertFiles
          onContent={(c) => {
            setConverted(c);
            setContent(c);
            setSaved(null);
            setError(null);
          }}
        />
      </Step>
      {content ? (
        <Step id="choose" title={t('exportStepChoose')}>
          <ChooseContent content={content} choice={choice} onChange={setChoice} />
        </Step>
      ) : null}
      <Step id="save" title={t('exportStepSave')}>
        <form onSubmit={save}>
          <label for="protection">{t('exportProtectionLabel')}</label>
          <select id="protection" value={mode} onChange={(e) => setMode(e.currentTarget.value as SaveMode)}>
            <option value="passphrase">{t('exportModePassphrase')}</option>
            <option value="device-key">{t('exportModeDevice')}</option>
            <option value="passkey">{t('exportModePasskey')}</option>
            <option value="unencrypted">{t('exportModeNone')}</option>
          </select>
          {mode === 'passphrase' ? (
            <>
              <p class="muted">{t('exportPassphraseHint')}</p>
              <label for="passphrase">{t('passphrase')}</label>
              <input id="passphrase" type="password" autocomplete="new-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
              <StrengthMeter passphrase={passphrase} />
              <label for="confirm">{t('passphraseAgain')}</label>
              <input id="confirm" type="password" autocomplete="new-password" value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
            </>
          ) : mode === 'device-key' ? (
            <>
              <p class="muted">{t('exportDeviceHint')}</p>
              <label for="recipient">{t('exportRecipientLabel')}</label>
              <textarea id="recipient" class="recipient" rows={3} spellcheck={false} placeholder="age1pq1… / age1…" value={recipient} onInput={(e) => setRecipient(e.currentTarget.value)} />
            </>
          ) : mode === 'passkey' ? (
            <>
              <p class="muted">{t('exportPasskeyHint')}</p>
              {passkeys.length === 0 ? (
                <p class="muted" data-no-passkey>
                  {t('exportPasskeyNone')}
                </p>
              ) : (
                <>
                  <label for="passkey">{t('exportPasskeyLabel')}</label>
                  <select id="passkey" value={String(passkeyId ?? '')} onChange={(e) => setPasskeyId(Number(e.currentTarget.value))}>
                    {passkeys.map((p) => (
                      <option value={String(p.id)} key={p.id}>
                        {shown(p.label)}
                      </option>
                    ))}
                  </select>
                </>
              )}
            </>
          ) : (
            <p class="error" role="note" data-unencrypted>
              {t('exportUnencryptedWarning')}
            </p>
          )}
          <div class="row">
            <button type="submit" disabled={!content || busy || (mode === 'passphrase' && passphrase.length === 0) || (mode === 'device-key' && recipient.trim() === '') || (mode === 'passkey' && passkeyId === null)}>
              {mode === 'unencrypted' ? t('exportSaveUnencrypted') : t('exportSaveEncrypted')}
            </button>
          </div>
        </form>
        {saved ? (
          <p class="ok" data-saved={saved.name}>
            {t('exportSaved', saved.name, formatNumber(saved.size))}{' '}
            <a href={saved.url} download={saved.name}>
              {t('exportDownloadAgain')}
            </a>
          </p>
        ) : null}
      </Step>
      {content && tab && content !== converted ? (
        <Step id="moved" title={t('exportStepMoved')}>
          <MovedStatement tab={tab} />
        </Step>
      ) : null}
      <ErrorText error={error} />
    </Page>
  );
}

render(<ExportPage />, document.getElementById('app')!);
