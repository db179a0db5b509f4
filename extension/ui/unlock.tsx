/**
 * Pick an archive file (or take one already stored) and unlock it: with this browser's device
 * keys when it was encrypted to one, otherwise with its passphrase (scrypt runs in a Worker).
 */
import { useState } from 'preact/hooks';
import { ErrorText, errorMessage, readFileBytes } from './components.js';
import { openArchive } from '../../src/transfer/archive-file.js';
import type { ArchiveContent } from '../../src/model/types.js';
import { deviceIdentities } from '../storage/device-keys.js';
import { listPasskeys, passkeyEvaluator } from '../storage/passkeys.js';
import { Fido2PrfIdentity } from '../../src/crypto/index.js';
import { workerScrypt } from './kdf.js';
import { t } from './i18n.js';
import { AgeError, type AgeErrorCode } from '../../src/crypto/format.js';

/** age's reasons a person can act on, in the UI language; anything else keeps the core's own (English) sentence. */
const UNLOCK_ERRORS: Partial<Record<AgeErrorCode, string>> = {
  'wrong-passphrase': 'unlockErrorWrongPassphrase',
  'wrong-identity': 'unlockErrorWrongIdentity',
  'wrong-passkey': 'unlockErrorWrongPasskey',
  'header-mac': 'unlockErrorDamaged',
  'payload-corrupt': 'unlockErrorDamaged',
  truncated: 'unlockErrorDamaged',
};

function unlockErrorText(error: unknown): string {
  const key = error instanceof AgeError ? UNLOCK_ERRORS[error.code] : undefined;
  return key ? t(key) : errorMessage(error);
}
import { revealBidiControls as shown } from './safe-text.js';

export interface UnlockedArchive {
  content: ArchiveContent;
  encrypted: Uint8Array;
  fileName: string;
}

export function UnlockArchive(props: { stored?: { encrypted: Uint8Array; fileName: string }; onUnlocked: (archive: UnlockedArchive) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function unlock(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const source = props.stored ?? (file ? { encrypted: await readFileBytes(file), fileName: file.name } : null);
      if (!source) throw new Error(t('unlockPickFirst'));
      const content = await openArchive(source.encrypted, {
        // A passkey is asked for only when the file is locked with one (the core checks first).
        identities: [...(await deviceIdentities()), new Fido2PrfIdentity(passkeyEvaluator(await listPasskeys()))],
        passphrase: () => {
          if (!passphrase) throw new Error(t('unlockNeedPassphrase'));
          return passphrase;
        },
        kdf: workerScrypt,
      });
      props.onUnlocked({ content, ...source });
    } catch (e) {
      setError(unlockErrorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={unlock}>
      {props.stored ? (
        <p>
          {t('unlockArchive')}{' '}
          <strong>
            <bdi>{shown(props.stored.fileName)}</bdi>
          </strong>
        </p>
      ) : (
        <>
          <label for="archive-file">{t('unlockFileLabel')}</label>
          <input id="archive-file" type="file" accept=".age,.zip,application/octet-stream" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </>
      )}
      <p class="muted">{t('unlockDeviceHint')}</p>
      <label for="unlock-passphrase">{t('passphrase')}</label>
      <input id="unlock-passphrase" type="password" autocomplete="current-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
      <div class="row">
        <button type="submit" disabled={busy}>
          {busy ? t('unlockBusy') : t('unlockButton')}
        </button>
      </div>
      <ErrorText error={error} />
    </form>
  );
}
