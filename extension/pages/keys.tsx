/**
 * Device keys: this browser's age identities. The browser that will IMPORT creates one and shows
 * its recipient (age1pq1… or age1…, copyable and as a QR code); the browser that EXPORTS encrypts
 * to that recipient, so no passphrase has to travel. New keys are post-quantum unless a classic
 * one is asked for (for tools that cannot read post-quantum files, such as age 1.1). Keys can be
 * exported (an age-keygen identity file, for `age -d -i`) and deleted.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import encodeQR from '@paulmillr/qr';
import { ErrorText, Page, Step, errorMessage } from '../ui/components.js';
import { formatDate, t } from '../ui/i18n.js';
import { revealBidiControls as shown } from '../ui/safe-text.js';
import { createDeviceKey, deleteDeviceKey, exportDeviceKey, listDeviceKeys, type DeviceKey } from '../storage/device-keys.js';
import type { KeyKind } from '../../src/crypto/index.js';
import { createPasskey, deletePasskey, listPasskeys, passkeyIdentityFile, type Passkey } from '../storage/passkeys.js';

/**
 * The recipient as a QR code: an <img> of the SVG (not inline markup), so nothing from the
 * library reaches the DOM as HTML. A post-quantum recipient is 1959 characters: at the lowest
 * error correction (a screen does not get scratched) that is 125 modules, drawn at 3 px each so
 * a phone camera still resolves them; a classic one fits 180 px at the default.
 */
function qr(recipient: string): { src: string; size: number } {
  // Upper case keeps the code in QR's compact alphanumeric mode; bech32 ignores case.
  const text = recipient.toUpperCase();
  const long = text.length > 100;
  const svg = encodeQR(text, 'svg', long ? { ecc: 'low' } : {});
  const modules = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1] ?? 0);
  return { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, size: long ? modules * 3 : 180 };
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function KeysPage() {
  const [keys, setKeys] = useState<DeviceKey[] | null>(null);
  const [label, setLabel] = useState(() => t('keysDefaultLabel'));
  const [kind, setKind] = useState<KeyKind>('pq');
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<number | null>(null);

  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [passkeyLabel, setPasskeyLabel] = useState(() => t('keysDefaultLabel'));
  const refresh = async () => {
    setKeys(await listDeviceKeys());
    setPasskeys(await listPasskeys());
  };
  useEffect(() => void refresh().catch((e) => setError(errorMessage(e))), []);

  async function act(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <Page title={t('keysTitle')} subtitle={t('keysSubtitle')}>
      <Step id="create" title={t('keysCreateTitle')}>
        <p class="muted">{t('keysCreateHint')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => void (await createDeviceKey(label.trim() || t('keysDefaultLabel'), kind)));
          }}
        >
          <label for="key-label">{t('keysName')}</label>
          <input id="key-label" type="text" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
          <fieldset class="key-kind">
            <legend>{t('keysKindLegend')}</legend>
            <label>
              <input type="radio" name="key-kind" value="pq" checked={kind === 'pq'} onChange={() => setKind('pq')} /> {t('keysKindPq')}
            </label>
            <label>
              <input type="radio" name="key-kind" value="x25519" checked={kind === 'x25519'} onChange={() => setKind('x25519')} /> {t('keysKindClassic')}
            </label>
          </fieldset>
          <div class="row">
            <button type="submit">{t('keysCreateButton')}</button>
          </div>
        </form>
      </Step>
      <Step id="keys" title={t('keysListTitle')}>
        {keys?.length === 0 ? <p class="muted">{t('keysNone')}</p> : null}
        {keys?.map((key) => {
          const code = qr(key.recipient);
          return (
          <article class="device-key" data-recipient={key.recipient} data-kind={key.kind} key={key.id}>
            <h3>
              <bdi>{shown(key.label)}</bdi>
            </h3>
            <p class="muted">
              {t(key.kind === 'pq' ? 'keysKindPqShort' : 'keysKindClassicShort')} · {t('keysCreated', formatDate(key.createdAt))}
            </p>
            <label for={`recipient-${key.id}`}>{t('keysRecipient')}</label>
            <textarea id={`recipient-${key.id}`} readOnly rows={key.kind === 'pq' ? 6 : 1} spellcheck={false} class="recipient" value={key.recipient} onFocus={(e) => e.currentTarget.select()} />
            <img src={code.src} alt={t('keysQrAlt', key.kind === 'pq' ? `${key.recipient.slice(0, 16)}…${key.recipient.slice(-8)}` : key.recipient)} width={code.size} height={code.size} />
            <div class="row">
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    await navigator.clipboard.writeText(key.recipient);
                    setCopied(key.id);
                  })
                }
              >
                {copied === key.id ? t('keysCopied') : t('keysCopy')}
              </button>
              <button type="button" class="secondary" onClick={() => void act(async () => download(`ferry-device-key-${key.id}.txt`, await exportDeviceKey(key.id)))}>
                {t('keysExport')}
              </button>
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  if (confirm(t('keysDeleteConfirm', shown(key.label)))) void act(() => deleteDeviceKey(key.id));
                }}
              >
                {t('keysDelete')}
              </button>
            </div>
          </article>
          );
        })}
      </Step>
      <Step id="passkeys" title={t('keysPasskeysTitle')}>
        <p class="muted">{t('keysPasskeysHint')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => void (await createPasskey(passkeyLabel.trim() || t('keysDefaultLabel'))));
          }}
        >
          <label for="passkey-label">{t('keysPasskeyName')}</label>
          <input id="passkey-label" type="text" value={passkeyLabel} onInput={(e) => setPasskeyLabel(e.currentTarget.value)} />
          <div class="row">
            <button type="submit">{t('keysPasskeyCreateButton')}</button>
          </div>
        </form>
        {passkeys?.length === 0 ? <p class="muted">{t('keysPasskeysNone')}</p> : null}
        {passkeys?.map((passkey) => (
          <article class="passkey" data-passkey={passkey.identity} key={passkey.id}>
            <h3>
              <bdi>{shown(passkey.label)}</bdi>
            </h3>
            <p class="muted">{t('keysCreated', formatDate(passkey.createdAt))}</p>
            <div class="row">
              <button type="button" class="secondary" onClick={() => void act(async () => download(`ferry-passkey-${passkey.id}.txt`, passkeyIdentityFile(passkey)))}>
                {t('keysPasskeyExport')}
              </button>
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  if (confirm(t('keysPasskeyDeleteConfirm', shown(passkey.label)))) void act(() => deletePasskey(passkey.id));
                }}
              >
                {t('keysDelete')}
              </button>
            </div>
          </article>
        ))}
      </Step>
      <ErrorText error={error} />
    </Page>
  );
}

render(<KeysPage />, document.getElementById('app')!);
