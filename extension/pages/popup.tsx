/** The toolbar popup: four doors into Ferry, each opening a full page. */
import { render } from 'preact';
import { WipeEverything } from '../ui/wipe-everything.js';
import browser from 'webextension-polyfill';
import { applyDocumentLanguage, t } from '../ui/i18n.js';

function open(page: string) {
  void browser.tabs.create({ url: browser.runtime.getURL(`pages/${page}.html`) });
  window.close();
}

function Popup() {
  return (
    <main style="min-width: 18rem; padding: 1rem">
      <h1 style="font-size: 1.2rem; margin-top: 0">{t('extName')}</h1>
      <p class="muted">{t('popupTagline')}</p>
      <div style="display: grid; gap: .5rem">
        <button type="button" onClick={() => open('export')}>
          {t('popupExport')}
        </button>
        <button type="button" onClick={() => open('import')}>
          {t('popupImport')}
        </button>
        <button type="button" class="secondary" onClick={() => open('viewer')}>
          {t('popupViewer')}
        </button>
        <button type="button" class="secondary" onClick={() => open('keys')}>
          {t('popupKeys')}
        </button>
      </div>
      <WipeEverything />
    </main>
  );
}

applyDocumentLanguage();
render(<Popup />, document.getElementById('app')!);
