/**
 * The corpus's contract: what `X.expect.json` beside each corpus file says a correct reader
 * gives, and the comparison that turns a conversion into a list of differences a person can
 * read ("whatsapp/ios-fr-2022.txt: message 3: sender: expected "Dmitry S", got "(system)"").
 *
 * The expectations are written by reading each file by hand, never by running Ferry (that would
 * copy its bugs into the test). The format is documented in README.md; keep the two together.
 *
 * Imports only src/convert/convert.ts and the model types on purpose: the readers' contract is
 * moving (issue 15) and the corpus must not care where it lives.
 */
import type { Contact, Message } from '../../src/model/types.js';
import type { prepareConversion } from '../../src/convert/convert.js';

type Combined = ReturnType<typeof prepareConversion>;
export type Options = Parameters<typeof prepareConversion>[1];
export type Input = Parameters<typeof prepareConversion>[0][number];

/** One message the file must give, at its place in the converted conversation. */
export interface ExpectedMessage {
  /** 0-based position among the converted messages (time order; ties keep file order). */
  index: number;
  /** Which conversation, when the file holds several (0-based, in the archive's order). Default 0. */
  conversation?: number;
  /** The sender's name as the file prints it (see README.md, "Senders"), or "(system)". */
  sender: string;
  /** Wall-clock time as printed, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`, read in the case's time zone. */
  time: string;
  kind: Message['kind'];
  /** Exact text. Absent only where README.md says the text is not part of the contract. */
  text?: string;
  /** Further fields the message must have, compared as a subset (e.g. `{"call": {"video": true}}`). */
  fields?: Record<string, unknown>;
}

/** One contact the file must give (address books: vCard), found by its display name. */
export interface ExpectedContact {
  /** Exact `Contact.displayName`. */
  displayName: string;
  /** Further `Contact` fields as a subset (`{"phones": [{"value": "+1-213-555-1234"}]}`; arrays compare element by element). */
  fields?: Record<string, unknown>;
  /** Texts that must each appear in `Contact.notes` (what a card's NOTE holds, whatever else a reader adds there). */
  notesInclude?: string[];
  /**
   * For a card nested in another (vCard AGENT), which issue 16 lets a reader keep "as its own contact
   * or note": the display name of the outer contact. Then either this contact exists (with `fields`),
   * or the outer contact's notes contain this `displayName`.
   */
  orInNotesOf?: string;
}

export interface Expectation {
  /** One sentence: what this file is and what it exercises. Not checked. */
  about: string;
  /** Where the shape comes from (issue URL, repository file); details in SOURCES.md. Not checked. */
  source?: string;
  /** Informational, not checked: language tag, platform, year of the layout. */
  language?: string;
  platform?: string;
  year?: number;
  /**
   * Conversion options beyond the runner's defaults (timeZone "UTC", a fixed `now`). `dateOrder`
   * only where the file truly cannot decide: the runner then also checks that without it the
   * reader asks (ConvertError code "date-order") instead of guessing.
   */
  options?: { timeZone?: string; dateOrder?: 'dmy' | 'mdy' | 'ymd'; me?: string };
  /** Name the input is given under, when the file name matters (WhatsApp reads the chat from "WhatsApp Chat with NAME.txt"). Default: its path under test/corpus/. */
  inputName?: string;
  /** For files that must be refused: the error. When present, no other check applies. */
  error?: { code?: string; message?: string; line?: number };
  /** Total messages over all conversations. */
  messages?: number;
  conversations?: number;
  /** Messages per sender label (README.md, "Senders"); every message is counted under exactly one. */
  senders?: Record<string, number>;
  /** Messages per kind; a kind not listed must have none. */
  kinds?: Partial<Record<Message['kind'], number>>;
  samples?: ExpectedMessage[];
  /** Detection fields that must match (e.g. `{"format": "whatsapp"}`). */
  detection?: { format?: string; layout?: string; locale?: string };
  /** Warning codes that must be among the input's warnings (others may be there too). */
  warnings?: string[];
  /**
   * Lines (1-based) that look like a message header but cannot be one (impossible time or date):
   * a `suspicious_lines` warning must name each of them. Absent or empty: no such warning.
   */
  suspiciousLines?: number[];
  /** The file ends cut (mid-character or mid-line): a `truncated` warning. Absent or false: none. */
  truncated?: boolean;
  /** Participant handles by sender label, for formats whose handles are neither names nor phone numbers. */
  handles?: Record<string, string>;
  /** Archive contacts: exact, or a range where the file lets a reader choose (a nested card kept as a contact or a note). */
  contacts?: number | { min: number; max: number };
  /** Contacts checked field by field (see ExpectedContact). */
  contactSamples?: ExpectedContact[];
}

