import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { countOf, SCHEMA_VERSION, type ArchiveContent, type Message } from '../../src/model/types.js';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const EXAMPLES_DIR = fileURLToPath(new URL('../../schemas/examples/', import.meta.url));

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
}

const ME = 'xmpp:me@old.localhost';
const KIM = 'xmpp:kim@old.localhost';
const LEE = 'xmpp:이수진@example.kr';
export const DIRECT = `${ME}#direct:kim@old.localhost`;
export const GROUP = `${ME}#group:friends@muc.old.localhost`;
export const EMPTY = `${ME}#direct:nobody@old.localhost`;

/** Texts whose bytes must survive exactly: precomposed and decomposed Hangul, ZWJ emoji, line breaks. */
export const TRICKY_TEXTS = [
  '안녕하세요! 오늘 저녁 같이 먹을래요?',
  // Same words as conjoining jamo (NFD): must not come back normalized.
  '안녕하세요'.normalize('NFD'),
  '가족 사진 👨‍👩‍👧‍👦 그리고 🏳️‍🌈 👍🏽 🧑🏻‍💻',
  'first line\nsecond line\r\nthird line after CRLF\n\n\tindented, trailing spaces   ',
  'separators \u2028 and \u2029 inside a line, NUL \u0000, quote " backslash \\',
  '',
];

/** A tiny attachment: bytes that are not valid UTF-8, so nothing may decode them as text. */
export const PHOTO = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xc3]);
export const PHOTO_SHA256 = createHash('sha256').update(PHOTO).digest('hex');

function message(conversationId: string, n: number, sender: string, timestamp: string, text: string): Message {
  return {
    id: `${ME}#mam:${conversationId.length}-${n}`,
    conversationId,
    sender,
    timestamp,
    kind: 'text',
    text,
    ...(n % 2 === 0 ? { sourceIds: { origin: `o-${n}`, mam: `${n}` } } : {}),
  };
}

export function sampleContent(): ArchiveContent {
  const direct = TRICKY_TEXTS.map((text, i) =>
    message(DIRECT, i, i % 2 ? ME : KIM, `2024-04-30T09:0${i}:00.000Z`, text),
  );
  const group: Message[] = [
    message(GROUP, 100, LEE, '2024-05-01T18:00:00+09:00', '모두 안녕! 🎉'),
    {
      ...message(GROUP, 101, KIM, '2024-05-01T09:00:01Z', 'hi all'),
      edits: [{ timestamp: '2024-05-01T09:00:00Z', text: 'hi al' }],
      reactions: [{ emoji: '👍🏽', sender: LEE, timestamp: '2024-05-01T09:01:00Z' }],
      mentions: [LEE],
    },
    {
      ...message(GROUP, 102, ME, '2024-05-01T09:05:00Z', '사진'),
      kind: 'media',
      replyTo: `${ME}#mam:${GROUP.length}-101`,
      attachments: [
        { fileName: '사진.png', mediaType: 'image/png', size: PHOTO.length, sha256: PHOTO_SHA256, path: `attachments/${PHOTO_SHA256}` },
        { fileName: 'clip.mp4', mediaType: 'video/mp4', notIncluded: { reason: 'too-large', detail: '84 MB' } },
      ],
    },
  ];
  const content: ArchiveContent = {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry', version: '0.1.0' },
      createdAt: '2024-05-01T09:30:12.000Z',
      sources: [{ service: 'xmpp', account: ME, exportedAt: '2024-05-01T09:30:05.000Z', method: 'live-web-client', timeZone: { status: 'instants' } }],
      counts: { contacts: 0, conversations: 0, messages: 0, attachments: 0 },
    },
    contacts: [
      { id: KIM, displayName: '김민지', handles: [KIM], groups: ['Friends', '회사'] },
      {
        id: LEE,
        displayName: '이수진 🌸',
        name: { family: '이', given: '수진' },
        handles: [LEE, 'mailto:sujin@example.kr'],
        emails: [{ value: 'sujin@example.kr', types: ['work'], label: '회사' }],
        groups: [],
        favourite: true,
      },
    ],
    conversations: [
      {
        id: DIRECT,
        kind: 'direct',
        title: '김민지',
        participants: [
          { handle: ME, role: 'owner' },
          { handle: KIM, contactId: KIM, role: 'member' },
        ],
        source: ME,
      },
      {
        id: GROUP,
        kind: 'group',
        title: '친구들 👯',
        participants: [
          { handle: ME, role: 'member' },
          { handle: KIM, contactId: KIM, role: 'owner' },
          { handle: LEE, contactId: LEE, role: 'member' },
        ],
        source: ME,
      },
      { id: EMPTY, kind: 'direct', title: '', participants: [{ handle: ME, role: 'owner' }], source: ME },
    ],
    messages: new Map([
      [DIRECT, direct],
      [GROUP, group],
      [EMPTY, []],
    ]),
    fidelity: [{ stage: 'export', account: ME, item: 'message.reactions', count: 0, reason: 'Reactions before 2024 were not kept by the server.' }],
    attachments: new Map([[PHOTO_SHA256, PHOTO]]),
  };
  content.manifest.counts = countOf(content);
  return content;
}

/** The example files assembled into one archive; they are written to be consistent with each other. */
export function exampleContent(): ArchiveContent {
  const ex = (name: string) => readJson(`${EXAMPLES_DIR}${name}.json`) as never;
  const conversation = ex('conversation') as { id: string };
  return {
    manifest: ex('manifest'),
    contacts: [ex('contact')],
    conversations: [conversation as never],
    messages: new Map([[conversation.id, [ex('message')]]]),
    fidelity: [ex('fidelity')],
  };
}

/** Deep copy with every object's keys reversed: same content, built differently. */
export function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Map) return new Map([...value].reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    ) as T;
  }
  return value;
}
