/** Typed senders over webextension-polyfill, for pages and the service worker. */
import browser from 'webextension-polyfill';
import { envelope, unwrap, type MessageName, type ReplyOf, type RequestOf, type Wrapped } from './protocol.js';

export async function sendToWorker<N extends MessageName>(name: N, request: RequestOf<N>): Promise<ReplyOf<N>> {
  return unwrap((await browser.runtime.sendMessage(envelope(name, request))) as Wrapped<ReplyOf<N>>, name);
}

export async function sendToTab<N extends MessageName>(tabId: number, name: N, request: RequestOf<N>): Promise<ReplyOf<N>> {
  return unwrap((await browser.tabs.sendMessage(tabId, envelope(name, request))) as Wrapped<ReplyOf<N>>, name);
}
