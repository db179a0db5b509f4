/**
 * Archives made by someone who wants Ferry to hang, run out of memory, call a bad archive valid,
 * or read something other than what the next tool reads: every case issue 18 found, each built in
 * milliseconds (craft-zip.ts), with what `ferry verify` must say about it. Used by
 * test/archive/hostile.test.ts (every case, through the library) and
 * test/cli/hostile-cli.test.ts (every command of the built CLI on every case), and by
 * bench/hostile.bench.ts for the time and memory figures.
 */
import { strFromU8, unzipSync } from 'fflate';
import { writeArchive } from '../../src/archive/container.js';
import { sampleContent, PHOTO_SHA256 } from './fixtures.js';
import { craftZip, repeatedDeflate, type CraftEntry } from './craft-zip.js';

export interface HostileCase {
  id: string;
  /** What the attacker does, as a sentence. */
  what: string;
  build(): Uint8Array;
  /** What verify must report (some error with this entry and a message matching). */
  verify: { entry: string | RegExp; message: RegExp; line?: number; pointer?: string };
  /** Whether reading it whole (merge, export-format) must fail: false when only verify has reason to object. */
  readerRefuses: boolean;
  /** Whether reading its manifest alone (inspect) must fail. */
  inspectRefuses: boolean;
}

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;
const text = (s: string) => new TextEncoder().encode(s);

/** The entries of a valid archive (sampleContent), in order, as a list an attacker edits. */
export function validEntries(): CraftEntry[] {
  const entries = unzipSync(writeArchive(sampleContent()));
  return Object.entries(entries).map(([name, data]) => ({ name, data }));
}

const replace = (entries: CraftEntry[], name: string, entry: Partial<CraftEntry>) => entries.map((e) => (e.name === name ? { ...e, ...entry, name } : e));
const lineOf = (name: string, n = 0) => strFromU8(validEntries().find((e) => e.name === name)!.data!).split('\n')[n]!;

/** 1 MiB of `line`, repeated (each copy ends in a newline). */
function mebibyteOf(line: string): Uint8Array {
  const unit = line + '\n';
  return text(unit.repeat(Math.floor(MIB / unit.length)));
}

