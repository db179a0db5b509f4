/**
 * `ferry export-format vcon`: every fixture archive (each reader's fixtures converted by the real
 * pipeline) and the hand-made writers' archive, written as vCons and checked against the schema
 * pinned in schemas/vcon/ (draft-ietf-vcon-vcon-core-04, syntax 0.4.0) and against the archive
 * itself: one dialog per message with its time, sender and text, parties by name, files by hash.
 * The expectations come from the archive and the draft, never from the writer's output.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { FILE_WRITERS } from '../../src/connectors/registry.js';
import { whoIs } from '../../src/connectors/kit/names.js';
import { FERRY_EXTENSION, toVcon, vconUuid } from '../../src/connectors/vcon/write.js';
import type { ArchiveContent, Message } from '../../src/model/types.js';
import { fixtureArchives, type FixtureArchive } from './reader-fixtures.js';
import { KAKAO_CHAT, richContent } from './writers-fixture.js';

const SCHEMA = JSON.parse(readFileSync(new URL('../../schemas/vcon/vcon-core-0.4.0.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(SCHEMA);
const problems = (vcon: unknown) => (validate(vcon) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));

type Vcon = Record<string, any>;
const vconsOf = (content: ArchiveContent): Vcon[] => toVcon(content).files.map((f) => JSON.parse(new TextDecoder().decode(f.bytes)) as Vcon);
/** RFC 9562 section 5.8: version 8, variant 10. */
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HANDLE_LIKE = /^[a-z][a-z0-9+.-]*:|%[0-9A-F]{2}/i;
const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');

let archives: FixtureArchive[] = [];
beforeAll(async () => {
  archives = [{ name: 'writers-fixture (hand-made)', content: richContent() }, ...(await fixtureArchives())];
}, 120_000);

describe('vCon: the pinned schema itself', () => {
  it('is the draft-04 transcription at syntax 0.4.0, and refuses a deliberately broken vCon', () => {
    expect(SCHEMA.title).toMatch(/syntax 0\.4\.0 \(draft-ietf-vcon-vcon-core-04\)/);
    const good = vconsOf(richContent()).find((v) => v.attachments)!;
    expect(problems(good)).toEqual([]);
    const broken = (change: (v: Vcon) => void) => {
      const v = structuredClone(good);
      change(v);
      return problems(v);
    };
    expect(broken((v) => delete v.created_at)).toContain("/ must have required property 'created_at'");
    expect(broken((v) => (v.uuid = 'conversation-1'))).toContain('/uuid must match format "uuid"');
    expect(broken((v) => (v.dialog[0].start = '31/05/2024 10:00'))).toContain('/dialog/0/start must match format "date-time"');
    expect(broken((v) => delete v.dialog[0].mediatype)).toContain("/dialog/0 must have required property 'mediatype'");
    expect(broken((v) => delete v.dialog[0].encoding)).toContain("/dialog/0 must have required property 'encoding'");
    expect(broken((v) => (v.dialog[0].type = 'chat'))).toContain('/dialog/0/type must be equal to one of the allowed values');
    expect(broken((v) => (v.dialog[0].originator = -1))).toContain('/dialog/0/originator must be >= 0');
    expect(broken((v) => delete v.attachments[0].dialog)).toContain("/attachments/0 must have required property 'dialog'");
    expect(broken((v) => (v.attachments[0].encoding = 'base64'))).toContain('/attachments/0/encoding must be equal to one of the allowed values');
    expect(broken((v) => Object.assign(v.attachments[0], { url: 'https://example.com/x' }))).not.toEqual([]);
    expect(broken((v) => (v.dialog[0].transferee = 0))).not.toEqual([]);
  });
});

