/**
 * One direction of the 1M-message archive benchmark, run in its own process so that its peak
 * RSS (process.resourceUsage().maxRSS) is that direction's alone. Prints one JSON object.
 *   tsx bench/archive-child.ts write FILE MESSAGES
 *   tsx bench/archive-child.ts read FILE
 *   tsx bench/archive-child.ts generate - MESSAGES   (making the input only)
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { openFileSource } from '../src/archive/file-source.js';
import { NODE_STREAM_OPTIONS } from '../src/archive/node-deflate.js';
import { ArchiveReader, writeArchiveStream } from '../src/archive/stream.js';
import { SCHEMA_VERSION, type Conversation, type Message } from '../src/model/types.js';

const [direction, file, count] = process.argv.slice(2);
const ME = 'xmpp:me@old.localhost';
const CONVERSATIONS = 200;

const TEXTS = [
  '오늘 저녁에 시간 있어? 7시쯤 강남역에서 보자 🙂',
  'ok, see you at the station. bring the tickets!',
  'ㅋㅋㅋㅋ 진짜?',
  '사진 보내줄게. 어제 찍은 거',
  'Running 10 min late, sorry 🙏',
  '내일 회의 자료 메일로 보냈어요.\n확인 부탁드립니다.',
  '👍',
  'Did you see the news about the new line opening next month? Apparently trains every 4 minutes.',
];

/** Realistic messages, made on the fly so the generator does not hold them: replies, reactions, edits, media now and then. */
function* messagesOf(conversation: Conversation, index: number, perConversation: number): Generator<Message> {
  const peer = conversation.participants[1]!.handle;
  const start = Date.UTC(2020, 0, 1) + index * 1000;
  for (let n = 0; n < perConversation; n++) {
    const i = index * perConversation + n;
    const m: Message = {
      id: `${ME}#mam:${index.toString(36)}-${n.toString(36)}-1714467761000001`,
      conversationId: conversation.id,
      sender: n % 3 ? peer : ME,
      timestamp: new Date(start + n * 97_000).toISOString(),
      kind: 'text',
      text: TEXTS[i % TEXTS.length]!,
      sourceIds: { mam: `${index.toString(36)}-${n.toString(36)}-1714467761000001`, origin: `b2f1d0c4-58e7-4a3b-${(i % 10000).toString().padStart(4, '0')}-0f2e7d8a1b35` },
    };
    if (n % 10 === 3) m.replyTo = `${ME}#mam:${index.toString(36)}-${(n - 1).toString(36)}-1714467761000001`;
    if (n % 15 === 7) m.reactions = [{ emoji: '❤️', sender: ME, timestamp: new Date(start + n * 97_000 + 5000).toISOString() }];
    if (n % 40 === 11) m.edits = [{ timestamp: m.timestamp, text: 'typo' }];
    if (n % 25 === 5) {
      m.kind = 'media';
      m.attachments = [{ fileName: `IMG_${i}.jpg`, mediaType: 'image/jpeg', size: 1_000_000 + i, notIncluded: { reason: 'not-downloaded' } }];
    }
    yield m;
  }
}

async function write(path: string, total: number): Promise<Record<string, number>> {
  const perConversation = Math.ceil(total / CONVERSATIONS);
  const conversations: Conversation[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({
    id: `${ME}#direct:friend${i}@old.localhost`,
    kind: 'direct',
    title: `친구 ${i}`,
    participants: [
      { handle: ME, role: 'owner' },
      { handle: `xmpp:friend${i}@old.localhost`, role: 'member' },
    ],
    source: ME,
  }));
  const t = performance.now();
  const fd = openSync(path, 'w');
  const written = await writeArchiveStream(
    {
      manifest: {
        format: 'ferry-archive',
        schemaVersion: SCHEMA_VERSION,
        createdBy: { tool: 'ferry-bench', version: '0' },
        createdAt: '2026-01-01T00:00:00.000Z',
        sources: [{ service: 'xmpp', account: ME, exportedAt: '2026-01-01T00:00:00.000Z', method: 'live-web-client', timeZone: { status: 'instants' } }],
        counts: { contacts: 0, conversations: CONVERSATIONS, messages: perConversation * CONVERSATIONS, attachments: 0 },
      },
      contacts: [],
      conversations,
      fidelity: [],
    },
    (c, i) => messagesOf(c, i, perConversation),
    (chunk) => {
      writeSync(fd, chunk);
    },
    [],
    NODE_STREAM_OPTIONS,
  );
  closeSync(fd);
  return { seconds: (performance.now() - t) / 1000, messages: written.messages };
}

function read(path: string): Record<string, number> {
  const t = performance.now();
  const source = openFileSource(path);
  const reader = ArchiveReader.open(source);
  let messages = 0;
  let chars = 0;
  for (const m of reader.messages()) {
    messages++;
    chars += m.text.length;
  }
  source.close();
  return { seconds: (performance.now() - t) / 1000, messages, chars, size: source.size };
}

/** Only making the input messages, so the writer's own share of the write time can be told apart. */
function generate(total: number): Record<string, number> {
  const perConversation = Math.ceil(total / CONVERSATIONS);
  const t = performance.now();
  let messages = 0;
  for (let i = 0; i < CONVERSATIONS; i++) {
    const conversation = { id: `c${i}`, participants: [{ handle: ME }, { handle: `xmpp:friend${i}@old.localhost` }] } as Conversation;
    for (const m of messagesOf(conversation, i, perConversation)) if (m.id) messages++;
  }
  return { seconds: (performance.now() - t) / 1000, messages };
}

const result = direction === 'write' ? await write(file!, Number(count)) : direction === 'generate' ? generate(Number(count)) : read(file!);
process.stdout.write(JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
