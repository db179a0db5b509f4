/**
 * The viewer in Firefox, over WebDriver BiDi (the kit's Firefox context has no Playwright pages):
 * the same steps as Viewer in pages.ts, a file picked with input.setFiles, text typed as input
 * events, buttons clicked in the page. Export and import have no Firefox version yet.
 */
import type { ArchiveFile } from './archive.js';
import type { SearchResult } from './pages.js';
import type { FirefoxExtension } from './support/firefox-extension.js';

const STEP_TIMEOUT = 60_000;
const js = (value: unknown) => JSON.stringify(value);

export class FirefoxViewer {
  private tab: string | undefined;

  constructor(private readonly ff: FirefoxExtension) {}

  private opened(): string {
    if (!this.tab) throw new Error('viewer: open an archive first (await viewer.open(archive))');
    return this.tab;
  }

  /** Types into an input as a person would: its value, then the input event Preact listens for. */
  private type(selector: string, text: string): Promise<unknown> {
    return this.ff.evaluate(this.opened(), `(() => { const el = document.querySelector(${js(selector)}); if (!el) return 'missing'; el.value = ${js(text)}; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); return 'ok'; })()`);
  }

  async open(archive: ArchiveFile): Promise<string> {
    const tab = await this.ff.open(this.ff.pageUrl('viewer'));
    this.tab = tab;
    await this.ff.until('the viewer to offer a file input', () => this.ff.evaluate<boolean>(tab, `!!document.getElementById('archive-file')`), (v) => v);
    const input = await this.ff.firefox.send<{ result: { sharedId?: string } }>('script.evaluate', { expression: `document.getElementById('archive-file')`, target: { context: tab }, awaitPromise: false, resultOwnership: 'root' });
    if (!input.result.sharedId) throw new Error('Firefox did not give a reference to the viewer\'s file input');
    await this.ff.firefox.send('input.setFiles', { context: tab, element: { sharedId: input.result.sharedId }, files: [archive.path] });
    if (archive.passphrase) await this.type('#unlock-passphrase', archive.passphrase);
    await this.ff.evaluate(tab, `(() => { document.querySelector('#unlock-passphrase').form.requestSubmit(); return 'ok'; })()`);
    const outcome = await this.ff.until(
      'the viewer to list conversations or say what went wrong',
      () => this.ff.evaluate<string>(tab, `(() => { const a = document.querySelector('[role="alert"]'); if (a && a.textContent.trim()) return 'alert:' + a.textContent.trim(); return document.querySelector('nav[aria-label="Conversations"] button') ? 'open' : ''; })()`),
      (v) => v !== '',
      STEP_TIMEOUT,
    );
    if (outcome.startsWith('alert:')) throw new Error(`The viewer in Firefox refused ${archive.path}: ${outcome.slice(6)}`);
    return tab;
  }

  async conversations(): Promise<string[]> {
    return JSON.parse(await this.ff.evaluate<string>(this.opened(), `JSON.stringify([...document.querySelectorAll('nav[aria-label="Conversations"] button')].map((b) => b.getAttribute('data-conversation') || ''))`));
  }

  async read(title: string): Promise<string[]> {
    const tab = this.opened();
    await this.ff.evaluate(tab, `(() => { const b = [...document.querySelectorAll('nav button[data-conversation]')].find((b) => b.getAttribute('data-conversation') === ${js(title)}); if (!b) return 'missing'; b.click(); return 'ok'; })()`);
    await this.ff.until(`conversation ${title} to show`, () => this.ff.evaluate<boolean>(tab, `!!document.querySelector('article.message')`), (v) => v, STEP_TIMEOUT);
    return JSON.parse(await this.ff.evaluate<string>(tab, `JSON.stringify([...document.querySelectorAll('article.message .text')].map((n) => n.textContent || ''))`));
  }

  async search(query: string): Promise<SearchResult> {
    const tab = this.opened();
    if ((await this.type('#viewer-search', query)) !== 'ok') throw new Error('viewer in Firefox: no search box (is an archive open?)');
    const count = await this.ff.until('the search to answer', () => this.ff.evaluate<string>(tab, `(document.querySelector('[data-search-count]') || {}).getAttribute ? document.querySelector('[data-search-count]').getAttribute('data-search-count') : ''`), (v) => v !== '', STEP_TIMEOUT);
    const texts = JSON.parse(await this.ff.evaluate<string>(tab, `JSON.stringify([...document.querySelectorAll('.search-results .snippet')].map((n) => n.textContent || ''))`)) as string[];
    return { count: Number(count), texts };
  }

  async close(): Promise<void> {
    if (this.tab) await this.ff.firefox.send('browsingContext.close', { context: this.tab }).catch(() => undefined);
    this.tab = undefined;
  }
}
