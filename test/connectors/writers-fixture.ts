/**
 * One archive for every export-format writer test: the shared sample (Korean, NFD, emoji, CRLF,
 * an empty message, edits, reactions, a reply, a photo with bytes and a file without) plus a chat
 * from a zone-less source (KakaoTalk, Asia/Seoul assumed) with what breaks naive writers: markup,
 * a line that looks like a new message, threads of replies, many reactions, a location.
 */
import type { WriterResult } from '../../src/connectors/contract.js';
import { countOf, type ArchiveContent, type Message } from '../../src/model/types.js';
import { PHOTO_SHA256, sampleContent } from '../archive/fixtures.js';

export const KAKAO_ME = 'kakaotalk:me';
export const KAKAO_MINJI = 'kakaotalk:민지';
export const KAKAO_CHAT = `${KAKAO_ME}#room:점심 모임`;
export const SCRIPT_TEXT = '<script>alert(1)</script> & <img src=x onerror=alert(2)>';

function kakao(n: number, sender: string, timestamp: string, text: string, extra: Partial<Message> = {}): Message {
  return { id: `${KAKAO_CHAT}#${n}`, conversationId: KAKAO_CHAT, sender, timestamp, kind: 'text', text, ...extra };
}

export function richContent(): ArchiveContent {
  const content = sampleContent();
  content.manifest.sources.push({
    service: 'kakaotalk',
    account: KAKAO_ME,
    exportedAt: '2024-06-01T12:00:00.000Z',
    method: 'export-file',
    timeZone: { status: 'assumed', zone: 'Asia/Seoul' },
  });
  content.contacts.push({ id: KAKAO_MINJI, displayName: '민지: 회사', handles: [KAKAO_MINJI], groups: ['회사'] });
  content.conversations.push({
    id: KAKAO_CHAT,
    kind: 'group',
    title: '점심 모임 / lunch',
    participants: [
      { handle: KAKAO_ME, role: 'owner' },
      { handle: KAKAO_MINJI, contactId: KAKAO_MINJI, role: 'member' },
    ],
    source: KAKAO_ME,
  });
  content.messages.set(KAKAO_CHAT, [
    // 23:59:30 in Seoul is the previous day in UTC: the written date must be Seoul's.
    kakao(1, KAKAO_MINJI, '2024-05-31T14:59:30.000Z', '오늘 점심 어디서?\n회사 앞 국수집 어때요', {
      reactions: [
        { emoji: '👍', sender: KAKAO_ME },
        { emoji: '❤️', sender: KAKAO_ME },
        { emoji: '🦄', sender: KAKAO_MINJI },
      ],
    }),
    kakao(2, KAKAO_ME, '2024-05-31T15:00:05.000Z', SCRIPT_TEXT, { replyTo: `${KAKAO_CHAT}#1` }),
    kakao(3, KAKAO_MINJI, '2024-05-31T15:01:00.000Z', '회의록:\n31/05/2024, 10:00 - 이건 새 메시지가 아니에요\n[01/06/2024, 09:00:00] 이것도', {
      replyTo: `${KAKAO_CHAT}#2`,
      reactions: [{ emoji: '😂', sender: KAKAO_ME }],
    }),
    kakao(4, KAKAO_ME, '2024-05-31T15:02:00.000Z', '', { kind: 'location', location: { latitude: 37.5665, longitude: 126.978, name: '서울시청' } }),
    kakao(5, KAKAO_MINJI, '2024-05-31T15:03:00.000Z', '사진 보냄', {
      kind: 'media',
      attachments: [{ fileName: 'lunch.png', mediaType: 'image/png', sha256: PHOTO_SHA256, path: `attachments/${PHOTO_SHA256}` }],
    }),
  ]);
  content.manifest.counts = countOf(content);
  return content;
}

/** The usernames a writer's notes name, by archive handle (Slack CSV, Mattermost). */
export function usernamesOf(result: WriterResult): Map<string, string> {
  return new Map(result.notes.flatMap((n) => (n.kind === 'username' ? [[n.handle, n.name] as const] : [])));
}
