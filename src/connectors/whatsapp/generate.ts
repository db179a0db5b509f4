/**
 * WhatsApp "Export chat" files generated from a description, with the messages a correct reader
 * must give back: every date and time style WhatsApp writes (the layouts in README.md), 12-hour
 * marks, separators, marks and byte order marks, Android and iOS, and bodies of every kind.
 * For the generative test (test/connectors/whatsapp-generated.test.ts), and for anything that
 * needs a realistic export of a given size and shape (a benchmark, a later `ferry generate`).
 *
 * The layouts are written here from their own description, not from the reader's grammar, so
 * the test compares two independent accounts of the format. Placeholder wording comes from the
 * reader's phrase tables (phrases.ts), so the test also checks that every row of them reads as
 * what it stands for, in every layout. Browser-safe, no dependencies.
 */
import type { MessageKind } from '../../model/types.js';
import { PHRASES } from './phrases.js';

export type Clock = '24' | 'AM' | 'am' | 'a.m.' | 'a. m.' | 'ja' | 'zh' | 'ko' | 'ar';

/** One way of writing a message line's header. */
export interface Style {
  id: string;
  platform: 'android' | 'ios';
  /** What stands between the stamp and the author: "[stamp] ", "stamp - ", "stamp: ". */
  author: 'bracket' | 'dash' | 'colon';
  date: 'dmy' | 'mdy' | 'ymd' | 'day-month-name' | 'month-name-day' | 'cjk';
  /** Numeric dates: "/", ".", "-" or ". " (Korean, with a final "."). */
  sep: '/' | '.' | '-' | '. ';
  year: '2' | '4' | 'BE' | 'R';
  /** Day and month with a leading zero. */
  pad: boolean;
  timeFirst: boolean;
  between: ', ' | ' ' | '، ' | ' klo ' | ',\u00a0';
  timeSep: ':' | '.';
  seconds: boolean;
  clock: Clock;
  /** The space before a Latin 12-hour mark: U+0020, U+202F (Android 2023+) or U+00A0. */
  markSpace: ' ' | '\u202f' | '\u00a0';
  /** Two-digit 24-hour hours. */
  hourPad: boolean;
  /** U+200F after the day and the month (Arabic). */
  rlm: boolean;
}

const s = (id: string, platform: Style['platform'], author: Style['author'], rest: Partial<Style>): Style => ({
  id, platform, author, date: 'dmy', sep: '/', year: '4', pad: true, timeFirst: false, between: ', ', timeSep: ':', seconds: author !== 'dash', clock: '24', markSpace: ' ', hourPad: true, rlm: false, ...rest,
});

