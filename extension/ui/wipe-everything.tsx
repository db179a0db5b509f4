/**
 * "Wipe everything": deletes every trace Ferry keeps in this browser (IndexedDB with the export
 * journal, import ledger, stored archives and device keys; storage.local and storage.session; the
 * site access the user granted). Two clicks, the second one on a button that says what it does.
 */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { revokeSites } from '../background/site-access.js';
import { WIPE_CHANNEL } from '../storage/vault.js';
import { siteAccessApi } from './site-access.js';
import { ErrorText, errorMessage } from './components.js';
import { t } from './i18n.js';

/** Deletes every IndexedDB database of the extension, waiting until each is really gone. */
async function deleteAllDatabases(): Promise<void> {
  const names = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n);
  if (!names.includes('ferry')) names.push('ferry');
  for (const name of names) {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error ?? new Error(t('wipeDatabaseFailed', name)));
      // Another Ferry page holding the database open is told to close it (Dexie does so on
      // versionchange); the deletion then completes, so "blocked" only means "wait".
    });
  }
}

export async function wipeEverything(): Promise<void> {
  await deleteAllDatabases();
  await browser.storage.local.clear();
  await browser.storage.session.clear();
  await revokeSites(siteAccessApi());
  // Ferry's other open pages still hold the deleted keys in memory: tell them to let go.
  new BroadcastChannel(WIPE_CHANNEL).postMessage('wiped');
}

export function WipeEverything() {
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function wipe() {
    setError(null);
    try {
      await wipeEverything();
      setDone(true);
      setAsking(false);
    } catch (e) {
      setError(t('wipeFailed', errorMessage(e)));
    }
  }

  return (
    <section data-wipe aria-labelledby="wipe-title" style="margin-top: 1rem">
      <h2 id="wipe-title" style="font-size: 1rem">
        {t('wipeTitle')}
      </h2>
      {asking ? (
        <div role="alertdialog" aria-labelledby="wipe-confirm-text">
          <p id="wipe-confirm-text" class="error">
            {t('wipeConfirmText')}
          </p>
          <div class="row">
            <button type="button" class="danger" onClick={wipe}>
              {t('wipeConfirmButton')}
            </button>
            <button type="button" class="secondary" onClick={() => setAsking(false)}>
              {t('wipeCancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="secondary" onClick={() => (setAsking(true), setDone(false))}>
          {t('wipeButton')}
        </button>
      )}
      {done ? (
        <p class="ok" role="status" data-wiped>
          {t('wipeDone')}
        </p>
      ) : null}
      <ErrorText error={error} />
    </section>
  );
}
