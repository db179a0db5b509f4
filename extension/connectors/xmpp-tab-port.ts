/** The XMPP connector's port, served by the Converse.js tab the user picked. */
import type { XmppClientPort } from '../../src/connectors/xmpp/port.js';
import { sendToTab } from '../messaging.js';
import type { MessengerTab } from '../protocol.js';

export function xmppTabPort(tab: MessengerTab): XmppClientPort {
  return {
    account: async () => tab.account,
    roster: () => sendToTab(tab.tabId, 'xmpp.roster', {}),
    archivePage: (query) => sendToTab(tab.tabId, 'xmpp.archivePage', query),
    archiveSize: () => sendToTab(tab.tabId, 'xmpp.archiveSize', {}),
    vcard: (jid) => sendToTab(tab.tabId, 'xmpp.vcard', { jid }),
    bookmarks: () => sendToTab(tab.tabId, 'xmpp.bookmarks', {}),
    roomArchiveInfo: (room) => sendToTab(tab.tabId, 'xmpp.roomArchiveInfo', { room }),
    roomArchivePage: (room, query) => sendToTab(tab.tabId, 'xmpp.roomArchivePage', { room, ...query }),
    addContact: async (request) => {
      await sendToTab(tab.tabId, 'xmpp.addContact', request);
    },
    publishMoved: async (newJid) => {
      await sendToTab(tab.tabId, 'xmpp.publishMoved', { newJid });
    },
    noteToSelf: async (note) => {
      await sendToTab(tab.tabId, 'xmpp.noteToSelf', note);
    },
  };
}
