/**
 * Writes the WhatsApp corpus files byte-exact, each with its X.expect.json.
 *
 * Every line of a file is written here literally (invisible characters as the escapes below),
 * and every message line carries, beside it, what it means as read by a person: sender, time as
 * printed (24-hour, Gregorian), kind, text. The script only counts those annotations into the
 * expectation; it never parses the lines it writes and never imports Ferry, so a bug in a reader
 * cannot leak into the expectations.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const LRM = '\u200e';
export const RLM = '\u200f';
export const ALM = '\u061c';
export const NNBSP = '\u202f';
export const NBSP = '\u00a0';
export const BOM = '\ufeff';
export const LRE = '\u202a';
export const PDF = '\u202c';
export const FSI = '\u2068';
export const PDI = '\u2069';

/** A message line and its meaning. `s` sender label, `t` time, `k` kind, `x` exact text (undefined: not checked). */
export function m(line, s, t, k, x, extra = {}) {
  return { type: 'message', line, s, t, k, x, ...extra };
}
/** A continuation line: part of the message above, appended to its text with "\n". */
export function c(line) {
  return { type: 'continuation', line };
}
/** A line that looks like a header but cannot be one: stays in the message above, verbatim, and must be reported. */
export function bad(line) {
  return { type: 'continuation', line, suspicious: true };
}
/** A line outside any message (empty lines between exports). */
export function blank(line = '') {
  return { type: 'blank', line };
}

const ROOT = join(import.meta.dirname, '..');
export const written = [];

/**
 * Writes `name` (under test/corpus/whatsapp/, or inside a `*.zip.d/` folder) and its expectation.
 * meta: about, source, language, platform, year, options, inputName, eol ("\n" | "\r\n"),
 * finalNewline (default true), bom, truncateBytes (cut the last N bytes: a file cut short),
 * warnings, extraFiles ({path: bytes} beside the chat, for zip folders), expectName.
 */
export function file(name, meta, lines) {
  const eol = meta.eol ?? '\n';
  const messages = [];
  const suspicious = [];
  const textLines = [];
  lines.forEach((l, i) => {
    if (l.line.includes('\n') || l.line.includes('\r')) throw new Error(`${name}: line ${i + 1} holds a line break`);
    textLines.push(l.line);
    const lineNo = i + 1;
    if (l.type === 'message') {
      selfCheck(name, lineNo, l);
      messages.push({ ...l, lineNo });
    } else if (l.type === 'continuation') {
      const last = messages.at(-1);
      if (!last) throw new Error(`${name}: continuation before any message at line ${lineNo}`);
      if (l.suspicious) suspicious.push(lineNo);
      if (last.x !== undefined && !last.fixedText) last.x = last.x === '' && last.cap ? l.line : `${last.x}\n${l.line}`;
    }
  });
  let body = (meta.bom ? BOM : '') + textLines.join(eol) + (meta.finalNewline === false ? '' : eol);
  let bytes = Buffer.from(body, 'utf8');
  if (meta.truncateBytes) bytes = bytes.subarray(0, bytes.length - meta.truncateBytes);
  const path = join(ROOT, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  for (const [extra, data] of Object.entries(meta.extraFiles ?? {})) writeFileSync(join(dirname(path), extra), data);

  const order = meta.timeOrder ? [...messages].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.lineNo - b.lineNo)) : messages;
  const senders = {};
  const kinds = {};
  for (const msg of order) {
    senders[msg.s] = (senders[msg.s] ?? 0) + 1;
    kinds[msg.k] = (kinds[msg.k] ?? 0) + 1;
  }
  const picked = order.map((msg, index) => ({ msg, index })).filter(({ msg, index }) => msg.pick || index === 0 || index === order.length - 1);
  if (picked.length > 7) throw new Error(`${name}: ${picked.length} samples; pick at most 5 besides the first and last`);
  const expectation = {
    about: meta.about,
    source: meta.source,
    language: meta.language,
    platform: meta.platform,
    year: meta.year,
    ...(meta.options ? { options: meta.options } : {}),
    ...(meta.inputName ? { inputName: meta.inputName } : {}),
    detection: { format: 'whatsapp' },
    messages: order.length,
    senders,
    kinds,
    samples: picked.map(({ msg, index }) => ({
      index,
      sender: msg.s,
      time: msg.t,
      kind: msg.k,
      ...(msg.x !== undefined ? { text: msg.x } : {}),
      ...(msg.f ? { fields: msg.f } : {}),
    })),
    ...(meta.warnings ? { warnings: meta.warnings } : {}),
    ...(suspicious.length ? { suspiciousLines: suspicious } : {}),
    ...(meta.truncated ? { truncated: true } : {}),
  };
  const expectPath = meta.expectName ? join(ROOT, meta.expectName) : `${path}.expect.json`;
  writeFileSync(expectPath, `${JSON.stringify(expectation, null, 2)}\n`);
  written.push({ name: meta.expectName ? meta.expectName.replace(/\.expect\.json$/, '') : name, meta, count: order.length, suspicious });
}

/** Coordinates of a maps link, as the location field a reader must give. */
export function at(latitude, longitude) {
  return { location: { latitude, longitude } };
}

/**
 * More ordinary messages in a file's own layout, to keep each file at 10 or more: `fmt(p, name,
 * text)` prints one line from the date parts p = {y, mo, d, hh, mi, ss}; messages are 7 minutes
 * apart from `start`, senders alternate. Their meaning is the parts they were printed from.
 */
export function more(fmt, names, start, texts, { seconds = false } = {}) {
  const two = (n) => String(n).padStart(2, '0');
  return texts.map((text, i) => {
    const minutes = start.hh * 60 + start.mi + 7 * i;
    if (minutes >= 24 * 60) throw new Error('more(): the messages would cross midnight');
    const p = { ...start, hh: Math.floor(minutes / 60), mi: minutes % 60, ss: seconds ? (start.ss ?? 0) + i : 0 };
    const name = names[i % names.length];
    const iso = `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.hh)}:${two(p.mi)}${seconds ? `:${two(p.ss)}` : ''}`;
    return m(fmt(p, name, text), name, iso, 'text', text);
  });
}

/**
 * A guard against typing slips in the annotations, not a reader: the annotated minute, second
 * and day must appear as numbers in the first characters of the line.
 */
function selfCheck(name, lineNo, l) {
  const t = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(l.t);
  if (!t) throw new Error(`${name}:${lineNo}: time ${l.t} is not YYYY-MM-DDTHH:MM[:SS]`);
  const head = l.line.replace(/[\u200e\u200f\ufeff]/g, '').slice(0, 48);
  const numbers = new Set((head.match(/\d+/g) ?? []).map(Number));
  const missing = [['minute', t[5]], ['second', t[6]], ['day', t[3]]].filter(([, v]) => v !== undefined && !numbers.has(Number(v)));
  const hh = Number(t[4]);
  if (![hh, hh % 12, hh % 12 || 12].some((h) => numbers.has(h))) missing.push(['hour']);
  const mo = Number(t[2]);
  if (!numbers.has(mo) && !/\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|ene|ago|oct|dic) \d/.test(head)) missing.push(['month']);
  const y = Number(t[1]);
  if (![y, y % 100, y + 543, y - 2018].some((v) => numbers.has(v))) missing.push(['year']);
  if (missing.length) throw new Error(`${name}:${lineNo}: the annotated ${missing.map(([k]) => k).join(', ')} of ${l.t} is not in "${head}"`);
  if ((l.s === '(system)') !== (l.k === 'system')) throw new Error(`${name}:${lineNo}: "(system)" and kind system go together`);
}