describe('vCon: every fixture archive', () => {
  it('gives one vCon per conversation that validates against the draft-04 schema, named by its version 8 uuid', () => {
    for (const { name, content } of archives) {
      const result = toVcon(content);
      expect(result.single, name).toBe(false);
      expect(result.files.map((f) => f.name), name).toHaveLength(content.conversations.length);
      const uuids = new Set<string>();
      for (const [i, file] of result.files.entries()) {
        const vcon = JSON.parse(new TextDecoder().decode(file.bytes)) as Vcon;
        expect(problems(vcon), `${name}: ${file.name}`).toEqual([]);
        expect(vcon.uuid, name).toMatch(UUID_V8);
        expect(file.name).toBe(`${vcon.uuid}.vcon.json`);
        expect(vcon.uuid).toBe(vconUuid(content.conversations[i]!.id));
        uuids.add(vcon.uuid);
        expect(vcon.extensions).toEqual([FERRY_EXTENSION]);
        expect(vcon.critical).toBeUndefined();
        expect(vcon.created_at).toBe(content.manifest.createdAt);
      }
      expect(uuids.size, name).toBe(content.conversations.length);
    }
  });

  it('has one dialog per message with its original time, sender, text and id, and every index names a party or a dialog', () => {
    let checked = 0;
    let notices = 0;
    for (const { name, content } of archives) {
      const nameOf = whoIs(content);
      for (const [i, vcon] of vconsOf(content).entries()) {
        const conversation = content.conversations[i]!;
        const messages = content.messages.get(conversation.id) ?? [];
        expect(vcon.dialog, `${name}: ${conversation.id}`).toHaveLength(messages.length);
        const parties = vcon.parties as Vcon[];
        for (const p of parties) expect(HANDLE_LIKE.test(p.name), `${name}: party ${p.name}`).toBe(false);
        const isParty = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < parties.length;
        messages.forEach((m: Message, j) => {
          const d = vcon.dialog[j];
          expect(d.type).toBe('text');
          expect(d.start, `${name} #${j}`).toBe(m.timestamp);
          expect(d.body).toBe(m.text);
          expect(d.message_id).toBe(m.id);
          if (m.kind === 'system') {
            expect(d.originator, `${name}: a notice is nobody's message`).toBeUndefined();
            expect(d.parties).toBeUndefined();
            notices++;
          } else {
            expect(isParty(d.originator)).toBe(true);
            expect(parties[d.originator]!.name, `${name} #${j}`).toBe(nameOf(m.sender));
            expect(parties[d.originator]!.ferry_handles).toContain(m.sender);
            expect(d.parties[0]).toBe(d.originator);
            for (const p of d.parties) expect(isParty(p)).toBe(true);
          }
          checked++;
        });
        for (const a of vcon.attachments ?? []) {
          expect(isParty(a.party)).toBe(true);
          expect(a.dialog).toBeLessThan(vcon.dialog.length);
        }
        for (const p of conversation.participants) expect(parties.some((x) => x.ferry_handles.includes(p.handle)), p.handle).toBe(true);
      }
    }
    // Every message of every archive was looked at, notices among them.
    expect(checked).toBe(archives.reduce((n, a) => n + [...a.content.messages.values()].flat().length, 0));
    expect(notices).toBeGreaterThan(0);
  });

  it('carries each file with bytes inline under its SHA-512 and SHA-256, and lists files without bytes with their reason', () => {
    let inline = 0;
    let missing = 0;
    for (const { name, content } of archives) {
      for (const [i, vcon] of vconsOf(content).entries()) {
        const messages = content.messages.get(content.conversations[i]!.id) ?? [];
        const expected = messages.flatMap((m, j) => (m.attachments ?? []).map((a) => ({ a, j })));
        expect(vcon.attachments ?? [], name).toHaveLength(expected.length);
        expected.forEach(({ a, j }, k) => {
          const out = vcon.attachments[k];
          expect(out.dialog).toBe(j);
          expect(out.start).toBe(messages[j]!.timestamp);
          expect(out.mediatype).toBe(a.mediaType);
          const bytes = a.sha256 ? content.attachments?.get(a.sha256) : undefined;
          if (bytes) {
            const decoded = Buffer.from(out.body, 'base64url');
            expect(createHash('sha256').update(decoded).digest('hex')).toBe(a.sha256);
            expect(out.content_hash).toEqual([`sha512-${b64url(createHash('sha512').update(bytes).digest())}`, `sha256-${b64url(Buffer.from(a.sha256!, 'hex'))}`]);
            inline++;
          } else {
            expect(out.body).toBeUndefined();
            expect(out.ferry_not_included).toBe(a.notIncluded?.reason ?? 'unavailable');
            missing++;
          }
        });
      }
    }
    expect(inline).toBeGreaterThan(0);
    expect(missing).toBeGreaterThan(0);
  });

  it('writes the same bytes for the same archive', () => {
    for (const { name, content } of archives) {
      const a = toVcon(content, { at: '2026-01-01T00:00:00Z' }).files;
      const b = toVcon(structuredClone(content), { at: '2027-06-01T00:00:00Z' }).files;
      expect(b.map((f) => f.name), name).toEqual(a.map((f) => f.name));
      b.forEach((f, i) => expect(Buffer.from(f.bytes).equals(Buffer.from(a[i]!.bytes)), `${name}: ${f.name}`).toBe(true));
    }
  });
});

