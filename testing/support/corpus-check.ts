/**
 * Compares what Ferry produced with the seeded corpus, so the demo and the tests judge a
 * migration by the same rules: every contact with its name and groups, every message byte-exact
 * in its conversation and in order.
 */
import type { ArchiveContent, Contact } from '../../src/model/types.js';
import type { Corpus, CorpusContact } from './corpus.js';
import type { RosterEntry } from './seed.js';

const sortedGroups = (groups: readonly string[]) => [...groups].sort().join('|');

/** Group rooms a generated account seeded (SeededAccount's rooms and roomJids): their archives are part of the export. */
export interface CorpusRooms {
  readonly rooms?: readonly { readonly name: string; readonly messages: readonly { readonly nick: string; readonly body: string }[] }[];
  /** Full room JIDs, in the order of `rooms`. */
  readonly roomJids?: readonly string[];
}

/**
 * Differences between the archive and the corpus; empty when the archive holds exactly the corpus.
 * Its one-to-one conversations are the corpus's; its group conversations are the rooms given
 * (none when none are).
 */
export function archiveDifferences(content: ArchiveContent, corpus: Corpus & CorpusRooms): string[] {
  const problems: string[] = [];
  const contacts = new Map(content.contacts.map((c) => [c.handles[0], c]));
  for (const expected of corpus.contacts) {
    const got = contacts.get(`xmpp:${expected.jid}`);
    if (!got) problems.push(`contact ${expected.jid} missing`);
    else {
      if (got.displayName !== expected.name) problems.push(`contact ${expected.jid}: name ${JSON.stringify(got.displayName)}, expected ${JSON.stringify(expected.name)}`);
      if (sortedGroups(got.groups) !== sortedGroups(expected.groups)) problems.push(`contact ${expected.jid}: groups ${got.groups.join(',')}, expected ${expected.groups.join(',')}`);
      // The seed makes every friend a mutual subscription.
      if (got.subscription !== 'both') problems.push(`contact ${expected.jid}: subscription ${JSON.stringify(got.subscription)}, expected "both"`);
      problems.push(...profileDifferences(content, got, expected));
    }
  }
  if (content.contacts.length !== corpus.contacts.length) problems.push(`${content.contacts.length} contacts, expected ${corpus.contacts.length}`);

  for (const conversation of corpus.conversations) {
    const found = content.conversations.find((c) => c.participants.some((p) => p.handle === `xmpp:${conversation.with}`));
    if (!found) {
      problems.push(`conversation with ${conversation.with} missing`);
      continue;
    }
    const got = (content.messages.get(found.id) ?? []).map((m) => `${m.sender} ${m.text}`);
    const expected = conversation.messages.map((m) => `xmpp:${m.from === 'me' ? corpus.owner.jid : conversation.with} ${m.body}`);
    if (got.length !== expected.length) problems.push(`conversation with ${conversation.with}: ${got.length} messages, expected ${expected.length}`);
    expected.forEach((line, i) => {
      if (got[i] !== line) problems.push(`conversation with ${conversation.with}, message ${i + 1}: ${JSON.stringify(got[i])}, expected ${JSON.stringify(line)}`);
    });
  }
  const direct = content.conversations.filter((c) => c.kind !== 'group');
  if (direct.length !== corpus.conversations.length) problems.push(`${direct.length} one-to-one conversations, expected ${corpus.conversations.length}`);

  const rooms = corpus.rooms ?? [];
  if (rooms.length && corpus.roomJids?.length !== rooms.length) throw new Error('archiveDifferences: the corpus has rooms but not their JIDs (roomJids, as the account fixture gives them)');
  rooms.forEach((room, r) => {
    const jid = corpus.roomJids![r]!;
    const found = content.conversations.find((c) => c.kind === 'group' && c.sourceIds?.room === jid);
    if (!found) {
      problems.push(`room ${jid} missing`);
      return;
    }
    // Senders in a room are nicknames (room@service/nick), so the texts in order decide.
    const got = (content.messages.get(found.id) ?? []).map((m) => m.text);
    const expected = room.messages.map((m) => m.body);
    if (got.length !== expected.length) problems.push(`room ${jid}: ${got.length} messages, expected ${expected.length}`);
    expected.forEach((text, i) => {
      if (got[i] !== text) problems.push(`room ${jid}, message ${i + 1}: ${JSON.stringify(got[i])}, expected ${JSON.stringify(text)}`);
    });
  });
  const groups = content.conversations.length - direct.length;
  if (groups !== rooms.length) problems.push(`${groups} group conversations, expected ${rooms.length}`);
  return problems;
}

/** The contact's published vCard, as the archive must carry it (the roster name stays the display name). */
function profileDifferences(content: ArchiveContent, got: Contact, expected: CorpusContact): string[] {
  const profile = expected.profile;
  const problems: string[] = [];
  const want = {
    name: profile?.given || profile?.family ? { ...(profile.family ? { family: profile.family } : {}), ...(profile.given ? { given: profile.given } : {}) } : undefined,
    emails: profile?.email ? [profile.email] : undefined,
    phones: profile?.phone ? [profile.phone] : undefined,
  };
  const have = { name: got.name, emails: got.emails?.map((e) => e.value), phones: got.phones?.map((p) => p.value) };
  if (JSON.stringify(have) !== JSON.stringify(want)) problems.push(`contact ${expected.jid}: profile ${JSON.stringify(have)}, expected ${JSON.stringify(want)}`);
  const avatarBytes = got.avatar?.sha256 ? content.attachments?.get(got.avatar.sha256) : undefined;
  const wantBytes = profile?.photoPng ? Uint8Array.from(atob(profile.photoPng), (c) => c.charCodeAt(0)) : undefined;
  if (String(avatarBytes ?? '') !== String(wantBytes ?? '') || (wantBytes && got.avatar?.mediaType !== 'image/png')) {
    problems.push(`contact ${expected.jid}: avatar ${got.avatar ? `${got.avatar.mediaType}, ${avatarBytes?.length ?? 'no'} bytes` : 'none'}, expected ${wantBytes ? `image/png, ${wantBytes.length} bytes` : 'none'}`);
  }
  return problems;
}

/** Differences between a server roster and the corpus contacts (names and groups). */
export function rosterDifferences(roster: RosterEntry[], corpus: Corpus): string[] {
  const problems: string[] = [];
  const byJid = new Map(roster.map((r) => [r.jid, r]));
  for (const expected of corpus.contacts) {
    const got = byJid.get(expected.jid);
    if (!got) problems.push(`roster lacks ${expected.jid}`);
    else {
      if (got.name !== expected.name) problems.push(`roster ${expected.jid}: name ${JSON.stringify(got.name)}, expected ${JSON.stringify(expected.name)}`);
      if (sortedGroups(got.groups) !== sortedGroups(expected.groups)) problems.push(`roster ${expected.jid}: groups ${got.groups.join(',')}, expected ${expected.groups.join(',')}`);
    }
  }
  const extra = roster.filter((r) => !corpus.contacts.some((c) => c.jid === r.jid));
  if (extra.length) problems.push(`roster has unexpected ${extra.map((r) => r.jid).join(', ')}`);
  return problems;
}
