/** Pieces shared by Ferry's pages. Message text is only ever rendered as text nodes (JSX escapes). */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { sendToWorker } from '../messaging.js';
import type { MessengerTab } from '../protocol.js';
import type { Counts } from '../../src/model/types.js';
import { applyDocumentLanguage, formatNumber, t } from './i18n.js';
import { revealBidiControls as shown } from './safe-text.js';

export function Page(props: { title: string; subtitle: string; children: ComponentChildren }) {
  useEffect(() => {
    applyDocumentLanguage();
    document.title = t('pageTitle', props.title);
  }, [props.title]);
  return (
    <main>
      <header class="brand">
        <h1>{t('pageHeading', props.title)}</h1>
        <p>{props.subtitle}</p>
      </header>
      {props.children}
    </main>
  );
}

export function Step(props: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="step" aria-labelledby={props.id ? `${props.id}-title` : undefined} data-step={props.id}>
      <h2 id={props.id ? `${props.id}-title` : undefined}>{props.title}</h2>
      {props.children}
    </section>
  );
}

export function ErrorText(props: { error: string | null }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null;
}

/** Passkey failures (storage/passkeys.ts, PasskeyError) are worded here, in the UI language. */
const PASSKEY_ERRORS: Record<string, string> = { cancelled: 'passkeyErrorCancelled', 'no-prf': 'passkeyErrorNoPrf' };

export function errorMessage(error: unknown): string {
  const passkey = error instanceof Error && error.name === 'PasskeyError' ? PASSKEY_ERRORS[(error as Error & { reason: string }).reason] : undefined;
  if (passkey) return t(passkey);
  return error instanceof Error ? error.message : String(error);
}

/** Lists the open tabs that hold a messenger Ferry can drive, and lets the user pick one. */
export function MessengerPicker(props: { selected: MessengerTab | null; onSelect: (tab: MessengerTab | null) => void; purpose: string }) {
  const [tabs, setTabs] = useState<MessengerTab[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function refresh() {
    setError(null);
    try {
      const found = await sendToWorker('tabs.findMessengers', {});
      setTabs(found);
      if (found.length === 1) props.onSelect(found[0]!);
      else if (!found.some((t) => t.tabId === props.selected?.tabId)) props.onSelect(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  useEffect(() => void refresh(), []);
  return (
    <div>
      {tabs === null ? <p class="muted">{t('pickerLooking')}</p> : null}
      {tabs?.length === 0 ? (
        <p class="muted">{t('pickerNone')}</p>
      ) : null}
      <ul class="plain" aria-label={props.purpose}>
        {tabs?.map((tab) => (
          <li key={tab.tabId}>
            <label style="font-weight: normal; display: flex; gap: .5rem; align-items: center">
              <input type="radio" name="messenger" checked={props.selected?.tabId === tab.tabId} onChange={() => props.onSelect(tab)} />
              <span>
                <strong data-account={tab.account}>
                  <bdi>{shown(tab.account)}</bdi>
                </strong> <span class="muted">
                  · {t('pickerVia', tab.client)} · <bdi>{shown(tab.title)}</bdi>
                </span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <div class="row">
        <button type="button" class="secondary" onClick={refresh}>
          {t('pickerLookAgain')}
        </button>
      </div>
      <ErrorText error={error} />
    </div>
  );
}

export function CountsTable(props: { counts: Counts; caption?: string }) {
  const rows: [string, number, string][] = [
    [t('countsContacts'), props.counts.contacts, 'contacts'],
    [t('countsConversations'), props.counts.conversations, 'conversations'],
    [t('countsMessages'), props.counts.messages, 'messages'],
  ];
  return (
    <table class="counts">
      {props.caption ? <caption class="muted">{props.caption}</caption> : null}
      <tbody>
        {rows.map(([label, value, key]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td data-count={key}>{formatNumber(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function readFileBytes(file: File): Promise<Uint8Array> {
  return file.arrayBuffer().then((buffer) => new Uint8Array(buffer));
}