/** WhatsApp and others wrap names in direction marks and isolates; they are formatting, not the name. */
const NAME_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function cleanName(name: string): string {
  return name.replace(NAME_MARKS, '').trim();
}

/** "+55 61 8121-3457" -> "+556181213457"; undefined for something that is not a phone number. */
function phoneKey(label: string): string | undefined {
  const clean = cleanName(label).replace(/[\s\u00a0()\-.]/g, '');
  return /^\+?\d{6,15}$/.test(clean) ? clean.replace(/^\+?/, '+') : undefined;
}

/**
 * The label a message is counted under: "(system)" for a notice, else the name the file printed,
 * recovered from the handle (README.md, "Senders").
 */
export function senderLabel(message: Message, expect: Expectation, names: ReadonlyMap<string, string>): string {
  if (message.kind === 'system') return '(system)';
  const handle = message.sender;
  for (const [label, h] of Object.entries(expect.handles ?? {})) if (h === handle) return label;
  if (handle.startsWith('tel:')) {
    const digits = handle.slice(4).replace(/[^\d+]/g, '');
    for (const label of Object.keys(expect.senders ?? {})) if (phoneKey(label) === digits.replace(/^\+?/, '+')) return label;
    for (const s of expect.samples ?? []) if (phoneKey(s.sender) === digits.replace(/^\+?/, '+')) return s.sender;
  }
  const byName = /^[a-z][a-z0-9+.-]*:name[:/](.*)$/i.exec(handle);
  if (byName) {
    try {
      return cleanName(decodeURIComponent(byName[1]!));
    } catch {
      return handle;
    }
  }
  const contact = names.get(handle);
  if (contact !== undefined) return cleanName(contact);
  return handle;
}

/** What one conversion gave, flattened for comparison. */
export interface Converted {
  conversations: number;
  /** Every message, conversation by conversation, each in the reader's order; `instants` when its source stamps instants (its offsets need not be the case's zone). */
  messages: { conversation: number; index: number; message: Message; instants?: boolean }[];
  names: Map<string, string>;
  detections: { format: string; layout: string; locale?: string }[];
  warnings: { code: string; args: string[]; text: string }[];
  contacts: Contact[];
}

export function flatten(combined: Combined): Converted {
  const names = new Map<string, string>();
  for (const contact of combined.header.contacts) for (const h of contact.handles) if (!names.has(h)) names.set(h, contact.displayName);
  const messages: Converted['messages'] = [];
  const sources = combined.header.manifest.sources;
  combined.header.conversations.forEach((conversation, c) => {
    const instants = sources.find((s) => s.account === conversation.source)?.timeZone.status === 'instants';
    let index = 0;
    for (const message of combined.messagesOf(conversation, c)) messages.push({ conversation: c, index: index++, message, ...(instants ? { instants } : {}) });
  });
  return {
    conversations: combined.header.conversations.length,
    messages,
    names,
    detections: combined.reports.map((r) => r.detection),
    warnings: combined.reports.flatMap((r) => r.warnings),
    contacts: combined.header.contacts,
  };
}

const show = (value: unknown) => JSON.stringify(value);

/** `subset` is contained in `value` (objects by key, arrays element by element, the rest by equality). */
function contains(value: unknown, subset: unknown): boolean {
  if (subset === null || typeof subset !== 'object') return Object.is(value, subset);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(subset)) return Array.isArray(value) && subset.length === value.length && subset.every((s, i) => contains(value[i], s));
  return Object.entries(subset).every(([k, s]) => contains((value as Record<string, unknown>)[k], s));
}

/** The local date and time of an ISO timestamp ("2022-03-18T14:56:00+01:00" -> "2022-03-18T14:56:00"). */
function localPart(timestamp: string): string {
  return timestamp.slice(0, 19);
}

/**
 * The time a sample's `time` is compared with: the wall clock in the case's zone (README.md,
 * "Samples"). For a source that prints wall clocks, that is the timestamp as written (read in that
 * zone, even in an hour a clock change skips). For a source that stamps instants, the archive keeps
 * the source's own offset (schemas/message.schema.json, timestamp: "+03:00" stays), so the instant
 * is put in the case's zone first.
 */
