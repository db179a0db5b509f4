/** The toolbar popup: four doors into Ferry, each opening a full page. */
import { render } from 'preact';
import browser from 'webextension-polyfill';

function open(page: string) {
  void browser.tabs.create({ url: browser.runtime.getURL(`pages/${page}.html`) });
  window.close();
}

function Popup() {
  return (
    <main style="min-width: 18rem; padding: 1rem">
      <h1 style="font-size: 1.2rem; margin-top: 0">Ferry</h1>
      <p class="muted">Your friends and history, yours to move.</p>
      <div style="display: grid; gap: .5rem">
        <button type="button" onClick={() => open('export')}>Export from a messenger</button>
        <button type="button" onClick={() => open('import')}>Import into a messenger</button>
        <button type="button" class="secondary" onClick={() => open('viewer')}>View an archive</button>
        <button type="button" class="secondary" onClick={() => open('keys')}>Device keys</button>
      </div>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
