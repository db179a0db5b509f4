/**
 * One Firefox tab driven over WebDriver BiDi the way a person uses it: real pointer clicks
 * (input.performActions, so Firefox counts them as user input: permissions.request and downloads
 * run only inside one), typing as input events, files picked with input.setFiles. The Firefox
 * page objects (testing/pages-firefox.ts) are written with these few verbs.
 */
import type { FirefoxExtension } from './firefox-extension.js';

export const STEP_TIMEOUT = 60_000;
export const js = (value: unknown) => JSON.stringify(value);

/** An expression finding the first `button` whose trimmed text matches `text` (string: exactly; RegExp: by test). */
export const buttonNamed = (text: string | RegExp) =>
  typeof text === 'string'
    ? `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${js(text)})`
    : `[...document.querySelectorAll('button')].find((b) => new RegExp(${js(text.source)}, ${js(text.flags)}).test(b.textContent.trim()))`;

export class FirefoxTab {
  constructor(
    readonly ff: FirefoxExtension,
    readonly id: string,
  ) {}

  static async open(ff: FirefoxExtension, url: string): Promise<FirefoxTab> {
    return new FirefoxTab(ff, await ff.open(url));
  }

  evaluate<T = unknown>(expression: string): Promise<T> {
    return this.ff.evaluate<T>(this.id, expression);
  }

  /** Evaluates `expression` and gives back its value through JSON (BiDi returns only plain strings here). */
  async json<T>(expression: string): Promise<T> {
    return JSON.parse(await this.evaluate<string>(`JSON.stringify(${expression})`)) as T;
  }

  /** Polls `expression` until it gives a non-empty string, and returns it. */
  waitFor(what: string, expression: string, timeoutMs = STEP_TIMEOUT): Promise<string> {
    return this.ff.until(what, async () => (await this.evaluate<string | null>(`(() => { const v = (${expression}); return v ? String(v) : ''; })()`)) ?? '', (v) => v !== '', timeoutMs);
  }

  private async element(expression: string, what: string): Promise<string> {
    const found = await this.ff.firefox.send<{ type: string; result?: { type: string; sharedId?: string } }>('script.evaluate', {
      expression: `(() => { const el = (${expression}); if (el) el.scrollIntoView({ block: 'center' }); return el || null; })()`,
      target: { context: this.id },
      awaitPromise: false,
      resultOwnership: 'root',
    });
    const sharedId = found.result?.sharedId;
    if (!sharedId) throw new Error(`Firefox: no ${what} on ${await this.evaluate<string>('location.href')}`);
    return sharedId;
  }

  /** A real mouse click in the middle of the element `expression` finds (after scrolling it into view). */
  async click(expression: string, what: string): Promise<void> {
    const disabled = await this.evaluate<boolean | null>(`(() => { const el = (${expression}); return el ? !!el.disabled : null; })()`);
    if (disabled === null) throw new Error(`Firefox: no ${what} on ${await this.evaluate<string>('location.href')}`);
    if (disabled) throw new Error(`Firefox: ${what} is disabled`);
    const sharedId = await this.element(expression, what);
    await this.ff.firefox.send('input.performActions', {
      context: this.id,
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId } } },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
    // A click may close its own tab (the popup closes itself once it has opened a page).
    await this.ff.firefox.send('input.releaseActions', { context: this.id }).catch(() => undefined);
  }

  /** Clicks the button named `text` once it is there and enabled. */
  async clickButton(text: string | RegExp): Promise<void> {
    const what = `button ${String(text)}`;
    await this.waitFor(`${what} to be enabled`, `(() => { const b = ${buttonNamed(text)}; return b && !b.disabled ? 'ok' : ''; })()`);
    await this.click(buttonNamed(text), what);
  }

  /** Types into the input `selector` as a person would: its value, then the input and change events Preact listens for. */
  async type(selector: string, text: string): Promise<void> {
    const done = await this.evaluate<string>(
      `(() => { const el = document.querySelector(${js(selector)}); if (!el) return 'missing'; el.focus(); el.value = ${js(text)}; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); return 'ok'; })()`,
    );
    if (done !== 'ok') throw new Error(`Firefox: no input ${selector} on ${await this.evaluate<string>('location.href')}`);
  }

  /** Picks `paths` in the file input `selector`, as the file dialog would. */
  async setFiles(selector: string, paths: string[]): Promise<void> {
    const sharedId = await this.element(`document.querySelector(${js(selector)})`, `file input ${selector}`);
    await this.ff.firefox.send('input.setFiles', { context: this.id, element: { sharedId }, files: paths });
  }

  /** The page's first alert text, or ''. */
  alert(): Promise<string> {
    return this.evaluate<string>(`(() => { const a = document.querySelector('[role="alert"]'); return a ? a.textContent.trim() : ''; })()`);
  }

  /** The visible viewport as PNG. */
  async screenshot(): Promise<Buffer> {
    const shot = await this.ff.firefox.send<{ data: string }>('browsingContext.captureScreenshot', { context: this.id, origin: 'document' });
    return Buffer.from(shot.data, 'base64');
  }

  async close(): Promise<void> {
    await this.ff.firefox.send('browsingContext.close', { context: this.id }).catch(() => undefined);
  }
}

/** Clicks a button in `tab` that opens a new tab at `urlPrefix`, and returns that tab once loaded. */
export async function clickOpeningTab(tab: FirefoxTab, button: string, urlPrefix: string): Promise<FirefoxTab> {
  const tree = () => tab.ff.firefox.send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree', {});
  const before = new Set((await tree()).contexts.map((c) => c.context));
  await tab.clickButton(button);
  const id = (await tab.ff.until(`button ${button} to open ${urlPrefix}`, async () => (await tree()).contexts.find((c) => !before.has(c.context) && c.url.startsWith(urlPrefix))?.context, (c) => !!c)) as string;
  await tab.ff.until(`${urlPrefix} to load`, () => tab.ff.evaluate<string>(id, 'document.readyState'), (s) => s === 'complete');
  return new FirefoxTab(tab.ff, id);
}
