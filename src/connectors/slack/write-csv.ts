/**
 * Archive -> Slack's CSV import ("Move data to Slack using a CSV or text file",
 * https://slack.com/help/articles/360035354694): one message per row, columns timestamp (Unix
 * seconds), channel, username, text, every field quoted, multi-line texts as raw line breaks inside
 * the quotes, oldest message first across the whole file, no header row (Slack's example has none).
 * Quotes inside a field are doubled as RFC 4180 says.
 *
 * The format carries text only: no threads, reactions, files or direct messages. Pure and
 * browser-safe: content in, one file and a fidelity report out.
 */
import type { ArchiveContent } from '../../model/types.js';
import type { FileWriter, WriterResult } from '../contract.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';

/** Slack channel names: lower case, no spaces or periods, at most 80 characters. */
export function slackChannelName(title: string): string {
  return title.toLowerCase().normalize('NFC').replace(/[\s.]+/g, '-').replace(/[^\p{L}\p{M}\p{N}_-]+/gu, '').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

export function toSlackCsv(content: ArchiveContent, options: WriteStamp = {}): WriterResult {
  const counts = new DropTally();
  const drop = (item: string, reason: string, n = 1) => counts.add(item, reason, n);

  const nameOf = new Map<string, string>();
  for (const c of content.contacts) for (const h of [c.id, ...c.handles]) if (!nameOf.has(h) && c.displayName.trim()) nameOf.set(h, c.displayName.trim());
  const usernames = new Map<string, string>();
  const taken = new Set<string>();
  const userOf = (handle: string) => {
    let u = usernames.get(handle);
    if (!u) {
      const base = (nameOf.get(handle) ?? handle.replace(/^[a-z][a-z0-9+.-]*:/i, '').split('@')[0]!).toLowerCase().replace(/\s+/g, '.').replace(/[",]/g, '') || 'user';
      u = base;
      for (let i = 2; taken.has(u); i++) u = `${base}${i}`;
      taken.add(u);
      usernames.set(handle, u);
    }
    return u;
  };

  const channelNames = new Set<string>();
  const rows: { at: number; order: number; cells: string[] }[] = [];
  let channels = 0;
  for (const conversation of content.conversations) {
    const messages = content.messages.get(conversation.id) ?? [];
    if (!messages.length) continue;
    const others = conversation.participants.filter((p) => p.role !== 'owner').map((p) => userOf(p.handle));
    let base = slackChannelName(conversation.kind === 'direct' ? `dm-${conversation.title || others.join('-')}` : conversation.title) || 'chat';
    let channel = base;
    for (let i = 2; channelNames.has(channel); i++) channel = `${base.slice(0, 78 - String(i).length)}-${i}`;
    channelNames.add(channel);
    channels++;
    if (conversation.kind === 'direct') drop('conversation.direct', 'direct chats become channels named dm-…: the CSV import has no direct messages');
    for (const m of messages) {
      if (m.reactions?.length) drop('message.reactions', 'reactions dropped: the CSV import has no reactions', m.reactions.length);
      if (m.edits?.length) drop('message.edits', 'earlier versions dropped: only the latest text is written', m.edits.length);
      if (m.replyTo) drop('message.replyTo', 'answers are written as plain messages: the CSV import has no threads');
      if (m.attachments?.length) drop('message.attachments', 'files dropped: the CSV import carries text only', m.attachments.length);
      if (m.forwardedFrom) drop('message.forwardedFrom', 'forwarded-from dropped');
      const text = m.text || (m.location ? `https://maps.google.com/?q=${m.location.latitude},${m.location.longitude}` : '');
      if (!text) {
        drop('message.empty', 'messages with no text are not written: the CSV import carries text only');
        continue;
      }
      if (!['text', 'media', 'system'].includes(m.kind)) drop(`message.kind.${m.kind}`, `${m.kind} messages are written as their text (a map link for a location)`);
      const ms = Date.parse(m.timestamp);
      if (ms % 1000) drop('message.timestamp.milliseconds', 'fractions of a second dropped: the CSV takes whole seconds');
      rows.push({ at: Math.floor(ms / 1000), order: rows.length, cells: [String(Math.floor(ms / 1000)), channel, userOf(m.sender), text] });
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
    kept: { channels, messages: rows.length, users: usernames.size },
    fidelity: counts.notes(options.account ?? 'slack', options.at),
    // Archive handle -> the username written, for mapping people to Slack members during the import.
    notes: [...usernames].map(([handle, name]) => ({ kind: 'username', handle, name })),
  };
}

export const slackCsvWriter: FileWriter = {
  id: 'slack-csv',
  describe: "Slack's CSV import (timestamp, channel, username, text; oldest first)",
  needs: {},
  write: (content, params) => toSlackCsv(content, params.at ? { at: params.at } : {}),
};
