/**
 * The age v1 header (https://age-encryption.org/v1, spec §Header): recipient stanzas, their
 * encoding, parsing, and the errors every part of the age code reports with.
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { fromBase64Strict, toBase64, type Sodium } from './sodium.js';

// ---------------------------------------------------------------------------------------------
// Errors

export type AgeErrorCode =
  | 'not-age'
  | 'bad-header'
  | 'bad-armor'
  | 'header-mac'
  | 'wrong-passphrase'
  | 'wrong-identity'
  | 'wrong-passkey'
  | 'payload-corrupt'
  | 'truncated'
  | 'trailing-data'
  | 'work-factor-too-high'
  | 'unsupported-recipient';

/**
 * Why a file could not be decrypted. `code` is for programs, `message` is written for the person
 * who picked the file and typed the passphrase (or chose the key).
 */
export class AgeError extends Error {
  override name = 'AgeError';
  readonly code: AgeErrorCode;

  constructor(code: AgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export const malformed = (detail: string): AgeError =>
  new AgeError('bad-header', `The archive's header is malformed (${detail}). The file is damaged, or it was not written by an age-compatible program.`);

export function truncated(detail: string): AgeError {
  return new AgeError('truncated', `The archive is incomplete: ${detail}. It was probably cut off while being downloaded or copied; try another copy.`);
}

export function trailingData(extraBytes: number | null): AgeError {
  const what = extraBytes === null ? 'unexpected bytes' : `${extraBytes} unexpected byte${extraBytes === 1 ? '' : 's'}`;
  return new AgeError(
    'trailing-data',
    `The archive has ${what} after its end. Its contents are intact, but the file was ` +
      'changed after it was written (for example by a transfer tool), so Ferry does not accept it as it is.',
  );
}

// ---------------------------------------------------------------------------------------------
// Constants (spec §Header, §Payload)

export const INTRO = 'age-encryption.org/v1';
const STANZA_PREFIX = '-> ';
const FOOTER_PREFIX = '--- ';
/** Stanza bodies are base64 wrapped at 64 columns (spec §Header). */
const BODY_COLUMNS = 64;
export const FILE_KEY_SIZE = 16;
export const PAYLOAD_NONCE_SIZE = 16;
const MAC_SIZE = 32;
/** Plaintext bytes per payload chunk (spec §Payload: 64 KiB). */
export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
export const SCRYPT_STANZA_TYPE = 'scrypt';

const encoder = new TextEncoder();
export const utf8 = (text: string): Uint8Array => encoder.encode(text);
/** Header lines are checked to be printable ASCII before decoding, so UTF-8 decoding is exact. */
export const ascii = new TextDecoder();
export const INTRO_LINE = utf8(INTRO + '\n');

export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Recipients and identities (spec §Recipient stanzas)

/** One recipient stanza: "-> type args..." and a body (the wrapped file key). */
export interface Stanza {
  readonly type: string;
  readonly args: readonly string[];
  readonly body: Uint8Array;
}

/** Something a file can be encrypted to: wraps the file key into one or more stanzas. */
export interface Recipient {
  wrap(fileKey: Uint8Array): Promise<Stanza[]>;
  /**
   * As Go age's RecipientWithLabels: every recipient of one file must carry the same set, so
   * that e.g. a post-quantum recipient ("postquantum") is never mixed with a classic one.
   */
  readonly labels?: readonly string[];
}

/**
 * Something that can open files: finds the stanza meant for it and unwraps the file key.
 * Returns null when no stanza is meant for it; throws an AgeError when one is but it fails in a
 * way worth telling the person about (wrong passphrase, work factor too high, malformed stanza).
 */
export interface Identity {
  unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null>;
}

// ---------------------------------------------------------------------------------------------
// Encoding

export function encodeStanza(s: Sodium, stanza: Stanza): string {
  // spec: arguments are non-empty strings of visible ASCII (33-126), separated by single spaces.
  for (const arg of [stanza.type, ...stanza.args]) {
    if (!/^[\x21-\x7e]+$/.test(arg)) throw new RangeError(`Invalid stanza argument ${JSON.stringify(arg)}.`);
  }
  let text = STANZA_PREFIX + [stanza.type, ...stanza.args].join(' ') + '\n';
  // Body: base64 in 64-column lines; the last line is always shorter than 64, so a body that
  // fills its last line exactly gets an extra empty line (and an empty body is one empty line).
  const body = toBase64(s, stanza.body);
  for (let i = 0; ; i += BODY_COLUMNS) {
    const line = body.slice(i, i + BODY_COLUMNS);
    text += line + '\n';
    if (line.length < BODY_COLUMNS) return text;
  }
}

/** The header text the MAC covers: intro, stanzas, and "---" (not the space after it). */
export function headerMacInput(s: Sodium, stanzas: readonly Stanza[]): string {
  return INTRO + '\n' + stanzas.map((st) => encodeStanza(s, st)).join('') + '---';
}

export const footerLine = (s: Sodium, mac: Uint8Array): string => ` ${toBase64(s, mac)}\n`;

// ---------------------------------------------------------------------------------------------
// Parsing

export interface ParsedHeader {
  stanzas: Stanza[];
  mac: Uint8Array;
  /** The header bytes the MAC covers: everything up to and including "---". */
  macInput: Uint8Array;
  /** Where the payload (its 16-byte nonce) starts. */
  payloadOffset: number;
}

/**
 * Where the header ends in `bytes` (the index after the footer line's LF), or -1 when the
 * footer line is not complete yet. The footer is the first line starting with "---": stanza
 * lines start with "-> " and base64 bodies cannot contain '-'.
 */
export function findHeaderEnd(bytes: Uint8Array, from = 0): number {
  for (let i = Math.max(from, 1); i + 3 < bytes.length; i++) {
    if (bytes[i] === 0x2d && bytes[i - 1] === 0x0a && bytes[i + 1] === 0x2d && bytes[i + 2] === 0x2d) {
      const end = bytes.indexOf(0x0a, i);
      return end < 0 ? -1 : end + 1;
    }
  }
  return -1;
}

/** Parses a header; `file` may hold more than the header (the payload follows `payloadOffset`). */
export function parseHeader(s: Sodium, file: Uint8Array): ParsedHeader {
  checkIntro(file);
  let position = INTRO_LINE.length;
  const nextLine = (): string => {
    const { text, next } = readLine(file, position);
    position = next;
    return text;
  };

  const stanzas: Stanza[] = [];
  for (;;) {
    const lineStart = position;
    const line = nextLine();
    if (line.startsWith(STANZA_PREFIX)) {
      const [type, ...args] = line.slice(STANZA_PREFIX.length).split(' ');
      if (type === undefined || type === '' || args.some((a) => a === '')) throw malformed('a recipient line has an empty argument');
      let bodyText = '';
      for (;;) {
        const bodyLine = nextLine();
        if (bodyLine.length > BODY_COLUMNS) throw malformed('a recipient body line is longer than 64 characters');
        bodyText += bodyLine;
        if (bodyLine.length < BODY_COLUMNS) break;
      }
      const body = fromBase64Strict(s, bodyText);
      if (!body) throw malformed('a recipient body is not valid base64');
      stanzas.push({ type, args, body });
    } else if (line.startsWith('---')) {
      if (!line.startsWith(FOOTER_PREFIX)) throw malformed('the header MAC line is malformed');
      const mac = fromBase64Strict(s, line.slice(FOOTER_PREFIX.length));
      if (!mac || mac.length !== MAC_SIZE) throw malformed('the header MAC is not valid');
      if (stanzas.length === 0) throw malformed('it names no recipient');
      return { stanzas, mac, macInput: file.subarray(0, lineStart + 3), payloadOffset: position };
    } else {
      throw malformed('unexpected line');
    }
  }
}

/** Reads one LF-terminated header line; header lines are printable ASCII only. */
function readLine(file: Uint8Array, start: number): { text: string; next: number } {
  let end = start;
  while (end < file.length && file[end] !== 0x0a) {
    const byte = file[end]!;
    if (byte < 0x20 || byte > 0x7e) throw malformed('it contains a byte that is not printable text');
    end++;
  }
  if (end === file.length) throw truncated('it ends inside its header');
  return { text: ascii.decode(file.subarray(start, end)), next: end + 1 };
}

/** Throws unless `file` starts (or, when short, could start) with the age v1 intro line. */
export function checkIntro(file: Uint8Array, complete = true): void {
  if (startsWith(file, INTRO_LINE)) return;
  if (file.length < INTRO_LINE.length && startsWith(INTRO_LINE, file)) {
    if (!complete) return;
    throw file.length === 0 ? truncated('the file is empty') : truncated('it ends inside its header');
  }
  const head = ascii.decode(file.subarray(0, 64));
  if (head.startsWith('age-encryption.org/')) {
    throw new AgeError('not-age', 'This file uses a version of the age format that Ferry does not know (only age-encryption.org/v1 is supported).');
  }
  throw new AgeError('not-age', 'This file is not an encrypted Ferry archive: it is not in the age format (age-encryption.org/v1).');
}