describe('vCon: replies, reactions and edits', () => {
  it('keeps a reply as in_reply_to, reactions with who reacted, and earlier versions oldest first, and counts them', () => {
    const content = richContent();
    const result = toVcon(content);
    const vcons = result.files.map((f) => JSON.parse(new TextDecoder().decode(f.bytes)) as Vcon);
    const kakao = vcons[content.conversations.findIndex((c) => c.id === KAKAO_CHAT)]!;
    const messages = content.messages.get(KAKAO_CHAT)!;
    const nameOf = whoIs(content);
    messages.forEach((m, j) => {
      const d = kakao.dialog[j];
      expect(d.in_reply_to).toBe(m.replyTo);
      expect((d.ferry_reactions ?? []).map((r: Vcon) => [kakao.parties[r.party].name, r.body])).toEqual((m.reactions ?? []).map((r) => [nameOf(r.sender), r.emoji]));
    });
    const all = [...content.messages.values()].flat();
    const edited = all.find((m) => m.edits?.length)!;
    const d = vcons.flatMap((v) => v.dialog).find((x: Vcon) => x.message_id === edited.id);
    expect(d.body).toBe(edited.text);
    expect(d.ferry_edits).toEqual(edited.edits!.map((e) => ({ start: e.timestamp, body: e.text })));
    expect(result.kept).toMatchObject({
      conversations: content.conversations.length,
      messages: all.length,
      replies: all.filter((m) => m.replyTo).length,
      reactions: all.reduce((n, m) => n + (m.reactions?.length ?? 0), 0),
      edits: all.reduce((n, m) => n + (m.edits?.length ?? 0), 0),
    });
  });

  it('says what it dropped: markup, printed times, files without bytes', () => {
    const content = richContent();
    const items = toVcon(content, { at: '2026-01-01T00:00:00Z' }).fidelity.map((n) => [n.item, n.count]);
    const all = [...content.messages.values()].flat();
    const count = (f: (m: Message) => boolean) => all.filter(f).length;
    const expected: [string, number][] = [
      ['message.entities', count((m) => !!m.entities?.length)],
      ['message.wallClock', count((m) => !!m.wallClock)],
      ['message.attachments.notIncluded', all.flatMap((m) => m.attachments ?? []).filter((a) => !a.path).length],
    ];
    for (const [item, n] of expected) if (n > 0) expect(items).toContainEqual([item, n]);
    expect(items.length).toBeGreaterThan(0);
  });

  it('is a registered target with no options, written as a folder', () => {
    const writer = FILE_WRITERS.find((w) => w.id === 'vcon')!;
    expect(writer.needs).toEqual({});
    const result = writer.write(richContent(), {});
    expect(result.target).toBe('vcon');
    expect(result.files.every((f) => f.name.endsWith('.vcon.json'))).toBe(true);
  });

  it('writes nothing for an archive without conversations, and says so', () => {
    const content = richContent();
    content.conversations = [];
    content.messages = new Map();
    const result = toVcon(content);
    expect(result.files).toEqual([]);
    expect(result.notes).toEqual([{ kind: 'nothing', what: 'conversations' }]);
  });
});
