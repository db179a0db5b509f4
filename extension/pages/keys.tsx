/**
 * Device keys: this browser's age identities. The browser that will IMPORT creates one and shows
 * its recipient (age1…, copyable and as a QR code); the browser that EXPORTS encrypts to that
 * recipient, so no passphrase has to travel. Keys can be exported (an age-keygen identity file,
 * for `age -d -i`) and deleted.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import encodeQR from '@paulmillr/qr';
import { ErrorText, Page, Step, errorMessage } from '../ui/components.js';
import { formatDate, t } from '../ui/i18n.js';
import { revealBidiControls as shown } from '../ui/safe-text.js';
import { createDeviceKey, deleteDeviceKey, exportDeviceKey, listDeviceKeys, type DeviceKey } from '../storage/device-keys.js';

function qrDataUrl(text: string): string {
  // An <img> of the SVG (not inline markup): nothing from the library reaches the DOM as HTML.
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(encodeQR(text, 'svg'))}`;
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
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<number | null>(null);

  const refresh = async () => setKeys(await listDeviceKeys());
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
            void act(async () => void (await createDeviceKey(label.trim() || t('keysDefaultLabel'))));
          }}
        >
          <label for="key-label">{t('keysName')}</label>
          <input id="key-label" type="text" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
          <div class="row">
            <button type="submit">{t('keysCreateButton')}</button>
          </div>
        </form>
      </Step>
      <Step id="keys" title={t('keysListTitle')}>
        {keys?.length === 0 ? <p class="muted">{t('keysNone')}</p> : null}
        {keys?.map((key) => (
          <article class="device-key" data-recipient={key.recipient} key={key.id}>
            <h3>
              <bdi>{shown(key.label)}</bdi>
            </h3>
            <p class="muted">{t('keysCreated', formatDate(key.createdAt))}</p>
            <label for={`recipient-${key.id}`}>{t('keysRecipient')}</label>
            <input id={`recipient-${key.id}`} type="text" readOnly value={key.recipient} class="recipient" onFocus={(e) => e.currentTarget.select()} />
            <img src={qrDataUrl(key.recipient.toUpperCase())} alt={t('keysQrAlt', key.recipient)} width={180} height={180} />
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
        ))}
      </Step>
      <ErrorText error={error} />
    </Page>
  );
}

render(<KeysPage />, document.getElementById('app')!);
