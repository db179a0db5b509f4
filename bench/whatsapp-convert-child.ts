/**
 * One side of the WhatsApp convert benchmark, in its own process so its peak RSS is its own
 * (process.resourceUsage().maxRSS). Prints one JSON object.
 *   generate FILE N    write `ferry generate whatsapp --locale en --messages N --seed 42` (src/generate)
 *   ferry FILE OUT ORDER  `ferry convert --date-order ORDER` as the CLI runs it (node:crypto ids, native zlib), unencrypted,
 *                      read in Asia/Seoul (no daylight saving: every generated time exists there)
 *   ferry-x25519 FILE OUT   the same, encrypted to a fresh X25519 recipient with the CLI's
 *                      payload cipher (node:crypto), zip and age overlapping through a bounded queue
 *   ferry-passphrase FILE OUT   the same under a passphrase, as the CLI encrypts by default
 *                      (scrypt work factor 18: 256 MiB for the key alone)
 *   The input is read as the CLI reads it (src/cli/node-file-source.ts): its head, then the
 *   reader's passes stream it from disk.
 *   peer FILE          npm whatsapp-chat-parser parsing the same file (its whole job: messages in memory)
 *   serialize FILE     a lower bound for any converter that writes JSON: the peer's own parsed
 *                      messages (fewer fields than Ferry's) written as JSON Lines, timed alone
 *   idle               Node alone, for reading the RSS figures
 */
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseString } from 'whatsapp-chat-parser';
import { NODE_STREAM_OPTIONS } from '../src/archive/node-deflate.js';
import { nodeSha256Hex } from '../src/cli/node-hash.js';
import { prepareConversion, writeConversion } from '../src/convert/convert.js';
import { encryptStream, ScryptRecipient, setDefaultPayloadCipher, X25519Identity, type Recipient } from '../src/crypto/index.js';
import { streamedInput } from '../src/cli/node-file-source.js';
import { nodePayloadCipher } from '../src/cli/node-aead.js';
import { generateExportPieces } from '../src/generate/index.js';

const [mode, file, arg, dateOrder] = process.argv.slice(2);
let result: Record<string, number | string> = {};
const t = performance.now();
if (mode === 'generate') {
  const generated = generateExportPieces('whatsapp', { locale: 'en', messages: Number(arg), seed: 42 });
  const out = createWriteStream(file!);
  for (const piece of generated.pieces) if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  result = { messages: generated.messages, dateOrder: generated.convertArgs[generated.convertArgs.indexOf('--date-order') + 1]! };
} else if (mode === 'ferry') {
  const combined = prepareConversion([{ ...streamedInput(file!, statSync(file!).size), name: 'WhatsApp Chat with Friends.txt' }], { timeZone: 'Asia/Seoul', now: new Date().toISOString(), sha256Hex: nodeSha256Hex, ...(dateOrder ? { dateOrder: dateOrder as 'dmy' | 'mdy' | 'ymd' } : {}) });
  const out = createWriteStream(arg!);
  const written = await writeConversion(combined, (chunk) => (out.write(chunk) ? undefined : new Promise<void>((r) => out.once('drain', () => r()))), NODE_STREAM_OPTIONS);
  await new Promise<void>((r) => out.end(() => r()));
  result = { messages: written.messages };
} else if (mode === 'ferry-x25519' || mode === 'ferry-passphrase') {
  setDefaultPayloadCipher(nodePayloadCipher());
  const recipient: Recipient = mode === 'ferry-x25519' ? await (await X25519Identity.generate()).recipient() : new ScryptRecipient('correct horse battery staple');
  // As `ferry convert` does: a passphrase's scrypt runs before the reading, so its memory is
  // given back before the readers' peak.
  if (recipient instanceof ScryptRecipient) await recipient.prepare();
  const combined = prepareConversion([{ ...streamedInput(file!, statSync(file!).size), name: 'WhatsApp Chat with Friends.txt' }], { timeZone: 'Asia/Seoul', now: new Date().toISOString(), sha256Hex: nodeSha256Hex, ...(dateOrder ? { dateOrder: dateOrder as 'dmy' | 'mdy' | 'ymd' } : {}) });
  // Zip chunks wait here for the encrypter, at most 8 (as the CLI's convert does).
  const queue: Uint8Array[] = [];
  let ended = false;
  let wakeReader: (() => void) | undefined;
  let wakeWriter: (() => void) | undefined;
  const push = async (chunk: Uint8Array) => {
    queue.push(chunk);
    wakeReader?.();
    while (queue.length > 8) await new Promise<void>((r) => (wakeWriter = r));
  };
  const zip = async function* () {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift()!;
        wakeWriter?.();
        continue;
      }
      if (ended) return;
      await new Promise<void>((r) => (wakeReader = r));
    }
  };
  const producing = writeConversion(combined, push, NODE_STREAM_OPTIONS).then((w) => {
    ended = true;
    wakeReader?.();
    return w;
  });
  const out = createWriteStream(arg!);
  for await (const piece of encryptStream(zip(), [recipient])) if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  result = { messages: (await producing).messages };
} else if (mode === 'peer') {
  const messages = parseString(readFileSync(file!, 'utf8'));
  result = { messages: messages.length };
} else if (mode === 'serialize') {
  const messages = parseString(readFileSync(file!, 'utf8'));
  const start = performance.now();
  let bytes = 0;
  for (const m of messages) bytes += JSON.stringify(m).length + 1;
  result = { messages: messages.length, serializeSeconds: (performance.now() - start) / 1000, jsonChars: bytes };
} else if (mode === 'idle') {
  await writeFile('/dev/null', '');
}
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ...result, seconds: (performance.now() - t) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
