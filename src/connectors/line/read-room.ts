/** One room of the file as a conversation: who writes in it, and its messages. */
import type { Conversation, MessageKind, Participant } from '../../model/types.js';
import type { ParsedConversation } from '../contract.js';
import { roomRecords, type Room } from '../kit/copies.js';
import type { FileDamage } from '../kit/text-files.js';
import { timeOrdered, type Unnumbered } from '../kit/time-order.js';
import { wallClockToIso } from '../kit/wall-clock.js';
import { SERVICE } from './read-headers.js';
import { lineCall, linePlaceholder } from './read-placeholders.js';
import type { RawRecord } from './read-records.js';
import { lineHandle, UNKNOWN_NAMES } from './read-senders.js';
import { isNoticeWithSender } from './read-system.js';

export type LineRoom = Room<RawRecord> & { about: { kind?: 'direct' | 'group'; named: boolean } };

/** Everything that makes two records the same message, for telling a pasted-again copy's repeats. */
const recordKey = (r: RawRecord): string => `${r.wall.year}-${r.wall.month}-${r.wall.day} ${r.wall.hour}:${r.wall.minute}\u0001${r.sender === undefined ? '\u0002' : r.sender}\u0001${r.text}`;

/** What the first pass learned about a room. */
export interface RoomSurvey {
  room: LineRoom;
  senders: Map<string, number>;
  count: number;
  unknown: number;
  notIncluded: number;
  ordered: boolean;
}

/** First pass: validate every line (a ConvertError surfaces before anything is written), learn who writes, check the time order. */
export function surveyRoom(room: LineRoom, zone: string, damage: FileDamage): RoomSurvey {
  const survey: RoomSurvey = { room, senders: new Map(), count: 0, unknown: 0, notIncluded: 0, ordered: true };
  let previous = -Infinity;
  for (const rec of roomRecords(room, recordKey, damage)) {
    survey.count++;
    if (rec.sender !== undefined) survey.senders.set(rec.sender, (survey.senders.get(rec.sender) ?? 0) + 1);
    if (rec.sender !== undefined && UNKNOWN_NAMES.has(rec.sender)) survey.unknown++;
    if (linePlaceholder(rec.text)) survey.notIncluded++;
    const instant = Date.parse(wallClockToIso(rec.wall, zone));
    if (instant < previous) survey.ordered = false;
    previous = Math.max(previous, instant);
  }
  return survey;
}

/** In a one-to-one chat ("Chat history with Alice") the one name besides Alice's is the user's. */
export function oneOtherName(survey: RoomSurvey): string | undefined {
  if (survey.room.about.kind !== 'direct' || !survey.room.about.named) return undefined;
  const others = [...survey.senders.keys()].filter((n) => n !== survey.room.title && !UNKNOWN_NAMES.has(n));
  return others.length === 1 ? others[0] : undefined;
}

export function roomConversation(survey: RoomSurvey, zone: string, account: string, meName: string | undefined, hash: (text: string) => string): ParsedConversation {
  const { room } = survey;
  const conversationId = `${SERVICE}:room/${room.title.replace(/\s/gu, (c) => encodeURIComponent(c)) || 'untitled'}`;
  const others = [...survey.senders.keys()].filter((n) => n !== meName);
  const kind = room.about.kind ?? (others.length > 1 ? 'group' : 'direct');
  const participants: Participant[] = [{ handle: account, role: 'owner' }, ...others.filter((n) => !UNKNOWN_NAMES.has(n)).map((n): Participant => ({ handle: lineHandle(n), role: 'member' }))];

  function* inFileOrder(): Generator<Unnumbered> {
    for (const rec of roomRecords(room, recordKey)) {
      const sender = rec.sender === undefined || rec.sender === meName ? account : lineHandle(rec.sender);
      const found = linePlaceholder(rec.text);
      const call = found ? undefined : lineCall(rec.text);
      const notice = rec.sender === undefined || isNoticeWithSender(rec.text);
      const kindOf: MessageKind = found ? found.kind : call ? 'call' : notice ? 'system' : 'text';
      yield { conversationId, sender, timestamp: wallClockToIso(rec.wall, zone), wallClock: rec.wallText, kind: kindOf, text: found ? '' : rec.text, ...(found ? { attachments: [found.attachment] } : {}), ...(call ? { call } : {}) };
    }
  }
  const conversation: Conversation = { id: conversationId, kind, title: room.title, participants, source: account };
  // Known from the validating pass: spares the converter a counting pass of its own.
  return { conversation, messages: timeOrdered(inFileOrder, survey.ordered, hash), counts: { messages: survey.count, attachments: survey.notIncluded, notIncluded: survey.notIncluded } };
}
