/**
 * `ferry generate`: made-up export files in the layouts Ferry's readers take, by size, language
 * and seed, for QA suites, benchmarks and generative tests. WhatsApp, KakaoTalk and LINE come from
 * their connectors' own generators (the ones the readers' generative tests check against); the
 * rest are written here. Every file comes with the number of messages a correct reader gives back,
 * so a test can check the reader rather than trust it. Browser-safe: no Node APIs.
 */
import { zipSync, strToU8 } from 'fflate';
import { chance, pick, seeded, type Random } from '../connectors/kit/generate.js';
import { LANGUAGES as WHATSAPP_LANGUAGES, renderExportPieces, STYLES as WHATSAPP_STYLES, type MessageSpec } from '../connectors/whatsapp/generate.js';
import { generateKakaoTalkExport } from '../connectors/kakaotalk/generate.js';
import { generateLineHistory, GENERATED_LOCALES as LINE_LOCALES } from '../connectors/line/generate.js';
import { generateAccount } from './xmpp-account.js';

export const EXPORT_FORMATS = ['whatsapp', 'kakaotalk', 'line', 'telegram', 'discord', 'slack', 'messenger', 'vcard', 'xmpp-seed'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface GenerateOptions {
  /** Language of names and texts (and of the app's layout where it has one): ko, en, ja, zh, de. Default en. */
  locale?: string;
  /** Messages in the file (for vcard: cards; for xmpp-seed: one-to-one messages). */
  messages: number;
  seed?: number;
}

export interface GeneratedFile {
  format: ExportFormat;
  /** A file name the reader recognises (or the app would write). */
  fileName: string;
  bytes: Uint8Array;
  /** Messages a correct reader gives back (cards, for vcard). */
  messages: number;
  /** Extra `ferry convert` options the file needs (e.g. --me for layouts that print the user by name). */
  convertArgs: string[];
}

/** A GeneratedFile given in pieces, for files too large to hold whole (see generateExportPieces). */
export interface GeneratedPieces extends Omit<GeneratedFile, 'bytes'> {
  /** The file's bytes, piece after piece; their concatenation is generateExport's `bytes`. Iterate once. */
  pieces: Iterable<Uint8Array>;
}

const MAX_MESSAGES = 5_000_000;

const PEOPLE: Record<string, readonly string[]> = {
  ko: ['김민준', '이서연', '박지호', '최하은', '정도윤'],
  en: ['Alice Smith', 'Ben Lee', "Chloe O'Neil", 'Daniel Brown', 'Emma Walker'],
  ja: ['佐藤太郎', '鈴木花子', '高橋翔'],
  zh: ['王伟', '李芳', '张娜'],
  de: ['Jürgen Müller', 'Anna Schröder', 'Lukas Weiß'],
};
const PHRASES: Record<string, readonly string[]> = {
  ko: ['내일 부산 가는 기차 몇 시야?', '점심 먹었어? 🍜', 'ㅋㅋㅋ 알았어', '회의 자료 확인했어\n수정할 부분 표시해 둘게', '부산에서 보자 👋', '조심히 와~'],
  en: ['See you at the station at 9', 'Running late, sorry!', 'Lunch tomorrow? 🥪', 'The meeting moved to Friday\nagenda below', 'ok 👍🏽', 'Happy birthday 🎉'],
  ja: ['おはよう！', '駅で会いましょう', '了解です 🙏', '明日は雨だって\n傘を忘れずに'],
  zh: ['早上好', '我们在车站见', '好的 👌', '明天下雨\n记得带伞'],
  de: ['Guten Morgen!', 'Wir treffen uns am Bahnhof', 'Alles klar 👍', 'Morgen regnet es\nSchirm nicht vergessen'],
};
const LOCALES = Object.keys(PEOPLE);

function check(format: string, options: GenerateOptions): { locale: string; count: number; random: Random; seed: number } {
  const locale = (options.locale ?? 'en').split(/[-_]/)[0]!.toLowerCase();
  if (!LOCALES.includes(locale)) throw new Error(`--locale ${options.locale}: not a language the generator writes; use one of ${LOCALES.join(', ')}`);
  const count = options.messages;
  if (!Number.isInteger(count) || count < 1 || count > MAX_MESSAGES) throw new Error(`--messages must be a whole number from 1 to ${MAX_MESSAGES.toLocaleString('en')}, got ${count}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new Error(`${JSON.stringify(format)} is not a format ferry generate writes; use one of ${EXPORT_FORMATS.join(', ')}`);
  const seed = options.seed ?? 1;
  return { locale, count, random: seeded(seed), seed };
}

/** A running number makes every text distinct, so a lost or doubled message shows in any comparison. */
const text = (random: Random, locale: string, n: number) => `${pick(random, PHRASES[locale]!)} #${n}`;
const json = (value: unknown) => strToU8(JSON.stringify(value, null, 1));
/** Seconds since 2024-01-01 for message n, with the bursts and gaps real chats have. */
function times(random: Random, count: number): number[] {
  const out: number[] = [];
  let t = Date.UTC(2024, 0, 1, 9, 0, 0) / 1000;
  for (let i = 0; i < count; i++) {
    t += chance(random, 70) ? random.int(1, 300) : random.int(3600, 86_400);
    out.push(t);
  }
  return out;
}
const isoLocal = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19);

const WHATSAPP_STYLE: Record<string, string> = { ko: 'android-ko', en: 'android-dmy', ja: 'android-ja', zh: 'android-zh', de: 'android-de' };

/**
 * A group chat of five as a phone exports it: texts (some of several lines, with emoji), media
 * left out, now and then with a caption, and deleted messages. Written message by message, so
 * a million messages (about 65 MB) come in a few seconds without the file held twice.
 */
function whatsapp(random: Random, locale: string, count: number): GeneratedPieces {
  const style = WHATSAPP_STYLES.find((s) => s.id === WHATSAPP_STYLE[locale])!;
  const language = WHATSAPP_LANGUAGES.includes(locale) ? locale : 'en';
  const people = PEOPLE[locale]!;
  function* messages(): Generator<MessageSpec> {
    let at = Date.UTC(2023, 2, 1, 9, 0);
    for (let n = 0; n < count; n++) {
      // Bursts within a few minutes and now and then a quiet hour or night: a million messages span about twelve years.
      const gap = random.int(1, 100);
      at += (gap <= 75 ? random.int(0, 2) : gap <= 99 ? random.int(3, 15) : random.int(60, 600)) * 60_000 + (style.seconds ? random.int(0, 59) * 1000 : 0);
      at -= at % (style.seconds ? 1000 : 60_000);
      const x = random.int(1, 100);
      // A caption is one line: the starter's search counts the file's lines that hold a word.
      const body: MessageSpec['body'] =
        x <= 6 ? { kind: 'media-omitted' } : x <= 8 ? { kind: 'media-omitted', caption: text(random, locale, n).split('\n')[0]! } : x <= 9 ? { kind: 'deleted', mine: false } : { kind: 'text', lines: text(random, locale, n).split('\n') };
      yield { at, sender: random.int(0, people.length - 1), body };
    }
  }
  const encoder = new TextEncoder();
  const pieces = renderExportPieces({ style, language, senders: [...people], group: 'QA', eol: '\n', bom: false }, messages());
  return {
    format: 'whatsapp',
    fileName: `WhatsApp Chat with ${people[0]}.txt`,
    pieces: (function* () {
      for (const piece of pieces) yield encoder.encode(piece);
    })(),
    // One message per spec: no notices, and a reader keeps media, captions and deleted messages as messages.
    messages: count,
    convertArgs: ['--date-order', style.date === 'mdy' ? 'mdy' : style.date === 'dmy' ? 'dmy' : 'ymd'],
  };
}

function kakaotalk(random: Random, locale: string, count: number): GeneratedFile {
  const out = generateKakaoTalkExport(random, locale === 'ko' ? 'android-txt/ko' : 'android-txt/en', count);
  return { format: 'kakaotalk', fileName: out.fileName, bytes: out.bytes, messages: out.messages.length, convertArgs: out.me ? ['--me', out.me] : [] };
}

function line(random: Random, locale: string, count: number): GeneratedFile {
  const lineLocale = (LINE_LOCALES as readonly string[]).includes(locale) ? (locale as (typeof LINE_LOCALES)[number]) : locale === 'zh' ? 'zh-TW' : 'en';
  const out = generateLineHistory(random, lineLocale, Math.max(count, 2));
  return { format: 'line', fileName: out.fileName, bytes: out.bytes, messages: out.messages.length, convertArgs: out.me ? ['--me', out.me] : [] };
}

/** Telegram Desktop's "Export chat history" as JSON (one chat: result.json), plain text. */
function telegram(random: Random, locale: string, count: number): GeneratedFile {
  const people = PEOPLE[locale]!;
  const ids = people.map((_, i) => 5_550_000 + i);
  const t = times(random, count);
  const messages = t.map((s, n) => {
    const who = random.int(0, 1);
    return { id: n + 1, type: 'message', date: isoLocal(s), date_unixtime: String(s), from: people[who], from_id: `user${ids[who]}`, text: text(random, locale, n) };
  });
  return { format: 'telegram', fileName: 'result.json', bytes: json({ name: people[1], type: 'personal_chat', id: ids[1], messages }), messages: count, convertArgs: [] };
}

/** DiscordChatExporter's JSON of a direct-message channel. */
function discord(random: Random, locale: string, count: number): GeneratedFile {
  const people = PEOPLE[locale]!.slice(0, 2);
  const authors = people.map((name, i) => ({ id: String(100_000_000_000_000_001n + BigInt(i)), name: `user${i}`, discriminator: '0000', nickname: name, color: null, isBot: false, avatarUrl: '' }));
  const t = times(random, count);
  const messages = t.map((s, n) => ({
    id: String(1_200_000_000_000_000_001n + BigInt(n)),
    type: 'Default',
    timestamp: new Date(s * 1000).toISOString(),
    timestampEdited: null,
    callEndedTimestamp: null,
    isPinned: false,
    content: text(random, locale, n),
    author: authors[random.int(0, 1)],
    attachments: [],
    embeds: [],
    stickers: [],
    reactions: [],
    mentions: [],
  }));
  const file = {
    guild: { id: '0', name: 'Direct Messages', iconUrl: '' },
    channel: { id: '900000000000000001', type: 'DirectTextChat', categoryId: '0', category: 'Private', name: people[1], topic: null },
    dateRange: { after: null, before: null },
    exportedAt: new Date((t.at(-1)! + 60) * 1000).toISOString(),
    messages,
    messageCount: count,
  };
  return { format: 'discord', fileName: `Direct Messages - ${people[1]} [900000000000000001].json`, bytes: json(file), messages: count, convertArgs: [] };
}

/** A Slack workspace export (the zip Slack's admin export gives): users, one channel, a file per day. */
function slack(random: Random, locale: string, count: number): GeneratedFile {
  const people = PEOPLE[locale]!;
  const users = people.map((name, i) => ({ id: `U0QA${String(i).padStart(5, '0')}`, team_id: 'T0QA00001', name: `user${i}`, deleted: false, real_name: name, profile: { real_name: name, display_name: name }, is_bot: false }));
  const channel = { id: 'C0QA00001', name: 'general', created: Date.UTC(2024, 0, 1) / 1000, creator: users[0]!.id, is_archived: false, is_general: true, members: users.map((u) => u.id), topic: { value: '', creator: '', last_set: 0 }, purpose: { value: '', creator: '', last_set: 0 } };
  const days = new Map<string, unknown[]>();
  times(random, count).forEach((s, n) => {
    const day = new Date(s * 1000).toISOString().slice(0, 10);
    // Slack escapes &, < and > in message text.
    const body = text(random, locale, n).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    (days.get(day) ?? days.set(day, []).get(day)!).push({ type: 'message', user: pick(random, users).id, text: body, ts: `${s}.${String(n % 1_000_000).padStart(6, '0')}` });
  });
  const entries: Record<string, Uint8Array> = { 'users.json': json(users), 'channels.json': json([channel]) };
  for (const [day, list] of days) entries[`general/${day}.json`] = json(list);
  return { format: 'slack', fileName: 'QA Slack export.zip', bytes: zipSync(entries), messages: count, convertArgs: [] };
}

/**
 * Facebook's "Download your information" in JSON, with Messenger's encoding flaw kept: every
 * string is UTF-8 bytes written as Latin-1 code points, as the real files are.
 */
function messenger(random: Random, locale: string, count: number): GeneratedFile {
  const people = PEOPLE[locale]!.slice(0, 3);
  const mojibake = (s: string) => String.fromCharCode(...new TextEncoder().encode(s));
  const t = times(random, count);
  const messages = t.map((s, n) => ({ sender_name: mojibake(pick(random, people)), timestamp_ms: s * 1000, content: mojibake(text(random, locale, n)), is_geoblocked_for_viewer: false })).reverse();
  const thread = { participants: people.map((p) => ({ name: mojibake(p) })), messages, title: mojibake(locale === 'ko' ? '우리 모임' : 'Our group'), is_still_participant: true, thread_path: 'inbox/qagroup_123', magic_words: [] };
  const profile = { profile_v2: { name: { full_name: mojibake(people[0]!) } } };
  const entries = {
    'your_facebook_activity/messages/inbox/qagroup_123/message_1.json': json(thread),
    'personal_information/profile_information/profile_information.json': json(profile),
  };
  return { format: 'messenger', fileName: 'facebook-qa.zip', bytes: zipSync(entries), messages: count, convertArgs: [] };
}

/** vCard 3.0 cards (a phone's "Export contacts"); `messages` is the number of cards. */
function vcard(random: Random, locale: string, count: number): GeneratedFile {
  const people = PEOPLE[locale]!;
  const cards: string[] = [];
  for (let n = 0; n < count; n++) {
    const name = `${pick(random, people)} ${n}`;
    cards.push(['BEGIN:VCARD', 'VERSION:3.0', `FN:${name}`, `N:${name};;;;`, `TEL;TYPE=CELL:+82 10 ${String(1000 + (n % 9000))} ${String(random.int(1000, 9999))}`, `EMAIL:qa${n}@example.org`, 'END:VCARD'].join('\r\n'));
  }
  return { format: 'vcard', fileName: 'contacts.vcf', bytes: strToU8(cards.join('\r\n') + '\r\n'), messages: count, convertArgs: [] };
}

/** The account the `account` fixture seeds into an XMPP server, as JSON (the kit's generateAccount). */
function xmppSeed(seed: number, locale: string, count: number): GeneratedFile {
  const language = locale as 'ko' | 'en' | 'ja' | 'zh' | 'de';
  const account = generateAccount({ messages: count, contacts: Math.max(3, Math.min(50, Math.ceil(count / 20))), languages: [language], seed });
  return { format: 'xmpp-seed', fileName: 'xmpp-seed.json', bytes: json(account), messages: count, convertArgs: [] };
}

function concat(pieces: Iterable<Uint8Array>): Uint8Array {
  const list = [...pieces];
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of list) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Writes one export file. Throws with the option at fault when an option is out of range. */
export function generateExport(format: ExportFormat | string, options: GenerateOptions): GeneratedFile {
  const { locale, count, random, seed } = check(format, options);
  switch (format as ExportFormat) {
    case 'whatsapp': {
      const { pieces, ...file } = whatsapp(random, locale, count);
      return { ...file, bytes: concat(pieces) };
    }
    case 'kakaotalk':
      return kakaotalk(random, locale, count);
    case 'line':
      return line(random, locale, count);
    case 'telegram':
      return telegram(random, locale, count);
    case 'discord':
      return discord(random, locale, count);
    case 'slack':
      return slack(random, locale, count);
    case 'messenger':
      return messenger(random, locale, count);
    case 'vcard':
      return vcard(random, locale, count);
    case 'xmpp-seed':
      return xmppSeed(seed, locale, count);
  }
}

/**
 * The same file as generateExport, in pieces to write one after another: WhatsApp is written
 * piece by piece (about 1 MB each) as it is generated; the other formats come as one piece.
 */
export function generateExportPieces(format: ExportFormat | string, options: GenerateOptions): GeneratedPieces {
  const { locale, count, random } = check(format, options);
  if (format === 'whatsapp') return whatsapp(random, locale, count);
  const { bytes, ...file } = generateExport(format, options);
  return { ...file, pieces: [bytes] };
}