/** `times` MiB of `line` as one deflated entry whose directory tells the truth. */
const bomb = (line: string, mib: number) => repeatedDeflate(mebibyteOf(line), mib);

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    id: 'lines-bomb',
    what: 'a 2 MB zip whose first messages file holds 2 GiB of one valid message line, repeated',
    build: () => craftZip(replace(validEntries(), 'messages/00001.jsonl', { data: undefined, deflated: bomb(lineOf('messages/00001.jsonl'), 2048) })),
    verify: { entry: 'messages/00001.jsonl', message: /messages\/00001\.jsonl inflates \d+ times .*this is not a Ferry archive or it is damaged/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'newlines-bomb',
    what: 'a messages file of 2 GiB of newlines',
    build: () => craftZip(replace(validEntries(), 'messages/00001.jsonl', { data: undefined, deflated: repeatedDeflate(text('\n'.repeat(MIB)), 2048) })),
    verify: { entry: 'messages/00001.jsonl', message: /inflates \d+ times/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'spaces-bomb',
    what: 'a messages file of 2 GiB of spaces: one line, two thousand million characters long',
    build: () => craftZip(replace(validEntries(), 'messages/00001.jsonl', { data: undefined, deflated: repeatedDeflate(text(' '.repeat(MIB)), 2048) })),
    verify: { entry: 'messages/00001.jsonl', message: /inflates \d+ times/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'manifest-bomb',
    what: 'manifest.json inflating to 2 GiB of spaces before its first brace',
    build: () => craftZip(replace(validEntries(), 'manifest.json', { data: undefined, deflated: repeatedDeflate(text(' '.repeat(MIB)), 2048, text('{}')) })),
    verify: { entry: 'manifest.json', message: /manifest\.json inflates to 2 GiB, past the 256 MiB Ferry reads in one entry/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'lying-size',
    what: 'a messages file whose directory says 10,000 bytes but which inflates to 2 GiB',
    build: () => craftZip(replace(validEntries(), 'messages/00001.jsonl', { data: undefined, deflated: bomb(lineOf('messages/00001.jsonl'), 2048), declaredSize: 10_000 })),
    verify: { entry: 'messages/00001.jsonl', message: /holds more than the 10000 bytes its directory says/ },
    readerRefuses: true,
    inspectRefuses: false,
  },
  {
    id: 'huge-declared-size',
    what: 'a 22-byte attachment whose directory says it is 4 GiB, so a reader would allocate that much first',
    build: () => {
      const entries = validEntries();
      const name = `attachments/${PHOTO_SHA256}`;
      return craftZip(replace(entries, name, { method: 0, data: new Uint8Array(22), declaredSize: 0xffff_fffe }));
    },
    verify: { entry: `attachments/${PHOTO_SHA256}`, message: /inflates \d+ times/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'overlapping-entries',
    what: 'a thousand directory entries pointing at the same compressed bytes (the overlapping zip bomb)',
    build: () => {
      const entries = validEntries();
      const first = entries.findIndex((e) => e.name === 'messages/00001.jsonl');
      const copies: CraftEntry[] = Array.from({ length: 1000 }, (_, i) => ({ name: `messages/${String(i + 10).padStart(5, '0')}.jsonl`, sameBytesAs: first }));
      return craftZip([...entries, ...copies]);
    },
    verify: { entry: /^messages\/\d{5}\.jsonl$/, message: /shares its compressed bytes with messages\/00001\.jsonl/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'deep-message',
    what: 'a message line nesting arrays 100,000 deep in a property',
    build: () => {
      const line = lineOf('messages/00001.jsonl').replace(/}$/, `,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
      return craftZip(replace(validEntries(), 'messages/00001.jsonl', { data: text(line + '\n') }));
    },
    verify: { entry: 'messages/00001.jsonl', line: 1, message: /nested more than 64 levels deep/, pointer: `/x${'/0'.repeat(63)}` },
    readerRefuses: true,
    inspectRefuses: false,
  },
  {
    id: 'deep-manifest',
    what: 'manifest.json nesting objects 100,000 deep',
    build: () => {
      const manifest = strFromU8(validEntries()[0]!.data!).replace(/}\s*$/, `,"x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`);
      return craftZip(replace(validEntries(), 'manifest.json', { data: text(manifest) }));
    },
    verify: { entry: 'manifest.json', message: /nested more than 64 levels deep/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'duplicate-key-manifest',
    what: 'manifest.json saying "schemaVersion" twice: "99.0" first (what other parsers read), "1.1" last (what JSON.parse keeps)',
    build: () => {
      const manifest = strFromU8(validEntries()[0]!.data!).replace('{', '{\n  "schemaVersion": "99.0",');
      return craftZip(replace(validEntries(), 'manifest.json', { data: text(manifest) }));
    },
    verify: { entry: 'manifest.json', pointer: '/schemaVersion', message: /the key "schemaVersion" appears twice/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'duplicate-key-message',
    what: 'a message line with "text" twice, so two tools show two different messages',
    build: () => {
      const lines = strFromU8(validEntries().find((e) => e.name === 'messages/00001.jsonl')!.data!).split('\n');
      lines[1] = lines[1]!.replace('"text":', '"text":"what another tool shows","text":');
      return craftZip(replace(validEntries(), 'messages/00001.jsonl', { data: text(lines.join('\n')) }));
    },
    verify: { entry: 'messages/00001.jsonl', line: 2, pointer: '/text', message: /the key "text" appears twice/ },
    readerRefuses: true,
    inspectRefuses: false,
  },
  {
    id: 'duplicate-manifest-entry',
    what: 'two manifest.json entries: unzip reads the first, a reader going by name the last',
    build: () => {
      const entries = validEntries();
      const other = strFromU8(entries[0]!.data!).replace('"ferry"', '"someone else"');
      return craftZip([entries[0]!, { name: 'manifest.json', data: text(other) }, ...entries.slice(1)]);
    },
    verify: { entry: 'manifest.json', message: /holds manifest\.json twice/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'duplicate-messages-entry',
    what: 'messages/00001.jsonl twice, the second with other messages',
    build: () => {
      const entries = validEntries();
      return craftZip([...entries, { name: 'messages/00001.jsonl', data: text(lineOf('messages/00001.jsonl', 2) + '\n') }]);
    },
    verify: { entry: 'messages/00001.jsonl', message: /holds messages\/00001\.jsonl twice/ },
    readerRefuses: true,
    inspectRefuses: true,
  },
  {
    id: 'duplicate-unknown-entry',
    what: 'an entry the format does not define, twice',
    build: () => craftZip([...validEntries(), { name: 'notes.txt', data: text('one') }, { name: 'notes.txt', data: text('two') }]),
    verify: { entry: 'notes.txt', message: /holds "notes\.txt" twice/ },
    readerRefuses: false,
    inspectRefuses: false,
  },
  ...(
    [
      ['dot-dot', '../../.bashrc', /climbs out of the folder/],
      ['absolute', '/etc/cron.d/ferry', /absolute path/],
      ['inside-dot-dot', 'attachments/../../evil.sh', /climbs out of the folder/],
      ['drive-letter', 'C:/Windows/evil.dll', /drive letter/],
      ['backslash', '..\\..\\evil.bat', /backslash/],
      ['control', 'invoice\u0000.pdf', /control character/],
      ['not-ascii', 'invoice_\u202Egnp.exe', /not ASCII/],
    ] as const
  ).map(
    ([id, name, message]): HostileCase => ({
      id: `unsafe-name-${id}`,
      what: `an entry named ${JSON.stringify(name)}`,
      build: () => craftZip([...validEntries(), { name, data: text('#!/bin/sh\n') }]),
      verify: { entry: name, message },
      readerRefuses: false,
      inspectRefuses: false,
    }),
  ),
  {
    id: 'attachment-size-lie',
    what: 'an attachment whose size says 10^40 bytes for a 11-byte file',
    build: () => {
      const lines = strFromU8(validEntries().find((e) => e.name === 'messages/00002.jsonl')!.data!).split('\n');
      const at = lines.findIndex((l) => l.includes('"size":'));
      lines[at] = lines[at]!.replace(/"size":\d+/, '"size":1e40');
      return craftZip(replace(validEntries(), 'messages/00002.jsonl', { data: text(lines.join('\n')) }));
    },
    verify: { entry: 'messages/00002.jsonl', message: /size 1e\+40 is no file's size|size is 1e\+40 but attachments\// },
    readerRefuses: false,
    inspectRefuses: false,
  },
  {
    id: 'attachment-hash-mismatch',
    what: 'an attachment whose bytes were swapped for others, keeping the name (its SHA-256)',
    build: () => craftZip(replace(validEntries(), `attachments/${PHOTO_SHA256}`, { method: 0, data: text('not the photo') })),
    verify: { entry: `attachments/${PHOTO_SHA256}`, message: /SHA-256 is [0-9a-f]{64}, not the/ },
    readerRefuses: false,
    inspectRefuses: false,
  },
  {
    id: 'crc-mismatch',
    what: 'a messages file whose CRC-32 in the directory does not match its bytes',
    build: () => craftZip(replace(validEntries(), 'messages/00001.jsonl', { declaredCrc: 0x12345678 })),
    verify: { entry: 'messages/00001.jsonl', message: /do not match the CRC-32/ },
    readerRefuses: true,
    inspectRefuses: false,
  },
  {
    id: 'dangling-conversation',
    what: 'messages of a conversation that does not exist, in a messages file of their own',
    build: () => {
      const line = lineOf('messages/00001.jsonl').replace(/"conversationId":"[^"]*"/, '"conversationId":"nowhere"').replace(/"id":"[^"]*"/, '"id":"stray-1"');
      return craftZip([...validEntries(), { name: 'messages/00009.jsonl', data: text(line + '\n') }]);
    },
    verify: { entry: 'messages/00009.jsonl', line: 1, pointer: '/conversationId', message: /"nowhere" is not the id of any conversation/ },
    readerRefuses: false,
    inspectRefuses: false,
  },
  {
    id: 'duplicate-message-id',
    what: 'two different messages sharing one id',
    build: () => {
      const lines = strFromU8(validEntries().find((e) => e.name === 'messages/00001.jsonl')!.data!).split('\n');
      const firstId = /"id":("[^"]*")/.exec(lines[0]!)![1]!;
      lines[1] = lines[1]!.replace(/"id":"[^"]*"/, `"id":${firstId}`);
      return craftZip(replace(validEntries(), 'messages/00001.jsonl', { data: text(lines.join('\n')) }));
    },
    verify: { entry: 'messages/00001.jsonl', line: 2, pointer: '/id', message: /duplicate message id/ },
    readerRefuses: false,
    inspectRefuses: false,
  },
  {
    id: 'duplicate-contact-id',
    what: 'two contacts with one id and different names',
    build: () => {
      const contacts = JSON.parse(strFromU8(validEntries().find((e) => e.name === 'contacts.json')!.data!)) as { id: string }[];
      contacts[1]!.id = contacts[0]!.id;
      return craftZip(replace(validEntries(), 'contacts.json', { data: text(JSON.stringify(contacts, null, 2) + '\n') }));
    },
    verify: { entry: 'contacts.json', pointer: '/1/id', message: /duplicate contact id/ },
    readerRefuses: false,
    inspectRefuses: false,
  },
  {
    id: 'dangling-contact',
    what: 'a participant pointing at a contact that does not exist',
    build: () => {
      const conversations = JSON.parse(strFromU8(validEntries().find((e) => e.name === 'conversations.json')!.data!)) as { participants: { contactId?: string }[] }[];
      conversations[0]!.participants[1]!.contactId = 'nobody';
      return craftZip(replace(validEntries(), 'conversations.json', { data: text(JSON.stringify(conversations, null, 2) + '\n') }));
    },
    verify: { entry: 'conversations.json', pointer: '/0/participants/1/contactId', message: /"nobody" is not the id of any contact/ },
    readerRefuses: false,
    inspectRefuses: false,
  },
];

export const HOSTILE_SIZES = { GIB, MIB };