function localTime(timestamp: string, instants: boolean | undefined, zone: string): string {
  if (!instants) return localPart(timestamp);
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return localPart(timestamp);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Numbers named in a warning (its args and its sentence). */
function numbersIn(w: { args: string[]; text: string }): Set<number> {
  const found = new Set<number>();
  for (const piece of [...w.args, w.text]) for (const m of piece.replace(/(\d),(\d{3})/g, '$1$2').matchAll(/\d+/g)) found.add(Number(m[0]));
  return found;
}

/** Every way the conversion differs from the expectation, in words; empty when it matches. */
export function differences(expect: Expectation, got: Converted): string[] {
  const out: string[] = [];
  const labelled = got.messages.map((m) => ({ ...m, label: senderLabel(m.message, expect, got.names) }));

  if (expect.conversations !== undefined && got.conversations !== expect.conversations) out.push(`conversations: expected ${expect.conversations}, got ${got.conversations}`);
  if (expect.messages !== undefined && got.messages.length !== expect.messages) out.push(`messages: expected ${expect.messages}, got ${got.messages.length}`);

  if (expect.senders) {
    const counts = new Map<string, number>();
    for (const m of labelled) counts.set(m.label, (counts.get(m.label) ?? 0) + 1);
    for (const [label, n] of Object.entries(expect.senders)) {
      const have = counts.get(label) ?? 0;
      if (have !== n) out.push(`sender ${show(label)}: expected ${n} messages, got ${have}`);
    }
    for (const [label, n] of counts) if (!(label in expect.senders)) out.push(`sender ${show(label)}: not expected, got ${n} messages`);
  }

  if (expect.kinds) {
    const counts = new Map<string, number>();
    for (const m of got.messages) counts.set(m.message.kind, (counts.get(m.message.kind) ?? 0) + 1);
    for (const [kind, n] of Object.entries(expect.kinds)) {
      const have = counts.get(kind) ?? 0;
      if (have !== n) out.push(`kind ${kind}: expected ${n}, got ${have}`);
    }
    for (const [kind, n] of counts) if (!(kind in expect.kinds)) out.push(`kind ${kind}: not expected, got ${n}`);
  }

  for (const s of expect.samples ?? []) {
    const conversation = s.conversation ?? 0;
    const at = labelled.find((m) => m.conversation === conversation && m.index === s.index);
    const where = `message ${s.index}${conversation ? ` of conversation ${conversation}` : ''}`;
    if (!at) {
      out.push(`${where}: expected ${show(s.text ?? s.kind)} from ${show(s.sender)}, but there is no such message`);
      continue;
    }
    const m = at.message;
    const local = localTime(m.timestamp, at.instants, expect.options?.timeZone ?? 'UTC');
    const said = `(got ${show(at.label)} at ${local}, ${m.kind}: ${show(m.text.length > 120 ? `${m.text.slice(0, 120)}…` : m.text)})`;
    if (at.label !== s.sender) out.push(`${where}: sender: expected ${show(s.sender)}, got ${show(at.label)} ${said}`);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(s.time)) out.push(`${where}: the expectation's time ${show(s.time)} is not YYYY-MM-DDTHH:MM[:SS]`);
    else if (local.slice(0, s.time.length) !== s.time || (s.time.length === 16 && local.slice(16) !== ':00')) out.push(`${where}: time: expected ${s.time}, got ${m.timestamp}`);
    if (m.kind !== s.kind) out.push(`${where}: kind: expected ${s.kind}, got ${m.kind} ${said}`);
    if (s.text !== undefined && m.text !== s.text) out.push(`${where}: text: expected ${show(s.text)}, got ${show(m.text)}`);
    if (s.fields && !contains(m, s.fields)) {
      const actual = Object.fromEntries(Object.keys(s.fields).map((k) => [k, (m as unknown as Record<string, unknown>)[k]]));
      out.push(`${where}: fields: expected ${show(s.fields)}, got ${show(actual)}`);
    }
  }

  if (expect.detection) {
    for (const [key, value] of Object.entries(expect.detection)) {
      if (!got.detections.some((d) => (d as Record<string, unknown>)[key] === value)) out.push(`detection ${key}: expected ${show(value)}, got ${show(got.detections.map((d) => (d as Record<string, unknown>)[key]))}`);
    }
  }

  if (expect.contacts !== undefined) {
    const { min, max } = typeof expect.contacts === 'number' ? { min: expect.contacts, max: expect.contacts } : expect.contacts;
    const n = got.contacts.length;
    if (n < min || n > max) out.push(`contacts: expected ${min === max ? min : `${min} to ${max}`}, got ${n} (${show(got.contacts.map((c) => c.displayName))})`);
  }
  for (const c of expect.contactSamples ?? []) {
    const found = got.contacts.filter((k) => k.displayName === c.displayName);
    const outer = c.orInNotesOf === undefined ? undefined : got.contacts.find((k) => k.displayName === c.orInNotesOf);
    if (found.length === 0) {
      if (outer?.notes?.includes(c.displayName)) continue;
      out.push(`contact ${show(c.displayName)}: not found${c.orInNotesOf ? `, nor in the notes of ${show(c.orInNotesOf)} (${show(outer?.notes)})` : ''} (contacts: ${show(got.contacts.map((k) => k.displayName))})`);
      continue;
    }
    if (found.length > 1) out.push(`contact ${show(c.displayName)}: expected one, got ${found.length}`);
    const k = found[0]!;
    if (c.fields && !contains(k, c.fields)) {
      const actual = Object.fromEntries(Object.keys(c.fields).map((f) => [f, (k as unknown as Record<string, unknown>)[f]]));
      out.push(`contact ${show(c.displayName)}: fields: expected ${show(c.fields)}, got ${show(actual)}`);
    }
    for (const t of c.notesInclude ?? []) if (!(k.notes ?? '').includes(t)) out.push(`contact ${show(c.displayName)}: notes: expected to include ${show(t)}, got ${show(k.notes)}`);
  }

  const codes = got.warnings.map((w) => w.code);
  for (const code of expect.warnings ?? []) if (!codes.includes(code)) out.push(`warning ${code}: expected, got only ${show(codes)}`);

  const suspicious = got.warnings.filter((w) => w.code === 'suspicious_lines');
  const lines = expect.suspiciousLines ?? [];
  if (lines.length === 0 && suspicious.length > 0) out.push(`suspicious_lines: expected none, got ${show(suspicious.map((w) => w.text))}`);
  if (lines.length > 0) {
    if (suspicious.length === 0) out.push(`suspicious_lines: expected a warning naming lines ${lines.join(', ')}, got none (warnings: ${show(codes)})`);
    else {
      const named = new Set<number>();
      for (const w of suspicious) for (const n of numbersIn(w)) named.add(n);
      const missing = lines.filter((l) => !named.has(l));
      if (missing.length > 0) out.push(`suspicious_lines: lines ${missing.join(', ')} not named in ${show(suspicious.map((w) => w.text))}`);
    }
  }
  const truncated = codes.includes('truncated');
  if (expect.truncated && !truncated) out.push(`truncated: expected a "truncated" warning, got ${show(codes)}`);
  if (!expect.truncated && truncated) out.push(`truncated: not expected, got ${show(got.warnings.filter((w) => w.code === 'truncated').map((w) => w.text))}`);

  return out;
}

