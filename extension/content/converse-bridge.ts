/**
 * Isolated-world content script: receives protocol messages from Ferry's pages and forwards them
 * to the MAIN-world script (converse-main.ts), which alone can reach Converse's API.
 */
import browser from 'webextension-polyfill';
import { isEnvelope, type Envelope, type Wrapped } from '../protocol.js';
import { MAIN_REPLY, MAIN_REQUEST, type MainReply, type MainRequest } from './bridge-protocol.js';

/** Long enough for a slow archive page; short enough that a dead tab is reported, not waited on. */
const TIMEOUT_MS = 60_000;
let counter = 0;

function askMainWorld(message: Envelope): Promise<Wrapped<unknown>> {
  const { name } = message;
  const id = `${Date.now()}-${++counter}`;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      window.removeEventListener('message', onReply);
      resolve({ ok: false, error: `The messenger tab did not answer "${name}" within ${TIMEOUT_MS / 1000} s.`, retryable: true });
    }, TIMEOUT_MS);
    function onReply(event: MessageEvent) {
      const data = event.data as MainReply | undefined;
      if (event.source !== window || data?.[MAIN_REPLY] !== id) return;
      clearTimeout(timer);
      window.removeEventListener('message', onReply);
      resolve(data.ok ? { ok: true, value: data.value } : { ok: false, error: data.error, ...(data.retryable ? { retryable: true as const } : {}) });
    }
    window.addEventListener('message', onReply);
    window.postMessage({ [MAIN_REQUEST]: id, ...message } satisfies MainRequest, '*');
  });
}

browser.runtime.onMessage.addListener((message: unknown) => {
  if (!isEnvelope(message)) return undefined;
  return askMainWorld(message);
});