/** Every style of README.md's layout table, and the combinations the grammar allows besides. */
export const STYLES: readonly Style[] = [
  s('android-dmy', 'android', 'dash', {}),
  s('android-us-nnbsp', 'android', 'dash', { date: 'mdy', year: '2', pad: false, clock: 'AM', markSpace: '\u202f' }),
  s('android-gb-am', 'android', 'dash', { clock: 'am', markSpace: '\u202f' }),
  s('android-de', 'android', 'dash', { sep: '.', year: '2' }),
  s('android-nl', 'android', 'dash', { sep: '-', between: ' ' }),
  s('android-ko', 'android', 'dash', { date: 'ymd', sep: '. ', pad: false, clock: 'ko' }),
  s('android-zh', 'android', 'dash', { date: 'ymd', pad: false, between: ' ', clock: 'zh' }),
  s('android-ja', 'android', 'dash', { date: 'ymd', between: ' ' }),
  s('android-ar', 'android', 'dash', { pad: false, between: '، ', clock: 'ar', rlm: true }),
  s('android-fi-klo', 'android', 'dash', { sep: '.', pad: false, between: ' klo ', timeSep: '.', seconds: true, hourPad: false }),
  s('android-2013-month-names', 'android', 'dash', { date: 'day-month-name', pad: false, timeFirst: true }),
  s('android-vi-time-first', 'android', 'dash', { timeFirst: true, between: ' ' }),
  s('android-ca-dotted', 'android', 'dash', { date: 'ymd', sep: '-', clock: 'a.m.' }),
  s('android-es-nbsp', 'android', 'dash', { pad: false, between: ' ', clock: 'a. m.', markSpace: '\u00a0' }),
  s('android-id-dots', 'android', 'dash', { year: '2', between: ' ', timeSep: '.' }),
  s('android-dashes-seconds', 'android', 'dash', { date: 'mdy', sep: '-', between: ' ', seconds: true, clock: 'a.m.' }),
  s('android-cjk-date', 'android', 'dash', { date: 'cjk', between: ' ' }),
  s('android-month-name-first', 'android', 'dash', { date: 'month-name-day', clock: 'AM' }),
  s('android-nbsp-between', 'android', 'dash', { year: '2', pad: false, between: ',\u00a0', hourPad: false }),
  s('ios-dmy', 'ios', 'bracket', {}),
  s('ios-us', 'ios', 'bracket', { date: 'mdy', year: '2', pad: false, clock: 'AM', markSpace: '\u202f' }),
  s('ios-de', 'ios', 'bracket', { sep: '.', year: '2' }),
  s('ios-ko', 'ios', 'bracket', { date: 'ymd', sep: '. ', pad: false, clock: 'ko' }),
  s('ios-ja', 'ios', 'bracket', { date: 'ymd', between: ' ', clock: 'ja' }),
  s('ios-zh', 'ios', 'bracket', { date: 'ymd', pad: false, between: ' ', clock: 'zh' }),
  s('ios-ar', 'ios', 'bracket', { pad: false, between: '، ', clock: 'ar', rlm: true }),
  s('ios-vi-time-first', 'ios', 'bracket', { date: 'mdy', year: '2', pad: false, timeFirst: true }),
  s('ios-buddhist', 'ios', 'bracket', { date: 'mdy', year: 'BE', pad: false }),
  s('ios-japanese-era', 'ios', 'bracket', { date: 'mdy', year: 'R', pad: false }),
  s('ios-id-dots', 'ios', 'bracket', { date: 'mdy', year: '2', pad: false, between: ' ', timeSep: '.' }),
  s('ios-no-seconds', 'ios', 'bracket', { date: 'ymd', sep: '-', between: ' ', seconds: false }),
  s('ios-dotted-pm', 'ios', 'bracket', { year: '2', between: ' ', clock: 'a.m.' }),
  s('ios-2012-colon', 'ios', 'colon', { between: ' ' }),
  s('ios-2016-colon', 'ios', 'colon', { date: 'mdy', year: '2', pad: false }),
  s('ios-2014-colon-12h', 'ios', 'colon', { date: 'mdy', year: '2', pad: false, clock: 'AM' }),
  s('colon-dots', 'ios', 'colon', { sep: '.', year: '2', between: ' ', timeSep: '.' }),
];

/** Languages with a phrase table; each file is in one. */
export const LANGUAGES: readonly string[] = Object.keys(PHRASES);

/** Month abbreviations the generator writes (its own list, not the reader's). */
const MONTHS: Record<string, readonly string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  es: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'],
  de: ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'],
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  ru: ['янв.', 'февр.', 'мар.', 'апр.', 'мая', 'июн.', 'июл.', 'авг.', 'сент.', 'окт.', 'нояб.', 'дек.'],
};

/** What a message's body is, before it is written. */
export type BodySpec =
  | { kind: 'text'; lines: string[]; edited?: boolean; leadingMark?: boolean }
  | { kind: 'media-omitted'; caption?: string }
  | { kind: 'omitted'; what: 'image' | 'video' | 'audio' | 'sticker' | 'gif' | 'document' | 'contact'; title?: string }
  | { kind: 'attached'; file: string; caption?: string }
  | { kind: 'deleted'; mine: boolean }
  | { kind: 'missed-call'; video: boolean }
  | { kind: 'location'; latitude: number; longitude: number }
  | { kind: 'poll'; question: string; options: { text: string; votes: number }[] }
  | { kind: 'notice'; words: string };

export interface MessageSpec {
  /** The wall-clock time as printed, as if it were UTC (milliseconds; whole minutes without seconds). */
  at: number;
  /** Index into ExportSpec.senders; ignored for notices. */
  sender: number;
  body: BodySpec;
}

export interface ExportSpec extends ExportHead {
  messages: MessageSpec[];
}

/** Everything about an export but its messages. */
export interface ExportHead {
  style: Style;
  language: string;
  /** Display names and phone numbers ("+44 7700 900123"). */
  senders: string[];
  /** The group's name, under which iOS writes WhatsApp's notices. */
  group: string;
  eol: '\n' | '\r\n';
  bom: boolean;
}

/** A message as a correct reader gives it back. */
export interface GeneratedMessage {
  /** The sender as printed; null for WhatsApp's own notices. */
  sender: string | null;
  /** Wall-clock time, YYYY-MM-DDTHH:MM:SS, 24-hour, Gregorian. */
  time: string;
  kind: MessageKind;
  text: string;
}