/** How a refusal differs from the expected one; empty when it matches. */
export function errorDifferences(expected: NonNullable<Expectation['error']>, error: unknown): string[] {
  const out: string[] = [];
  const e = error as { name?: string; code?: string; line?: number; message?: string };
  if (!(error instanceof Error) || e.name !== 'ConvertError') out.push(`expected a ConvertError, got ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`);
  if (expected.code !== undefined && e.code !== expected.code) out.push(`error code: expected ${show(expected.code)}, got ${show(e.code)} (${e.message})`);
  if (expected.message !== undefined && !new RegExp(expected.message, 'i').test(e.message ?? '')) out.push(`error message: expected to match /${expected.message}/i, got ${show(e.message)}`);
  if (expected.line !== undefined && e.line !== expected.line) out.push(`error line: expected ${expected.line}, got ${show(e.line)}`);
  return out;
}

/** The one-line summary in a test's name: "14 messages, senders and texts right". */
export function summary(expect: Expectation): string {
  if (expect.error) return `a clear error${expect.error.code ? ` (${expect.error.code})` : ''}${expect.error.message ? ` matching /${expect.error.message}/` : ''}`;
  const parts = [`${expect.messages ?? '?'} messages`];
  if (expect.contacts !== undefined) parts.push(`${typeof expect.contacts === 'number' ? expect.contacts : `${expect.contacts.min}-${expect.contacts.max}`} contacts`);
  if (expect.senders) parts.push('senders');
  if (expect.samples?.length) parts.push('texts');
  let line = `${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`} right`;
  if (expect.suspiciousLines?.length) line += `, line${expect.suspiciousLines.length === 1 ? '' : 's'} ${expect.suspiciousLines.join(', ')} reported`;
  if (expect.truncated) line += ', the cut reported';
  return line;
}
