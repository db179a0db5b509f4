/**
 * age v1 (https://age-encryption.org/v1, the C2SP "age" specification), the format of Ferry's
 * encrypted archives, with the scrypt passphrase recipient. Files written here open with the
 * `age` command line tool and vice versa (tests drive the real CLI both ways).
 *
 * A file is:
 *   header   "age-encryption.org/v1\n", one or more recipient stanzas, "--- " + header MAC + "\n"
 *   payload  16-byte nonce, then the plaintext in 64 KiB chunks, each sealed with
 *            ChaCha20-Poly1305 under a key derived from the file key and that nonce (STREAM).
 * The 16-byte file key is random per file; each recipient stanza wraps it for one recipient
 * (here: a passphrase, through scrypt). Spec section names are cited as "spec §Name".
 *
 * Extension points: X25519 recipients and ASCII armor are not implemented yet. New recipient
 * types implement `Recipient` / `Identity` below and go through `encryptToRecipients` /
 * `decryptWithIdentities`; armor would decode to bytes before `decryptWithIdentities` and encode
 * after `encryptToRecipients`.
 *
 * Everything works on whole Uint8Arrays in memory: decryption verifies every chunk before it
 * returns anything, so a caller never sees plaintext from a file that later turns out to be
 * damaged (the `age` CLI, by contrast, writes out chunks before it finds a bad later one).
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { aeadOpen, aeadSeal, fromBase64Strict, hkdfSha256, hmacSha256, loadSodium, scrypt, toBase64, type Sodium } from './sodium.js';

// ---------------------------------------------------------------------------------------------
// Errors

export type AgeErrorCode =
  | 'not-age'
  | 'bad-header'
  | 'header-mac'
  | 'wrong-passphrase'
  | 'payload-corrupt'
  | 'truncated'
  | 'trailing-data'
  | 'work-factor-too-high'
  | 'unsupported-recipient';

/**
 * Why a file could not be decrypted. `code` is for programs, `message` is written for the person
 * who picked the file and typed the passphrase.
 */
export class AgeError extends Error {
  override name = 'AgeError';
  readonly code: AgeErrorCode;

  constructor(code: AgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

const malformed = (detail: string): AgeError =>
  new AgeError('bad-header', `The archive's header is malformed (${detail}). The file is damaged, or it was not written by an age-compatible program.`);

// ---------------------------------------------------------------------------------------------
// Format constants (spec §Header, §Payload)

const INTRO = 'age-encryption.org/v1';
const STANZA_PREFIX = '-> ';
const FOOTER_PREFIX = '--- ';
/** Stanza bodies are base64 wrapped at 64 columns (spec §Header). */
const BODY_COLUMNS = 64;
const FILE_KEY_SIZE = 16;
const PAYLOAD_NONCE_SIZE = 16;
const MAC_SIZE = 32;
/** Plaintext bytes per payload chunk (spec §Payload: 64 KiB). */
const CHUNK_SIZE = 64 * 1024;
const TAG_SIZE = 16;
const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;

const SCRYPT_STANZA_TYPE = 'scrypt';
/** spec §scrypt: the scrypt salt is this label followed by the stanza's 16 random bytes. */
const SCRYPT_SALT_LABEL = 'age-encryption.org/v1/scrypt';
const SCRYPT_SALT_SIZE = 16;
/** A wrapped file key: 16 bytes + 16-byte Poly1305 tag. */
const SCRYPT_BODY_SIZE = FILE_KEY_SIZE + TAG_SIZE;

export const DEFAULT_WORK_FACTOR = 18;
export const DEFAULT_MAX_WORK_FACTOR = 22;
/**
 * scrypt needs 128 * r * N bytes: 1 GiB at log2 N = 20 with r = 8. libsodium.js's WebAssembly
 * heap cannot grow to the 2 GiB that 21 needs (measured: libsodium reports an allocation
 * failure), so Ferry never writes a file it could not open itself.
 */
export const MAX_ENCRYPT_WORK_FACTOR = 20;

/**
 * When the last chunk fails to authenticate, lengths up to this many bytes shorter are tried so
 * that bytes appended to an intact file are reported as such (see `findTrailingData`). Only runs
 * on the failure path; the worst case (a failing full-size last chunk) measured ~90 ms in Node.
 */
const MAX_TRAILING_PROBE = 1024;

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);
/** Header lines are checked to be printable ASCII before decoding, so UTF-8 decoding is exact. */
const ascii = new TextDecoder();

function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
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
}

