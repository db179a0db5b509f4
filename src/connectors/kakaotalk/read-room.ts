/** One room of the file as a conversation: who speaks in it, who is the user, and its messages. */
import type { Conversation, FidelityNote, MessageKind, Participant } from '../../model/types.js';
import type { ConvertOptions, ParsedConversation } from '../contract.js';
import { roomRecords, type Room } from '../kit/copies.js';
import type { FileDamage } from '../kit/text-files.js';
import { timeOrdered, type Unnumbered } from '../kit/time-order.js';
import { wallClockToIso } from '../kit/wall-clock.js';
import { SERVICE } from './read-headers.js';
import { DELETED, placeholder } from './read-placeholders.js';
import type { RawRecord } from './read-records.js';
import { kakaoHandle, ME_MARKERS } from './read-senders.js';

export type KakaoRoom = Room<RawRecord> & { about: { members?: number } };

/** Everything that makes two records the same message, for telling a pasted-again copy's repeats. */
export const recordKey = (r: RawRecord): string => `${r.wall.year}-${r.wall.month}-${r.wall.day} ${r.wall.hour}:${r.wall.minute}:${r.wall.second ?? 0}\u0001${r.sender ?? ''}\u0001${r.system ? 1 : 0}\u0001${r.text}`;

export interface RoomRead {
  conversation: ParsedConversation;
  /** The file marks the user in this room (회원님, you) or --me names someone who writes in it. */
  userFound: boolean;
  undated: number;
  count: number;
  notIncluded: number;
}

export function readRoom(room: KakaoRoom, options: ConvertOptions, account: string, damage: FileDamage, hash: (text: string) => string): RoomRead {
  const records = (d?: FileDamage) => roomRecords(room, recordKey, d);
  const zone = options.timeZone;
  const meName = options.me?.trim() || undefined;
  // First pass: validate every line (a ConvertError surfaces before anything is written), learn
  // who speaks and whether the file marks the exporting user, and check the time order.
  const senders = new Map<string, number>();
  let markedMe = false;
  let meNamed = false;
  let systemCount = 0;
  let undated = 0;
  let notIncluded = 0;
  let count = 0;
  let ordered = true;
  let previous = -Infinity;
  for (const rec of records(damage)) {
    count++;
    if (rec.system) {
      systemCount++;
      if (rec.undated) undated++;
    } else if (placeholder(rec.text)) notIncluded++;
    if (rec.sender !== undefined) {
      if (ME_MARKERS.has(rec.sender)) markedMe = true;
      else if (rec.sender === meName) meNamed = true;
      else if (!rec.system) senders.set(rec.sender, (senders.get(rec.sender) ?? 0) + 1);
    }
    const instant = Date.parse(wallClockToIso(rec.wall, zone));
    if (instant < previous) ordered = false;
    previous = Math.max(previous, instant);
  }

  const { title } = room;
  const members = room.about.members;
  const isMe = (name: string): boolean => ME_MARKERS.has(name) || name === meName;
  const conversationId = `${SERVICE}:room/${title.replace(/\s/gu, (c) => encodeURIComponent(c)) || 'untitled'}`;
  const others = [...senders.keys()];
  // A one-to-one room is named after the other person; when the file does not mark the user, the
  // one other name beside the title's is the user's own.
  const oneToOne = !markedMe && !meNamed && others.length === 2 && others.includes(title) && members === undefined;
  const kind = !oneToOne && ((members ?? 0) > 2 || others.length > 1 || systemCount > 0) ? 'group' : 'direct';
  const participants: Participant[] = [{ handle: account, role: 'owner' }, ...others.map((name): Participant => ({ handle: kakaoHandle(name), role: 'member' }))];

  function* inFileOrder(): Generator<Unnumbered> {
    for (const rec of records()) {
      const sender = rec.sender === undefined || isMe(rec.sender) ? account : kakaoHandle(rec.sender);
      const found = rec.system ? undefined : placeholder(rec.text);
      const deleted = !rec.system && !found && DELETED.test(rec.text.trim());
      const kindOf: MessageKind = rec.system ? 'system' : deleted ? 'deleted' : (found?.kind ?? 'text');
      yield { conversationId, sender, timestamp: wallClockToIso(rec.wall, zone), wallClock: rec.wallText, kind: kindOf, text: found || deleted ? '' : rec.text, ...(found ? { attachments: [found.attachment] } : {}) };
    }
  }
  const conversation: Conversation = { id: conversationId, kind, title, participants, source: account };
  return {
    conversation: { conversation, messages: timeOrdered(inFileOrder, ordered, hash), counts: { messages: count, attachments: notIncluded, notIncluded } },
    userFound: markedMe || meNamed,
    undated,
    count,
    notIncluded,
  };
}

/** What every KakaoTalk text and CSV export cannot give, for the archive's fidelity notes. */
export function exportFidelity(account: string, at: string, zone: string, csv: boolean, counts: { messages: number; notIncluded: number; media: number }): FidelityNote[] {
  const fidelity: FidelityNote[] = [];
  if (counts.notIncluded > 0) fidelity.push({ stage: 'export', account, item: 'message.attachments', count: counts.notIncluded, reason: 'KakaoTalk text and CSV exports print a placeholder (사진, 이모티콘, 파일: name) instead of the file.', at });
  if (counts.messages > 0) {
    fidelity.push({
      stage: 'export',
      account,
      item: 'message.timestamp',
      count: counts.messages,
      reason: `KakaoTalk exports print local times without a time zone${csv ? '' : ' and to the minute'}; read as ${zone} (the wall clock is kept in wallClock).`,
      at,
    });
  }
  if (counts.media > 0) fidelity.push({ stage: 'export', account, item: 'attachment.unmatched', count: counts.media, reason: 'media files beside the chat text cannot be matched to messages; not included.', at });
  return fidelity;
}
