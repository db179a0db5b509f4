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
    rooms: {
      mucService: () => sendToTab(tab.tabId, 'xmpp.mucService', {}),
      roomInfo: (room) => sendToTab(tab.tabId, 'xmpp.roomInfo', { room }),
      enterRoom: (room, nick) => sendToTab(tab.tabId, 'xmpp.enterRoom', { room, nick }),
      roomConfigForm: (room) => sendToTab(tab.tabId, 'xmpp.roomConfigForm', { room }),
      submitRoomConfig: async (room, fields) => void (await sendToTab(tab.tabId, 'xmpp.submitRoomConfig', { room, fields })),
      setRoomSubject: async (room, subject) => void (await sendToTab(tab.tabId, 'xmpp.setRoomSubject', { room, subject })),
      roomAffiliations: (room, affiliation) => sendToTab(tab.tabId, 'xmpp.roomAffiliations', { room, affiliation }),
      setRoomAffiliation: async (room, jid, affiliation) => void (await sendToTab(tab.tabId, 'xmpp.setRoomAffiliation', { room, jid, affiliation })),
      inviteToRoom: async (room, jid, reason) => void (await sendToTab(tab.tabId, 'xmpp.inviteToRoom', { room, jid, reason })),
      sendToRoom: async (room, messages) => void (await sendToTab(tab.tabId, 'xmpp.sendToRoom', { room, messages })),
      leaveRoom: async (room, nick) => void (await sendToTab(tab.tabId, 'xmpp.leaveRoom', { room, nick })),
      bookmarkRoom: async (bookmark) => void (await sendToTab(tab.tabId, 'xmpp.bookmarkRoom', bookmark)),
    },
  };
}
