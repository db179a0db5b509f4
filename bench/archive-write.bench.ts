/**
 * How fast the container is written and read, and how fast it is sealed with age under a
 * passphrase, for a synthetic account of 100,000 messages (Korean and English text).
 * Peer for the encryption figure: the reference `age` CLI encrypting the same zip to an X25519
 * recipient (it takes passphrases only from a terminal; the payload cipher is the same).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArchive, writeArchive } from '../src/archive/container.js';
import { encryptWithPassphrase } from '../src/crypto/index.js';
import { countOf, SCHEMA_VERSION, type ArchiveContent, type Message } from '../src/model/types.js';
import { report } from './report.js';

const MESSAGES = 100_000;
const CONVERSATIONS = 50;

function syntheticAccount(): ArchiveContent {
  const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => ({
    id: `xmpp:me@old.localhost#direct:friend${i}@old.localhost`,
    kind: 'direct' as const,
    title: `친구 ${i}`,
    participants: [
      { handle: 'xmpp:me@old.localhost', role: 'owner' as const },
      { handle: `xmpp:friend${i}@old.localhost`, role: 'member' as const },
    ],
    source: 'xmpp:me@old.localhost',
  }));
  const messages = new Map<string, Message[]>(conversations.map((c) => [c.id, []]));
  const start = Date.UTC(2024, 0, 1);
  for (let n = 0; n < MESSAGES; n++) {
    const c = conversations[n % CONVERSATIONS]!;
    messages.get(c.id)!.push({
      id: `xmpp:me@old.localhost#mam:${n}`,
      conversationId: c.id,
      sender: n % 2 ? c.participants[1]!.handle : 'xmpp:me@old.localhost',
      timestamp: new Date(start + n * 61_000).toISOString(),
      kind: 'text',
      text: n % 3 ? `오늘 저녁에 시간 있어? 메시지 ${n} 🙂` : `Message ${n}: see you at the station at ${n % 24}:00.\nBring the tickets.`,
    });
  }
  const content: ArchiveContent = {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry-bench', version: '0' },
      createdAt: '2026-01-01T00:00:00.000Z',
      sources: [{ service: 'xmpp', account: 'xmpp:me@old.localhost', exportedAt: '2026-01-01T00:00:00.000Z', method: 'live-web-client', timeZone: { status: 'instants' } }],
      counts: { contacts: 0, conversations: 0, messages: 0, attachments: 0 },
    },
    contacts: [],
    conversations,
    messages,
  };
  content.manifest.counts = countOf(content);
  return content;
}

function seconds(run: () => void): number {
  const t = performance.now();
  run();
  return (performance.now() - t) / 1000;
}

export async function run(): Promise<void> {
  const content = syntheticAccount();
  let zip: Uint8Array = new Uint8Array();
  const write = seconds(() => (zip = writeArchive(content)));
  report({ bench: 'archive-write', metric: 'messages_per_s', value: Math.round(MESSAGES / write), peer: null, ratio: null });
  const read = seconds(() => readArchive(zip));
  report({ bench: 'archive-read', metric: 'messages_per_s', value: Math.round(MESSAGES / read), peer: null, ratio: null });
  report({ bench: 'archive-write', metric: 'bytes_per_message', value: Math.round(zip.length / MESSAGES), peer: null, ratio: null });

  // Work factor 10 so the figure measures the payload cipher, not the (deliberately slow) KDF.
  const t = performance.now();
  await encryptWithPassphrase(zip, 'bench', { workFactor: 10 });
  const ferryMBps = zip.length / 1e6 / ((performance.now() - t) / 1000);

  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
  try {
    const input = join(dir, 'archive.zip');
    writeFileSync(input, zip);
    // age-keygen prints the public key on stderr.
    const keygen = spawnSync('age-keygen', ['-o', join(dir, 'key.txt')], { encoding: 'utf8' });
    const publicKey = /age1[0-9a-z]+/.exec(keygen.stderr)?.[0];
    if (!publicKey) throw new Error('age-keygen printed no public key');
    const t2 = performance.now();
    execFileSync('age', ['-r', publicKey, '-o', join(dir, 'archive.age'), input]);
    const ageMBps = zip.length / 1e6 / ((performance.now() - t2) / 1000);
    report({
      bench: 'age-encrypt',
      metric: 'MB_per_s',
      value: Math.round(ferryMBps),
      peer: { name: 'age CLI', value: Math.round(ageMBps) },
      ratio: Math.round((ferryMBps / ageMBps) * 100) / 100,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
