/**
 * The service worker: finds the tabs where a supported messenger runs. It holds no state of its
 * own (MV3 stops idle workers at any time); pages keep their progress in IndexedDB.
 */
import browser from 'webextension-polyfill';
import { dispatch, isEnvelope, type Handlers, type MessengerTab } from '../protocol.js';
import { sendToTab } from '../messaging.js';
import { syncContentScripts, type SiteAccessApi } from './site-access.js';

const handlers: Handlers = {
  'tabs.findMessengers': async () => {
    // Without the "tabs" permission tabs.query gives ids but no URLs; asking each tab's content
    // script is both sufficient and the only honest test of "Ferry can drive this tab".
    const tabs = await browser.tabs.query({});
    const found: MessengerTab[] = [];
    await Promise.all(
      tabs.map(async (tab) => {
        if (tab.id === undefined) return;
        try {
          const hello = await sendToTab(tab.id, 'messenger.hello', {});
          if (hello.account) found.push({ tabId: tab.id, title: tab.title ?? '', service: hello.service, client: hello.client, account: hello.account });
        } catch {
          // No Ferry content script in this tab: not a messenger we support.
        }
      }),
    );
    return found.sort((a, b) => a.tabId - b.tabId);
  },
};

browser.runtime.onMessage.addListener((message: unknown) => {
  if (!isEnvelope(message)) return undefined;
  return dispatch(handlers, message);
});

// Site access can also change outside Ferry's pages (the browser's own extension settings): keep
// the content scripts registered for exactly the granted sites.
const siteAccess = browser as unknown as SiteAccessApi;
const resync = () => void syncContentScripts(siteAccess).catch((error: unknown) => console.error('Ferry: could not update content scripts', error));
browser.permissions.onAdded.addListener(resync);
browser.permissions.onRemoved.addListener(resync);
browser.runtime.onInstalled.addListener(resync);