export interface GeneratedExport {
  text: string;
  messages: GeneratedMessage[];
  /** The order of numeric dates, to give the reader when every day is 12 or less. */
  dateOrder?: 'dmy' | 'mdy';
}

const LRM = '\u200e';
const RLM = '\u200f';
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function dateText(style: Style, language: string, y: number, mo: number, d: number): string {
  const D = style.pad ? two(d) : String(d);
  const M = style.pad ? two(mo) : String(mo);
  const r = style.rlm ? RLM : '';
  let Y: string;
  if (style.year === '2') Y = two(y % 100);
  else if (style.year === 'BE') Y = `${y + 543} BE`;
  else if (style.year === 'R') Y = `R${y - 2018}`;
  else Y = String(y);
  const sep = style.sep;
  switch (style.date) {
    case 'dmy':
      return `${D}${r}${sep}${M}${r}${sep}${Y}`;
    case 'mdy':
      return `${M}${r}${sep}${D}${r}${sep}${Y}`;
    case 'ymd':
      return sep === '. ' ? `${y}. ${M}. ${D}.` : `${y}${sep}${M}${sep}${D}`;
    case 'cjk':
      return `${y}年${mo}月${d}日`;
    case 'day-month-name':
      return `${d} ${(MONTHS[language] ?? MONTHS.en!)[mo - 1]} ${y}`;
    case 'month-name-day':
      return `${(MONTHS[language] ?? MONTHS.en!)[mo - 1]} ${d}, ${y}`;
  }
}

function timeText(style: Style, h: number, mi: number, sec: number): string {
  const t = style.timeSep;
  const rest = `${t}${two(mi)}${style.seconds ? `${t}${two(sec)}` : ''}`;
  const pm = h >= 12;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const m = style.markSpace;
  switch (style.clock) {
    case '24':
      return `${style.hourPad ? two(h) : h}${rest}`;
    case 'AM':
      return `${h12}${rest}${m}${pm ? 'PM' : 'AM'}`;
    case 'am':
      return `${h12}${rest}${m}${pm ? 'pm' : 'am'}`;
    case 'a.m.':
      return `${h12}${rest}${m}${pm ? 'p.m.' : 'a.m.'}`;
    case 'a. m.':
      return `${h12}${rest}${m}${pm ? 'p.\u00a0m.' : 'a.\u00a0m.'}`;
    case 'ja':
      return `${pm ? '午後' : '午前'}${h % 12}${rest}`;
    case 'zh':
      return `${pm ? '下午' : '上午'}${h12}${rest}`;
    case 'ko':
      return `${pm ? '오후' : '오전'} ${h12}${rest}`;
    case 'ar':
      return `${h12}${rest} ${pm ? 'م' : 'ص'}`;
  }
}