/**
 * Something that can open files: finds the stanza meant for it and unwraps the file key.
 * Returns null when no stanza is meant for it; throws an AgeError when one is but it fails in a
 * way worth telling the person about (wrong passphrase, work factor too high).
 */
export interface Identity {
  unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null>;
}

/** spec §scrypt: the passphrase recipient. */
export class ScryptRecipient implements Recipient {
  readonly #passphrase: Uint8Array;
  readonly #workFactor: number;

  constructor(passphrase: string, workFactor: number = DEFAULT_WORK_FACTOR) {
    if (passphrase.length === 0) throw new RangeError('The passphrase must not be empty.');
    if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > MAX_ENCRYPT_WORK_FACTOR) {
      throw new RangeError(`workFactor must be an integer from 1 to ${MAX_ENCRYPT_WORK_FACTOR} (log2 of scrypt's N), got ${workFactor}.`);
    }
    // Raw UTF-8 bytes, no Unicode normalization: that is what `age` does with what it reads
    // from the terminal, and interoperating with it matters more than normalizing.
    this.#passphrase = utf8(passphrase);
    this.#workFactor = workFactor;
  }

  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const s = await loadSodium();
    const salt = randomBytes(SCRYPT_SALT_SIZE);
    const key = scrypt(s, this.#passphrase, scryptSalt(salt), this.#workFactor);
    // spec §scrypt: the file key is sealed with ChaCha20-Poly1305 under an all-zero nonce, safe
    // because every wrap key is fresh (random salt).
    const body = aeadSeal(s, key, new Uint8Array(12), fileKey);
    key.fill(0);
    return [{ type: SCRYPT_STANZA_TYPE, args: [toBase64(s, salt), String(this.#workFactor)], body }];
  }
}

/** spec §scrypt: the passphrase identity. */
export class ScryptIdentity implements Identity {
  readonly #passphrase: Uint8Array;
  readonly #maxWorkFactor: number;

  constructor(passphrase: string, maxWorkFactor: number = DEFAULT_MAX_WORK_FACTOR) {
    if (!Number.isInteger(maxWorkFactor) || maxWorkFactor < 1) {
      throw new RangeError(`maxWorkFactor must be a positive integer (log2 of scrypt's N), got ${maxWorkFactor}.`);
    }
    this.#passphrase = utf8(passphrase);
    this.#maxWorkFactor = maxWorkFactor;
  }

  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    const stanza = stanzas.find((st) => st.type === SCRYPT_STANZA_TYPE);
    if (!stanza) return null;
    // (That it is the only stanza is checked for every identity in decryptWithIdentities.)
    const s = await loadSodium();

    // spec §scrypt: "-> scrypt <base64 16-byte salt> <decimal log2 N>", body = sealed file key.
    const [saltText, workFactorText, ...extra] = stanza.args;
    if (saltText === undefined || workFactorText === undefined || extra.length > 0) throw malformed('the passphrase stanza must have exactly two arguments');
    const salt = fromBase64Strict(s, saltText);
    if (!salt || salt.length !== SCRYPT_SALT_SIZE) throw malformed('the passphrase stanza has an invalid salt');
    // Decimal without leading zeros, so each work factor has one spelling.
    if (!/^[1-9][0-9]*$/.test(workFactorText)) throw malformed('the passphrase stanza has an invalid work factor');
    const workFactor = Number(workFactorText);
    if (stanza.body.length !== SCRYPT_BODY_SIZE) throw malformed('the passphrase stanza has a body of the wrong size');

    // Checked before running scrypt: a hostile or careless file must not be able to make the
    // reader spend minutes of CPU and gigabytes of memory (spec §scrypt asks implementations to
    // cap the work factor).
    if (workFactor > this.#maxWorkFactor) {
      throw new AgeError(
        'work-factor-too-high',
        `This archive's passphrase protection is set higher than Ferry accepts (work factor ${workFactor}, at most ${this.#maxWorkFactor}): ` +
          'opening it would take too long and need too much memory. If you made it yourself, re-encrypt it with a lower setting.',
      );
    }

    let key: Uint8Array;
    try {
      key = scrypt(s, this.#passphrase, scryptSalt(salt), workFactor);
    } catch (error) {
      // libsodium fails (rather than derives a wrong key) when its heap cannot hold scrypt's
      // 128 * 8 * N bytes, e.g. work factor 21 and above in WebAssembly.
      const mebibytes = 2 ** workFactor / 1024;
      throw new AgeError(
        'work-factor-too-high',
        `This archive's passphrase protection (work factor ${workFactor}) needs about ${mebibytes} MiB of memory, more than is available here.`,
        { cause: error },
      );
    }
    const fileKey = aeadOpen(s, key, new Uint8Array(12), stanza.body);
    key.fill(0);
    if (!fileKey) {
      // The wrap key comes from passphrase + salt + work factor, so a damaged salt or body looks
      // exactly like a wrong passphrase; nothing in the file can tell them apart.
      throw new AgeError(
        'wrong-passphrase',
        'Wrong passphrase: the archive could not be unlocked. Check the passphrase and try again. ' +
          '(If you are sure it is right, the start of the file may be damaged.)',
      );
    }
    return fileKey;
  }
}

function scryptSalt(salt: Uint8Array): Uint8Array {
  const label = utf8(SCRYPT_SALT_LABEL);
  const out = new Uint8Array(label.length + salt.length);
  out.set(label);
  out.set(salt, label.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Passphrase API

export interface EncryptOptions {
  /** log2 of scrypt's N. Default 18, as `age -p` uses; 1 to 20. Each step doubles time and memory. */
  workFactor?: number;
}

export interface DecryptOptions {
  /** Refuse files whose scrypt work factor is above this, before running scrypt. Default 22, as `age`. */
  maxWorkFactor?: number;
}

/** Encrypts to a passphrase (spec §scrypt). The result is a binary age file. */
export async function encryptWithPassphrase(plaintext: Uint8Array, passphrase: string, options: EncryptOptions = {}): Promise<Uint8Array> {
  return encryptToRecipients(plaintext, [new ScryptRecipient(passphrase, options.workFactor ?? DEFAULT_WORK_FACTOR)]);
}

/**
 * Decrypts a passphrase-encrypted age file. Resolves only when the header and every payload
 * chunk have verified; otherwise rejects with an AgeError and no plaintext.
 */
export async function decryptWithPassphrase(file: Uint8Array, passphrase: string, options: DecryptOptions = {}): Promise<Uint8Array> {
  return decryptWithIdentities(file, [new ScryptIdentity(passphrase, options.maxWorkFactor ?? DEFAULT_MAX_WORK_FACTOR)]);
}

const INTRO_LINE = utf8(INTRO + '\n');

/** True when the bytes start like a binary age v1 file (armored files do not count). */
export function isAgeFile(bytes: Uint8Array): boolean {
  return startsWith(bytes, INTRO_LINE);
}

// ---------------------------------------------------------------------------------------------
// Generic encryption and decryption

/** Encrypts to one or more recipients. */
export async function encryptToRecipients(plaintext: Uint8Array, recipients: readonly Recipient[]): Promise<Uint8Array> {
  if (recipients.length === 0) throw new RangeError('At least one recipient is needed.');
  const s = await loadSodium();
  const fileKey = randomBytes(FILE_KEY_SIZE);
  try {
    const stanzas: Stanza[] = [];
    for (const recipient of recipients) stanzas.push(...(await recipient.wrap(fileKey)));
    // spec §scrypt: an scrypt stanza must be alone, so that a passphrase file never also opens
    // with some other key (which would defeat its authentication).
    if (stanzas.length > 1 && stanzas.some((st) => st.type === SCRYPT_STANZA_TYPE)) {
      throw new RangeError('A passphrase recipient cannot be combined with other recipients.');
    }

    // spec §Header: MAC over the header up to and including "---" (not the space after it),
    // keyed with HKDF-SHA-256(ikm = file key, salt = empty, info = "header").
    const headerText = INTRO + '\n' + stanzas.map((st) => encodeStanza(s, st)).join('') + '---';
    const macInput = utf8(headerText);
    const macKey = await hkdfSha256(fileKey, new Uint8Array(0), utf8('header'), 32);
    const mac = hmacSha256(s, macKey, macInput);
    macKey.fill(0);
    const header = utf8(`${headerText} ${toBase64(s, mac)}\n`);

    // spec §Payload: payload key = HKDF-SHA-256(ikm = file key, salt = 16-byte nonce, info = "payload").
    const nonce = randomBytes(PAYLOAD_NONCE_SIZE);
    const payloadKey = await hkdfSha256(fileKey, nonce, utf8('payload'), 32);

    // An empty plaintext is one empty final chunk; an exact multiple of 64 KiB ends on a full
    // final chunk (no extra empty chunk: spec §Payload allows an empty last chunk only when it
    // is the only one, and `age` rejects the other).
    const chunkCount = Math.max(1, Math.ceil(plaintext.length / CHUNK_SIZE));
    const out = new Uint8Array(header.length + PAYLOAD_NONCE_SIZE + plaintext.length + chunkCount * TAG_SIZE);
    out.set(header, 0);
    out.set(nonce, header.length);
    let offset = header.length + PAYLOAD_NONCE_SIZE;
    for (let i = 0; i < chunkCount; i++) {
      const chunk = plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
      const sealed = aeadSeal(s, payloadKey, chunkNonce(i, i === chunkCount - 1), chunk);
      out.set(sealed, offset);
      offset += sealed.length;
    }
    payloadKey.fill(0);
    return out;
  } finally {
    fileKey.fill(0);
  }
}

/** Decrypts with the first identity that recognizes a stanza. Verifies everything before returning. */
export async function decryptWithIdentities(file: Uint8Array, identities: readonly Identity[]): Promise<Uint8Array> {
  const s = await loadSodium();
  const header = parseHeader(s, file);

  // spec §scrypt: a file with an scrypt stanza must have no other stanza. Checked for every
  // identity, not just the passphrase one, so that such a file opens with no key at all.
  if (header.stanzas.length > 1 && header.stanzas.some((st) => st.type === SCRYPT_STANZA_TYPE)) {
    throw malformed('a passphrase-protected archive must have exactly one recipient, this one has ' + header.stanzas.length);
  }

  let fileKey: Uint8Array | null = null;
  for (const identity of identities) {
    fileKey = await identity.unwrap(header.stanzas);
    if (fileKey) break;
  }
  if (!fileKey) throw unsupportedRecipients(header.stanzas);
  if (fileKey.length !== FILE_KEY_SIZE) throw malformed('the unwrapped file key has the wrong size');

  try {
    // spec §Header: only now, with the file key, can the header MAC be checked.
    const macKey = await hkdfSha256(fileKey, new Uint8Array(0), utf8('header'), 32);
    const expectedMac = hmacSha256(s, macKey, header.macInput);
    macKey.fill(0);
    if (!s.memcmp(expectedMac, header.mac)) {
      throw new AgeError(
        'header-mac',
        "The archive's header has been altered or damaged: the passphrase was right, but the header failed its integrity check, so the file cannot be trusted.",
      );
    }

    const payload = file.subarray(header.payloadOffset);
    if (payload.length < PAYLOAD_NONCE_SIZE) throw truncated('it ends right after its header');
    const payloadKey = await hkdfSha256(fileKey, payload.subarray(0, PAYLOAD_NONCE_SIZE), utf8('payload'), 32);
    try {
      return decryptPayload(s, payloadKey, payload.subarray(PAYLOAD_NONCE_SIZE));
    } finally {
      payloadKey.fill(0);
    }
  } finally {
    fileKey.fill(0);
  }
}

function unsupportedRecipients(stanzas: readonly Stanza[]): AgeError {
  const types = [...new Set(stanzas.map((st) => st.type))];
  if (types.includes('X25519')) {
    return new AgeError(
      'unsupported-recipient',
      'This archive is not protected by a passphrase: it was encrypted to an age key (X25519), so a passphrase cannot open it. Ferry can only open passphrase-protected archives for now.',
    );
  }
  return new AgeError(
    'unsupported-recipient',
    `This archive is not protected by a passphrase: it was encrypted for a kind of key Ferry does not support (${types.join(', ')}).`,
  );
}

// ---------------------------------------------------------------------------------------------
// Payload (spec §Payload: STREAM, 64 KiB chunks)

/**
 * Chunk nonce: 11-byte big-endian chunk counter, then 0x01 for the last chunk or 0x00 otherwise.
 * The last-chunk flag is what makes truncation at a chunk boundary detectable.
 */
function chunkNonce(counter: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(12);
  const view = new DataView(nonce.buffer);
  view.setUint32(3, Math.floor(counter / 2 ** 32));
  view.setUint32(7, counter >>> 0);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * Opens every chunk into one buffer and returns it only if the whole stream verified; on any
 * failure the partial plaintext is wiped and an AgeError is thrown.
 *
 * Chunk boundaries are not marked in the file: every chunk but the last is exactly 64 KiB + 16,
 * and the last (flagged in its nonce) is 16 to 64 KiB + 16 bytes long. So, like the reference
 * implementation, a full-size chunk is tried as a middle chunk and then as the last one.
 */
function decryptPayload(s: Sodium, key: Uint8Array, chunks: Uint8Array): Uint8Array {
  if (chunks.length === 0) throw truncated('its encrypted contents are missing');
  // Exact plaintext size for a valid file (every chunk carries a 16-byte tag). A damaged file
  // can hold more, e.g. a full final chunk followed by junk; then the buffer grows, and the
  // file is refused anyway.
  let out = new Uint8Array(Math.max(0, chunks.length - Math.ceil(chunks.length / SEALED_CHUNK_SIZE) * TAG_SIZE));
  const fail = (error: AgeError): AgeError => {
    out.fill(0);
    return error;
  };

  let position = 0;
  let written = 0;
  for (let counter = 0; ; counter++) {
    const remaining = chunks.length - position;
    // A middle chunk verified but nothing marked "last" follows: cut at a chunk boundary.
    if (remaining === 0) throw fail(truncated('its last part is missing'));
    if (remaining < TAG_SIZE) throw fail(truncated('it ends in the middle of its last part'));

    const sealed = chunks.subarray(position, position + Math.min(remaining, SEALED_CHUNK_SIZE));
    let plaintext: Uint8Array | null;
    let last: boolean;
    if (sealed.length < SEALED_CHUNK_SIZE) {
      // A short chunk can only be the last one.
      last = true;
      plaintext = aeadOpen(s, key, chunkNonce(counter, true), sealed);
    } else {
      // Full size: a middle chunk, or a full-size last one. Try the likelier one first.
      const likelyLast = remaining === SEALED_CHUNK_SIZE;
      last = likelyLast;
      plaintext = aeadOpen(s, key, chunkNonce(counter, last), sealed);
      if (!plaintext) {
        last = !likelyLast;
        plaintext = aeadOpen(s, key, chunkNonce(counter, last), sealed);
      }
    }

    if (!plaintext) {
      const extra = findTrailingData(s, key, chunks, position, counter);
      if (extra !== null) throw fail(trailingData(extra));
      const where = sealed.length < SEALED_CHUNK_SIZE || remaining === SEALED_CHUNK_SIZE ? 'its last part' : `part ${counter + 1} of its contents`;
      throw fail(
        new AgeError(
          'payload-corrupt',
          `The archive is damaged: ${where} failed its integrity check, so nothing was decrypted. ` +
            'The file was altered or cut short after it was written; try another copy.',
        ),
      );
    }
    // spec §Payload: the last chunk may be empty only if it is the only chunk.
    if (last && plaintext.length === 0 && counter > 0) {
      throw fail(new AgeError('payload-corrupt', 'The archive is damaged: it ends with an empty final part, which is not allowed, so nothing was decrypted.'));
    }

    if (written + plaintext.length > out.length) {
      const grown = new Uint8Array(chunks.length);
      grown.set(out.subarray(0, written));
      out.fill(0);
      out = grown;
    }
    out.set(plaintext, written);
    plaintext.fill(0);
    written += plaintext.length;
    position += sealed.length;
    // Anything after the last chunk is refused: the file is not what was written.
    if (last) {
      if (position !== chunks.length) throw fail(trailingData(chunks.length - position));
      return written === out.length ? out : out.slice(0, written);
    }
  }
}

/**
 * When the chunk at `position` fails, checks whether a shorter prefix of what is left opens as
 * the last chunk. If one does, the file is intact up to there and the rest was appended (a
 * transfer tool adding a newline, two files concatenated); that is worth a clearer message than
 * "damaged". A chunk that authenticates is proof, not a guess: a forgery would have to beat
 * Poly1305. Returns the number of extra bytes, or null.
 */
function findTrailingData(s: Sodium, key: Uint8Array, chunks: Uint8Array, position: number, counter: number): number | null {
  const remaining = chunks.length - position;
  if (remaining > SEALED_CHUNK_SIZE + MAX_TRAILING_PROBE) return null;
  const nonce = chunkNonce(counter, true);
  const longest = Math.min(remaining - 1, SEALED_CHUNK_SIZE);
  // An empty last chunk (TAG_SIZE bytes) is only valid as the first chunk.
  const shortest = Math.max(counter === 0 ? TAG_SIZE : TAG_SIZE + 1, remaining - MAX_TRAILING_PROBE);
  for (let length = longest; length >= shortest; length--) {
    if (aeadOpen(s, key, nonce, chunks.subarray(position, position + length))) return remaining - length;
  }
  return null;
}

function truncated(detail: string): AgeError {
  return new AgeError('truncated', `The archive is incomplete: ${detail}. It was probably cut off while being downloaded or copied; try another copy.`);
}

function trailingData(extraBytes: number): AgeError {
  return new AgeError(
    'trailing-data',
    `The archive has ${extraBytes} unexpected byte${extraBytes === 1 ? '' : 's'} after its end. Its contents are intact, but the file was ` +
      'changed after it was written (for example by a transfer tool), so Ferry does not accept it as it is.',
  );
}

// ---------------------------------------------------------------------------------------------
// Header encoding and parsing (spec §Header)

function encodeStanza(s: Sodium, stanza: Stanza): string {
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

interface ParsedHeader {
  stanzas: Stanza[];
  mac: Uint8Array;
  /** The header bytes the MAC covers: everything up to and including "---". */
  macInput: Uint8Array;
  payloadOffset: number;
}

function parseHeader(s: Sodium, file: Uint8Array): ParsedHeader {
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

function checkIntro(file: Uint8Array): void {
  if (startsWith(file, INTRO_LINE)) return;
  if (file.length === 0) throw truncated('the file is empty');
  if (file.length < INTRO_LINE.length && startsWith(INTRO_LINE, file)) throw truncated('it ends inside its header');
  const head = ascii.decode(file.subarray(0, 64));
  if (/^\s*-----BEGIN AGE ENCRYPTED FILE-----/.test(head)) {
    throw new AgeError('not-age', 'This archive is in age\'s text ("armored") form, which Ferry cannot open yet. Convert it with `age` or pick the binary .age file.');
  }
  if (head.startsWith('age-encryption.org/')) {
    throw new AgeError('not-age', 'This file uses a version of the age format that Ferry does not know (only age-encryption.org/v1 is supported).');
  }
  throw new AgeError('not-age', 'This file is not an encrypted Ferry archive: it is not in the age format (age-encryption.org/v1).');
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
