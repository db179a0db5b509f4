/**
 * What each kind of dropped or changed item is called on the page: the writers' item codes
 * (src/connectors/*\/write*.ts, vcard.ts, xep0227.ts, and the live rooms route's xmpp/history-rooms.ts) to message keys. A test scans the writers
 * for the codes they emit, so a new code without a label fails there, not in front of a person.
 */
export const ITEM_KEYS: Record<string, string> = {
  'conversation.empty': 'targetItemConversationEmpty',
  'conversation.title': 'targetItemConversationTitle',
  'conversation.direct': 'targetItemConversationDirect',
  'conversation.members': 'targetItemConversationMembers',
  'message.sender': 'targetItemMessageSender',
  'message.timestamp': 'targetItemMessageTimestamp',
  'sender.name.characters': 'targetItemSenderNameCharacters',
  'sender.name.duplicate': 'targetItemSenderNameDuplicate',
  'user.email': 'targetItemUserEmail',
  'message.timestamp.milliseconds': 'targetItemMilliseconds',
  'message.reactions': 'targetItemReactions',
  'message.reactions.unknownEmoji': 'targetItemReactionsUnknownEmoji',
  'message.reactions.skinTone': 'targetItemReactionsSkinTone',
  'message.edits': 'targetItemEdits',
  'message.replyTo': 'targetItemReplyTo',
  'message.replyTo.outside': 'targetItemReplyToOutside',
  'message.replyTo.thread': 'targetItemReplyToThread',
  'message.entities': 'targetItemEntities',
  'message.forwardedFrom': 'targetItemForwardedFrom',
  'message.text.lineBreaks': 'targetItemLineBreaks',
  'message.text.dateLikeLine': 'targetItemDateLikeLine',
  'message.text.nul': 'targetItemNul',
  'message.text.truncated': 'targetItemTruncated',
  'message.attachments': 'targetItemAttachments',
  'message.attachments.notIncluded': 'targetItemAttachmentsNotIncluded',
  'message.empty': 'targetItemMessageEmpty',
  'archive.search': 'targetItemArchiveSearch',
  'contact.avatar': 'targetItemContactAvatar',
  'contact.blocked': 'targetItemContactBlocked',
  'contact.favourite': 'targetItemContactFavourite',
  'contact.groups': 'targetItemContactGroups',
  'user.email.duplicate': 'targetItemUserEmailDuplicate',
  'user.email.invalid': 'targetItemUserEmailInvalid',
  'message.timestamp.shifted': 'targetItemTimestampShifted',
  'message.system': 'targetItemSystem',
  'message.timestamp.inherited': 'targetItemTimestampInherited',
  'message.attachments.imageAsFile': 'targetItemImageAsFile',
  'message.attachments.audioAsFile': 'targetItemAudioAsFile',
  'conversation.parts': 'targetItemConversationParts',
  'contact.types': 'targetItemContactTypes',
  'contact.date': 'targetItemContactDate',
  'message.replyTo.notice': 'targetItemReplyToNotice',
  'message.mentions': 'targetItemMentions',
  'message.wallClock': 'targetItemWallClock',
  'message.sourceIds': 'targetItemSourceIds',
  'message.attachments.tooLarge': 'targetItemAttachmentsTooLarge',
  'contact.details': 'targetItemContactDetails',
  contact: 'targetItemContactOutside',
  messages: 'targetItemMessages',
  conversations: 'targetItemConversations',
  characters: 'targetItemCharacters',
  profiles: 'targetItemProfiles',
};

/** `message.kind.sticker` and the like: one message with the kind as its argument. */
export const KIND_PREFIX = 'message.kind.';
export const KIND_KEY = 'targetItemKind';

/** The message key and its argument for an item code, or null when the code has no label yet. */
export function itemLabel(item: string): { key: string; arg?: string } | null {
  if (item.startsWith(KIND_PREFIX)) return { key: KIND_KEY, arg: item.slice(KIND_PREFIX.length) };
  const key = ITEM_KEYS[item];
  return key ? { key } : null;
}