function stamp(style: Style, language: string, at: number, impossible = false): string {
  const d = new Date(at);
  const date = dateText(style, language, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  let time = timeText(style, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  if (impossible) {
    // An hour the clock cannot show: 25 on a 24-hour clock, 13 before a 12-hour mark ("13:05 PM").
    const hour = style.clock === '24' ? '25' : '13';
    time = time.replace(/\d{1,2}(?=[:.]\d\d)/, hour);
  }
  return style.timeFirst ? `${time}${style.between}${date}` : `${date}${style.between}${time}`;
}

/**
 * A line written like a header of `style` at `at` but with an hour that cannot exist: a reader
 * must keep it as text of the message above and report its line.
 */
export function impossibleHeaderLine(style: Style, language: string, at: number, sender: string, words: string): string {
  const head = stamp(style, language, at, true);
  return style.author === 'bracket' ? `[${head}] ${sender}: ${words}` : style.author === 'colon' ? `${head}: ${sender}: ${words}` : `${head} - ${sender}: ${words}`;
}

function iso(style: Style, at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${style.seconds ? two(d.getUTCSeconds()) : '00'}`;
}

/** The first phrase of a table row, or English's when the language has none. */
function phrase(language: string, key: keyof (typeof PHRASES)[string]): string {
  const row = (PHRASES[language]?.[key] ?? PHRASES.en![key]) as string[] | undefined;
  return row?.[0] ?? ((PHRASES.en![key] as string[])[0]!);
}

/** The body as written and as read back: [lines of the body, kind, text, whether iOS marks the line]. */
function body(spec: ExportHead, b: BodySpec): { lines: string[]; kind: MessageKind; text: string; marked: boolean } {
  const ios = spec.style.platform === 'ios';
  const L = ios ? LRM : '';
  const lang = spec.language;
  switch (b.kind) {
    case 'text': {
      const edited = b.edited && PHRASES[lang]?.edited ? ` ${L}<${PHRASES[lang]!.edited![0]}>` : '';
      const lines = [...b.lines];
      lines[lines.length - 1] += edited;
      // Android keeps a mark a phone put before a person's text (issue 16 class 1); on iOS a mark
      // before a body is WhatsApp's own, so the generator puts none before a person's text there.
      if (b.leadingMark && !ios) lines[0] = LRM + lines[0];
      return { lines, kind: 'text', text: b.lines.join('\n'), marked: false };
    }
    case 'media-omitted':
      if (ios) {
        return { lines: [`${LRM}${phrase(lang, 'image')}`, ...(b.caption ? [b.caption] : [])], kind: 'media', text: b.caption ?? '', marked: true };
      }
      return { lines: [phrase(lang, 'mediaOmitted'), ...(b.caption ? [b.caption] : [])], kind: 'media', text: b.caption ?? '', marked: false };
    case 'omitted': {
      const words = phrase(lang, b.what);
      const title = b.what === 'document' && b.title ? `${b.title} ` : '';
      return { lines: [`${title}${LRM}${words}`], kind: b.what === 'sticker' ? 'sticker' : 'media', text: b.what === 'document' && b.title ? b.title : '', marked: true };
    }
    case 'attached': {
      const first = ios ? `${LRM}<${phrase(lang, 'attached')}: ${b.file}>` : `${b.file} (${phrase(lang, 'fileAttached')})`;
      const sticker = /STICKER|^STK-/.test(b.file);
      return { lines: [first, ...(b.caption ? [b.caption] : [])], kind: sticker ? 'sticker' : 'media', text: b.caption ?? '', marked: ios };
    }
    case 'deleted': {
      const row = PHRASES[lang]?.deleted ?? PHRASES.en!.deleted!;
      const words = row[b.mine && row.length > 1 ? 1 : 0]!;
      return { lines: [`${L}${words}${ios ? '.' : ''}`], kind: 'deleted', text: words.replace(/[.。]+$/, ''), marked: false };
    }
    case 'missed-call': {
      const words = phrase(lang, b.video ? 'missedVideo' : 'missedVoice');
      return { lines: [`${L}${words}`], kind: 'call', text: words, marked: false };
    }
    case 'location': {
      const label = phrase(lang, 'location');
      const line = `${label}: https://maps.google.com/?q=${b.latitude},${b.longitude}`;
      return { lines: [`${L}${line}`], kind: 'location', text: line, marked: false };
    }
    case 'poll': {
      const p = PHRASES[lang]?.poll ? PHRASES[lang]! : PHRASES.en!;
      const lines = [`${L}${p.poll![0]}:`, b.question, ...b.options.map((o) => `${L}${p.option![0]}: ${o.text} (${o.votes} ${o.votes === 1 ? 'vote' : 'votes'})`)];
      return { lines, kind: 'poll', text: b.question, marked: false };
    }
    case 'notice':
      return { lines: [`${L}${b.words}`], kind: 'system', text: b.words, marked: false };
  }
}

/** One message's lines as written, and the message as a reader gives it back. */
function renderMessage(spec: ExportHead, m: MessageSpec): { lines: string[]; message: GeneratedMessage } {
  const { style } = spec;
  const b = body(spec, m.body);
  const notice = m.body.kind === 'notice';
  const head = stamp(style, spec.language, m.at);
  // Android writes notices without a name; iOS under the group's name.
  const name = notice ? (style.platform === 'ios' ? spec.group : undefined) : spec.senders[m.sender]!;
  const printedName = name !== undefined && /^\+\d/.test(name) && style.author === 'colon' ? `\u202a${name}\u202c` : name;
  const who = printedName === undefined ? '' : `${printedName}: `;
  const lead = style.platform === 'ios' && b.marked ? LRM : '';
  const first = style.author === 'bracket' ? `${lead}[${head}] ${who}${b.lines[0]}` : style.author === 'colon' ? `${head}: ${who}${b.lines[0]}` : `${head} - ${who}${b.lines[0]}`;
  b.lines[0] = first;
  return { lines: b.lines, message: { sender: notice ? null : name!, time: iso(style, m.at), kind: b.kind, text: b.text } };
}

const dateOrderOf = (style: Style): { dateOrder?: 'dmy' | 'mdy' } => (style.date === 'dmy' || style.date === 'mdy' ? { dateOrder: style.date } : {});

