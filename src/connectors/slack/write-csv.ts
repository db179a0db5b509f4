/**
 * Archive -> Slack's CSV import ("Move data to Slack using a CSV or text file",
 * https://slack.com/help/articles/360035354694): one message per row, columns timestamp (Unix
 * seconds), channel, username, text, every field quoted, multi-line texts as raw line breaks inside
 * the quotes, oldest message first across the whole file, no header row (Slack's example has none).
 * Quotes inside a field are doubled as RFC 4180 says.
 *
 * Slack's rules, enforced here (README.md lists them with their source): channel names are
 * lower-case letters, digits, hyphens and underscores, at most 80 characters (so names in other
 * scripts are transliterated, or hashed when Ferry cannot spell them, and the original is given
 * as the purpose to set); usernames are lower-case letters, digits, periods, hyphens and
 * underscores; a channel's messages each have their own second.
 *
 * The format carries text only: no threads, reactions, files or direct messages. Pure and
 * browser-safe: content in, one file and a fidelity report out.
 */
import type { ArchiveContent } from '../../model/types.js';
import type { FileWriter, WriterNote, WriterResult } from '../contract.js';
import { slug } from '../kit/ascii.js';
import { contactOf, isNotice, whoIs } from '../kit/names.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';

/** Slack channel names: lower-case letters, digits, "-" and "_", 1 to 80 characters. */
export const SLACK_CHANNEL = /^[a-z0-9_-]{1,80}$/;
/** Slack usernames (the handle a CSV row names): lower-case letters, digits, ".", "-", "_", at most 21. */
export const SLACK_USERNAME = /^[a-z0-9._-]{1,21}$/;
/** The username notices are written under: the CSV has no system lines. */
export const NOTICE_USER = 'notice';

/** A valid Slack channel name for a title (readable when Ferry can spell it, a hash otherwise). */
export function slackChannelName(title: string, seed = title): string {
  return slug(title, seed, { joiners: '-_', max: 80, prefix: 'chat' });
}

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

export function toSlackCsv(content: ArchiveContent, options: WriteStamp = {}): WriterResult {
  const counts = new DropTally();
  const drop = (item: string, reason: string, n = 1) => counts.add(item, reason, n);
  const nameOf = whoIs(content);
  const contactFor = contactOf(content);

  const usernames = new Map<string, string>();
  const byPerson = new Map<string, string>();
  const taken = new Set<string>([NOTICE_USER]);
  const userOf = (handle: string) => {
    const key = contactFor(handle)?.id ?? handle;
    let u = byPerson.get(key);
    if (!u) {
      const base = slug(nameOf(handle), key, { joiners: '.-_', max: 21, prefix: 'user' });
      u = base;
      for (let i = 2; taken.has(u); i++) u = `${base.slice(0, 20 - String(i).length)}.${i}`;
      taken.add(u);
      byPerson.set(key, u);
    }
    usernames.set(handle, u);
    return u;
  };

  const channelNames = new Set<string>();
  const notes: WriterNote[] = [];
  const rows: { at: number; order: number; cells: string[] }[] = [];
  let channels = 0;
  for (const conversation of content.conversations) {
    const messages = content.messages.get(conversation.id) ?? [];
    if (!messages.length) continue;
    const others = conversation.participants.filter((p) => p.role !== 'owner').map((p) => nameOf(p.handle));
    const title = conversation.kind === 'direct' ? `dm ${conversation.title || others.join(' ')}` : conversation.title || others.join(' ');
    const base = slackChannelName(title, conversation.id);
    let channel = base;
    for (let i = 2; channelNames.has(channel); i++) channel = `${base.slice(0, 78 - String(i).length)}-${i}`;
    channelNames.add(channel);
    if (channel !== title) notes.push({ kind: 'channel-name', name: channel, original: conversation.title || title });
    channels++;
    if (conversation.kind === 'direct') drop('conversation.direct', 'direct chats become channels named dm-…: the CSV import has no direct messages');
    let last = -Infinity;
    for (const m of messages) {
      if (m.reactions?.length) drop('message.reactions', 'reactions dropped: the CSV import has no reactions', m.reactions.length);
      if (m.edits?.length) drop('message.edits', 'earlier versions dropped: only the latest text is written', m.edits.length);
      if (m.replyTo && !isNotice(m)) drop('message.replyTo', 'answers are written as plain messages: the CSV import has no threads');
      if (m.attachments?.length) drop('message.attachments', 'files dropped: the CSV import carries text only', m.attachments.length);
      if (m.forwardedFrom) drop('message.forwardedFrom', 'forwarded-from dropped');
      const text = m.text || (m.location ? `https://maps.google.com/?q=${m.location.latitude},${m.location.longitude}` : '');
      if (!text) {
        drop('message.empty', 'messages with no text are not written: the CSV import carries text only');
        continue;
      }
      if (!['text', 'media', 'system'].includes(m.kind)) drop(`message.kind.${m.kind}`, `${m.kind} messages are written as their text (a map link for a location)`);
      if (isNotice(m)) drop('message.system', `notices are written under the username "${NOTICE_USER}": the CSV import has no system messages`);
      const ms = Date.parse(m.timestamp);
      if (ms % 1000) drop('message.timestamp.milliseconds', 'fractions of a second dropped: the CSV takes whole seconds');
      // Slack identifies a message by channel and time: two in one second would be one.
      let at = Math.floor(ms / 1000);
      if (at <= last) {
        at = last + 1;
        drop('message.timestamp.shifted', 'messages of one channel in the same second are moved a second apart, in the source order, so Slack keeps each');
      }
      last = at;
      rows.push({ at, order: rows.length, cells: [String(at), channel, isNotice(m) ? NOTICE_USER : userOf(m.sender), text] });
    }
  }
  // Slack wants the whole file oldest first; equal seconds keep the archive's order.
  rows.sort((a, b) => a.at - b.at || a.order - b.order);
  const csv = rows.map((r) => r.cells.map(quote).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
  return {
    target: 'slack-csv',
    files: [{ name: 'slack-import.csv', bytes: new TextEncoder().encode(csv) }],
    single: true,
    plaintext: true,
    kept: { channels, messages: rows.length, users: new Set(usernames.values()).size },
    fidelity: counts.notes(options.account ?? 'slack', options.at),
    // Archive handle -> the username written, for mapping people to Slack members during the import.
    notes: [...notes, ...[...usernames].map(([handle, name]) => ({ kind: 'username' as const, handle, name }))],
  };
}

export const slackCsvWriter: FileWriter = {
  id: 'slack-csv',
  describe: "Slack's CSV import (timestamp, channel, username, text; oldest first; valid channel and user names)",
  needs: {},
  write: (content, params) => toSlackCsv(content, params.at ? { at: params.at } : {}),
};