/** Writes the export and the messages a reader must give back. */
export function renderExport(spec: ExportSpec): GeneratedExport {
  const out: string[] = [];
  const messages: GeneratedMessage[] = [];
  for (const m of spec.messages) {
    const { lines, message } = renderMessage(spec, m);
    out.push(...lines);
    messages.push(message);
  }
  const text = (spec.bom ? '\ufeff' : '') + out.join(spec.eol) + spec.eol;
  return { text, messages, ...dateOrderOf(spec.style) };
}

/**
 * The text renderExport writes for the same messages, in pieces of about `pieceChars`
 * characters, holding neither the whole text nor the messages: for exports too large to keep
 * twice in memory (the benchmarks' million messages). `messages` may be a generator.
 */
export function* renderExportPieces(spec: ExportHead, messages: Iterable<MessageSpec>, pieceChars = 1 << 20): Generator<string> {
  let piece = spec.bom ? '\ufeff' : '';
  for (const m of messages) {
    piece += renderMessage(spec, m).lines.join(spec.eol) + spec.eol;
    if (piece.length >= pieceChars) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

// ---------------------------------------------------------------------------------------------
// A random export from a seed, for callers without a property-testing library.

const WORDS = ['ok', 'see you', 'at 12:30', 'lunch?', 'haha', 'on my way', 'sounds good', 'tomorrow', 'meeting: moved', '3/4 of it', '2023 was long', 'a.m. or p.m.?', 'x - y', '안녕하세요', 'ㅋㅋㅋ', 'こんにちは', '你好', 'مرحبا', 'Привет', 'ça va ?', '😂', '👍🏽', '❤️', 'mark\u200einside', '@\u2068Ann\u2069'];
const NAMES = ['Ann', 'Ben Carter', 'Chloé', '김민지', 'Дмитрий С', 'أحمد', '+44 7700 900123', 'O\'Neil'];

/** A small seeded generator (LCG): the same seed gives the same export. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** A random export spec of `count` messages in a random style and language. */
export function randomSpec(random: () => number, count: number): ExportSpec {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const style = pick(STYLES);
  const language = style.date === 'day-month-name' || style.date === 'month-name-day' ? pick(Object.keys(MONTHS)) : pick(LANGUAGES);
  const first = style.year === 'R' ? Date.UTC(2019, 5, 1) : Date.UTC(2012, 0, 1);
  let at = first + Math.floor(random() * 3650) * 86_400_000;
  at -= at % (style.seconds ? 1000 : 60_000);
  const messages: MessageSpec[] = [];
  for (let i = 0; i < count; i++) {
    at += Math.floor(random() * 40_000_000);
    at -= at % (style.seconds ? 1000 : 60_000);
    const x = random();
    const words = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(WORDS)).join(' ');
    let b: BodySpec;
    if (x < 0.55) b = { kind: 'text', lines: Array.from({ length: random() < 0.2 ? 2 + Math.floor(random() * 2) : 1 }, words), edited: random() < 0.05, leadingMark: random() < 0.05 };
    else if (x < 0.62) b = { kind: 'media-omitted', ...(random() < 0.3 ? { caption: words() } : {}) };
    else if (x < 0.7) b = { kind: 'omitted', what: pick(['image', 'video', 'audio', 'sticker', 'gif', 'document', 'contact'] as const), title: 'Menu.pdf' };
    else if (x < 0.75) b = { kind: 'attached', file: style.platform === 'ios' ? `0000${String(i).padStart(4, '0')}-PHOTO-2022-03-27-21-41-55.jpg` : `IMG-20220318-WA${String(i % 10000).padStart(4, '0')}.jpg` };
    else if (x < 0.8) b = { kind: 'deleted', mine: random() < 0.5 };
    else if (x < 0.84) b = { kind: 'missed-call', video: random() < 0.5 };
    else if (x < 0.88) b = { kind: 'location', latitude: Math.round((random() * 180 - 90) * 1e6) / 1e6, longitude: Math.round((random() * 360 - 180) * 1e6) / 1e6 };
    else if (x < 0.92) b = { kind: 'poll', question: words(), options: [{ text: words(), votes: 1 }, { text: words(), votes: 0 }] };
    else b = { kind: 'notice', words: style.platform === 'ios' ? `${phrase(language, 'encrypted')}.` : 'Ann created group "Trip"' };
    messages.push({ at, sender: Math.floor(random() * NAMES.length), body: b });
  }
  return { style, language, senders: [...NAMES], group: 'Trip 2024', messages, eol: random() < 0.5 ? '\r\n' : '\n', bom: random() < 0.3 };
}

/** A random export, written, from a seed. */
export function randomExport(seed: number, count: number): GeneratedExport & { spec: ExportSpec } {
  const spec = randomSpec(seededRandom(seed), count);
  return { ...renderExport(spec), spec };
}
