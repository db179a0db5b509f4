/**
 * age v1 encryption and decryption as streams (spec §Header, §Payload), plus whole-buffer
 * forms built on them. Sources are `AsyncIterable<Uint8Array>`: Node's file streams and web
 * `ReadableStream`s both are, so the same code serves the CLI, extension pages and workers.
 *
 * The payload is STREAM: a 16-byte nonce, then the plaintext in 64 KiB chunks, each sealed with
 * ChaCha20-Poly1305 under HKDF(file key, nonce, "payload") with the chunk nonce = 11-byte
 * big-endian counter || last-chunk flag.
 *
 * `decryptStream` yields each chunk once it has verified, but a later chunk can still fail:
 * whoever acts on the output (writes a file, imports items) must keep it provisional until the
 * generator has finished without throwing. `decryptWithIdentities` does exactly that.
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { armorStream, dearmorStream, looksArmored } from './armor.js';
import {
  AgeError,
  CHUNK_SIZE,
  FILE_KEY_SIZE,
  PAYLOAD_NONCE_SIZE,
  SCRYPT_STANZA_TYPE,
  SEALED_CHUNK_SIZE,
  TAG_SIZE,
  checkIntro,
  findHeaderEnd,
  footerLine,
  headerMacInput,
  malformed,
  parseHeader,
  randomBytes,
  trailingData,
  truncated,
  utf8,
  type Identity,
  type Recipient,
  type Stanza,
} from './format.js';
import { aeadOpen, aeadSeal, heapAead, hkdfSha256, hmacSha256, loadSodium, type Sodium } from './sodium.js';
import { checkRecipientsCompatible, noIdentityMatched } from './keys.js';
import { ScryptRecipient } from './scrypt.js';

/**
 * When the last chunk fails to authenticate, lengths up to this many bytes shorter are tried so
 * that bytes appended to an intact file are reported as such (see `findTrailingData`). Only runs
 * on the failure path; the worst case (a failing full-size last chunk) measured ~90 ms in Node.
 */
const MAX_TRAILING_PROBE = 1024;
/** A header larger than this is refused rather than buffered without end. */
const MAX_HEADER_SIZE = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The payload cipher
//
// The one primitive age's payload spends its time in: ChaCha20-Poly1305 (RFC 8439, 12-byte
// nonce, no associated data) over 64 KiB chunks. It is a parameter so that the CLI can use the
// runtime's native implementation (src/cli/node-aead.ts: OpenSSL, measured 3-4x libsodium's
// WebAssembly here) while extension pages and workers keep libsodium. Both produce the same bytes
// (RFC 8439 is deterministic), so the format does not depend on which one ran.
export interface PayloadCipher {
  /** A name for figures and messages ("libsodium", "node:crypto"). */
  readonly name: string;
  /** ciphertext || 16-byte tag. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** The plaintext, or null when `sealed` does not authenticate under this key and nonce. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | null;
  /**
   * Optional: seal's bytes written into `out` at `at` rather than returned. The whole-buffer
   * forms write the file chunk by chunk into one array, and use this when a cipher has it.
   */
  sealInto?(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, out: Uint8Array, at: number): void;
  /** Optional: open's plaintext written into `out` at `at`; false, writing nothing, when it does not authenticate. */
  openInto?(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, out: Uint8Array, at: number): boolean;
}

/** libsodium's ChaCha20-Poly1305, the one self-tested in sodium.ts: the default everywhere. */
export function sodiumPayloadCipher(s: Sodium): PayloadCipher {
  const heap = heapAead(s);
  return {
    name: 'libsodium',
    seal: (key, nonce, plaintext) => aeadSeal(s, key, nonce, plaintext),
    open: (key, nonce, sealed) => aeadOpen(s, key, nonce, sealed),
    ...(heap ? { sealInto: heap.sealInto, openInto: heap.openInto } : {}),
  };
}

function sealInto(c: PayloadCipher, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, out: Uint8Array, at: number): void {
  if (c.sealInto) c.sealInto(key, nonce, plaintext, out, at);
  else out.set(c.seal(key, nonce, plaintext), at);
}

function openInto(c: PayloadCipher, key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, out: Uint8Array, at: number): boolean {
  if (c.openInto) return c.openInto(key, nonce, sealed, out, at);
  const plaintext = c.open(key, nonce, sealed);
  if (plaintext) out.set(plaintext, at);
  return plaintext !== null;
}

let processDefault: PayloadCipher | undefined;

/**
 * Makes `cipher` the payload cipher of every later encryption and decryption in this process
 * that does not name one (the CLI sets the native one once at start, so every command that
 * reads or writes an age file gets it, through whichever helper it goes). Undefined restores
 * libsodium.
 */
export function setDefaultPayloadCipher(cipher: PayloadCipher | undefined): void {
  processDefault = cipher;
}

/** The cipher a stream uses: the one asked for, else the process default, else libsodium. */
function payloadCipher(s: Sodium, asked: PayloadCipher | undefined): PayloadCipher {
  return asked ?? processDefault ?? sodiumPayloadCipher(s);
}

export interface EncryptStreamOptions {
  /** Write age's ASCII armor instead of the binary form. */
  armor?: boolean;
  /** The payload's ChaCha20-Poly1305 (default: the process default, else libsodium; see PayloadCipher). */
  cipher?: PayloadCipher;
}

export interface DecryptStreamOptions {
  /** As EncryptStreamOptions.cipher. */
  cipher?: PayloadCipher;
}

// ---------------------------------------------------------------------------------------------
// Reading a byte stream in exact-size pieces

class ByteReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  #chunks: Uint8Array[] = [];
  #length = 0;
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  get length(): number {
    return this.#length;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Buffers until at least `n` bytes are held or the source ends; returns what is held. */
  async fill(n: number): Promise<number> {
    while (this.#length < n && !this.#done) {
      const next = await this.#iterator.next();
      if (next.done) this.#done = true;
      else if (next.value.length > 0) {
        this.#chunks.push(next.value);
        this.#length += next.value.length;
      }
    }
    return this.#length;
  }

  /** The first `n` held bytes as one array (n <= length), without consuming them. */
  peek(n: number): Uint8Array {
    // Nothing to join for none: joining would put an empty array first, and then the next peek
    // copied everything held after it (the whole file, for openBinaryHeader on a whole buffer).
    if (n === 0) return new Uint8Array(0);
    const first = this.#chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    let at = 0;
    for (const chunk of this.#chunks) {
      if (at === n) break;
      const part = chunk.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
    }
    this.#chunks = [out, ...this.#chunksAfter(n)];
    return out.subarray(0, n);
  }

  /** Consumes and returns the first `n` held bytes (n <= length). */
  take(n: number): Uint8Array {
    const out = this.peek(n);
    this.#chunks = this.#chunksAfter(n);
    this.#length -= n;
    return out;
  }

  #chunksAfter(n: number): Uint8Array[] {
    const rest: Uint8Array[] = [];
    let skip = n;
    for (const chunk of this.#chunks) {
      if (skip >= chunk.length) skip -= chunk.length;
      else {
        rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
        skip = 0;
      }
    }
    return rest;
  }

  /** Consumes the rest of the source and says how many bytes it held. */
  async drain(): Promise<number> {
    let total = this.#length;
    this.#chunks = [];
    this.#length = 0;
    for (;;) {
      const next = await this.#iterator.next();
      if (next.done) break;
      total += next.value.length;
    }
    this.#done = true;
    return total;
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

// ---------------------------------------------------------------------------------------------
// Encryption

const passphraseNotAlone = () => new RangeError('A passphrase recipient cannot be combined with other recipients.');

/** Encrypts a stream to one or more recipients; yields the age file (binary, or armored). */
export async function* encryptStream(source: AsyncIterable<Uint8Array>, recipients: readonly Recipient[], options: EncryptStreamOptions = {}): AsyncGenerator<Uint8Array> {
  const binary = encryptBinary(source, recipients, options.cipher);
  yield* options.armor ? armorStream(binary) : binary;
}

async function* encryptBinary(source: AsyncIterable<Uint8Array>, recipients: readonly Recipient[], asked: PayloadCipher | undefined): AsyncGenerator<Uint8Array> {
  const { head, payloadKey } = await beginEncryption(recipients);
  try {
    const cipher = payloadCipher(await loadSodium(), asked);
    yield head;
    // A chunk is sealed only once more input is known to follow or the input has ended, so the
    // last one gets its flag. An empty input is one empty final chunk; an exact multiple of
    // 64 KiB ends on a full final chunk (spec §Payload; `age` rejects an extra empty one).
    const reader = new ByteReader(source);
    for (let counter = 0; ; counter++) {
      const held = await reader.fill(CHUNK_SIZE + 1);
      const last = held <= CHUNK_SIZE;
      const chunk = reader.take(Math.min(held, CHUNK_SIZE));
      yield cipher.seal(payloadKey, chunkNonce(counter, last), chunk);
      if (last) return;
    }
  } finally {
    payloadKey.fill(0);
  }
}

/**
 * The start of a new age file for `recipients`: its header and payload nonce (`head`, the file's
 * first bytes), and the payload key its chunks are sealed under (the caller wipes it). This is
 * encryptStream's own first step, exported for a runtime's own payload writer (the CLI's, in
 * src/cli/age-file.ts), so that there is one header writer whichever code seals the chunks.
 */
export async function beginEncryption(recipients: readonly Recipient[]): Promise<{ head: Uint8Array; payloadKey: Uint8Array }> {
  if (recipients.length === 0) throw new RangeError('At least one recipient is needed.');
  // Refused before any key work (scrypt takes a second, ML-KEM milliseconds), passphrase first.
  if (recipients.length > 1 && recipients.some((r) => r instanceof ScryptRecipient)) throw passphraseNotAlone();
  checkRecipientsCompatible(recipients);
  const s = await loadSodium();
  const fileKey = randomBytes(FILE_KEY_SIZE);
  try {
    const stanzas: Stanza[] = [];
    for (const recipient of recipients) stanzas.push(...(await recipient.wrap(fileKey)));
    // spec §scrypt: an scrypt stanza must be alone, so that a passphrase file never also opens
    // with some other key (which would defeat its authentication).
    if (stanzas.length > 1 && stanzas.some((st) => st.type === SCRYPT_STANZA_TYPE)) {
      throw passphraseNotAlone();
    }
    // spec §Header: MAC over the header up to and including "---" (not the space after it),
    // keyed with HKDF-SHA-256(ikm = file key, salt = empty, info = "header").
    const headerText = headerMacInput(s, stanzas);
    const macKey = await hkdfSha256(fileKey, new Uint8Array(0), utf8('header'), 32);
    const mac = hmacSha256(s, macKey, utf8(headerText));
    macKey.fill(0);
    // spec §Payload: payload key = HKDF-SHA-256(ikm = file key, salt = 16-byte nonce, info = "payload").
    const nonce = randomBytes(PAYLOAD_NONCE_SIZE);
    const payloadKey = await hkdfSha256(fileKey, nonce, utf8('payload'), 32);
    const header = utf8(headerText + footerLine(s, mac));
    const head = new Uint8Array(header.length + PAYLOAD_NONCE_SIZE);
    head.set(header);
    head.set(nonce, header.length);
    return { head, payloadKey };
  } finally {
    fileKey.fill(0);
  }
}

// ---------------------------------------------------------------------------------------------
// Decryption

/**
 * Decrypts an age file (binary or armored) with the first identity that recognizes a stanza.
 * Yields plaintext chunk by chunk, each verified; throws an AgeError as soon as anything fails.
 */
export async function* decryptStream(source: AsyncIterable<Uint8Array>, identities: readonly Identity[], options: DecryptStreamOptions = {}): AsyncGenerator<Uint8Array> {
  const s = await loadSodium();
  const cipher = payloadCipher(s, options.cipher);
  let reader = new ByteReader(source);
  // Armor is recognized by its first line, so both forms open the same way.
  await reader.fill(64);
  if (looksArmored(reader.peek(reader.length))) reader = new ByteReader(dearmorStream(rest(reader)));
  const payloadKey = await openPayload(s, reader, identities);
  try {
    yield* decryptPayload(cipher, payloadKey, reader, 0);
  } finally {
    payloadKey.fill(0);
  }
}

/**
 * decryptStream's first step for a binary age file whose first bytes are `start`: reads and
 * checks the header and payload nonce as decryptStream does (same checks, same errors) and
 * returns the payload key (the caller wipes it) and where the first chunk begins. `start` must
 * hold at least MAX_HEADER_SIZE + 64 bytes, or the whole file (`complete`). Exported for a
 * runtime's own payload reader (the CLI's, src/cli/age-file.ts), which hands the file's last
 * chunk, and any chunk that fails, to decryptPayloadFrom, so that every error is this module's.
 */
export async function openBinaryHeader(start: Uint8Array, complete: boolean, identities: readonly Identity[]): Promise<{ payloadKey: Uint8Array; payloadStart: number }> {
  if (!complete && start.length <= MAX_HEADER_SIZE + 64) throw new RangeError('openBinaryHeader needs the first MiB of the file, or all of it');
  const s = await loadSodium();
  const reader = new ByteReader(once(start));
  const payloadKey = await openPayload(s, reader, identities);
  return { payloadKey, payloadStart: start.length - reader.length };
}

/**
 * Decrypts the payload from chunk number `firstCounter` on, `source` starting at that chunk:
 * decryptStream's own payload step, for a payload reader that verified the chunks before it.
 */
export function decryptPayloadFrom(cipher: PayloadCipher, payloadKey: Uint8Array, source: AsyncIterable<Uint8Array>, firstCounter: number): AsyncGenerator<Uint8Array> {
  return decryptPayload(cipher, payloadKey, new ByteReader(source), firstCounter);
}

/** Reads the header and payload nonce, checks the header MAC; returns the payload key. */
async function openPayload(s: Sodium, reader: ByteReader, identities: readonly Identity[]): Promise<Uint8Array> {
  const { header, fileKey } = await readHeader(s, reader, identities);
  try {
    // spec §Header: only now, with the file key, can the header MAC be checked.
    const macKey = await hkdfSha256(fileKey, new Uint8Array(0), utf8('header'), 32);
    const expectedMac = hmacSha256(s, macKey, header.macInput);
    macKey.fill(0);
    if (!s.memcmp(expectedMac, header.mac)) {
      throw new AgeError(
        'header-mac',
        "The archive's header has been altered or damaged: the passphrase or key was right, but the header failed its integrity check, so the file cannot be trusted.",
      );
    }
    if ((await reader.fill(PAYLOAD_NONCE_SIZE)) < PAYLOAD_NONCE_SIZE) throw truncated('it ends right after its header');
    return await hkdfSha256(fileKey, reader.take(PAYLOAD_NONCE_SIZE), utf8('payload'), 32);
  } finally {
    fileKey.fill(0);
  }
}

async function* rest(reader: ByteReader): AsyncGenerator<Uint8Array> {
  for (;;) {
    if (reader.length > 0) yield reader.take(reader.length);
    if (reader.done) return;
    await reader.fill(reader.length + 1);
  }
}

async function readHeader(s: Sodium, reader: ByteReader, identities: readonly Identity[]): Promise<{ header: ReturnType<typeof parseHeader>; fileKey: Uint8Array }> {
  let end = -1;
  let scanned = 0;
  for (;;) {
    const held = reader.length;
    checkIntro(reader.peek(Math.min(held, 64)), reader.done);
    end = findHeaderEnd(reader.peek(held), Math.max(0, scanned - 4));
    if (end >= 0) break;
    scanned = held;
    if (reader.done) {
      parseHeader(s, reader.peek(held)); // throws the precise error (truncated or malformed)
      throw truncated('it ends inside its header');
    }
    if (held > MAX_HEADER_SIZE) throw malformed('it is larger than 1 MiB');
    await reader.fill(held + 4096);
  }
  const header = parseHeader(s, new Uint8Array(reader.take(end)));

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
  if (!fileKey) throw noIdentityMatched(header.stanzas, identities);
  if (fileKey.length !== FILE_KEY_SIZE) throw malformed('the unwrapped file key has the wrong size');
  return { header, fileKey };
}

/**
 * Chunk nonce: 11-byte big-endian chunk counter, then 0x01 for the last chunk or 0x00 otherwise.
 * The last-chunk flag is what makes truncation at a chunk boundary detectable.
 */
export function chunkNonce(counter: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(12);
  const view = new DataView(nonce.buffer);
  view.setUint32(3, Math.floor(counter / 2 ** 32));
  view.setUint32(7, counter >>> 0);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * Chunk boundaries are not marked in the file: every chunk but the last is exactly 64 KiB + 16,
 * and the last (flagged in its nonce) is 16 to 64 KiB + 16 bytes long. Reading one byte past a
 * full chunk tells whether it must be a middle chunk or the last.
 */
async function* decryptPayload(c: PayloadCipher, key: Uint8Array, reader: ByteReader, firstCounter: number): AsyncGenerator<Uint8Array> {
  for (let counter = firstCounter; ; counter++) {
    const held = await reader.fill(SEALED_CHUNK_SIZE + 1);
    if (held === 0) throw counter === 0 ? truncated('its encrypted contents are missing') : truncated('its last part is missing');
    if (held < TAG_SIZE) throw truncated('it ends in the middle of its last part');

    if (held > SEALED_CHUNK_SIZE) {
      // More follows, so this must be a middle chunk.
      const sealed = reader.take(SEALED_CHUNK_SIZE);
      const plaintext = c.open(key, chunkNonce(counter, false), sealed);
      if (plaintext) {
        yield plaintext;
        continue;
      }
      // A valid last chunk with bytes after it: the file was extended.
      if (c.open(key, chunkNonce(counter, true), sealed)) throw trailingData(await reader.drain());
      await reader.fill(MAX_TRAILING_PROBE + 1);
      if (reader.done && reader.length <= MAX_TRAILING_PROBE) {
        const remaining = new Uint8Array(SEALED_CHUNK_SIZE + reader.length);
        remaining.set(sealed);
        remaining.set(reader.take(reader.length), SEALED_CHUNK_SIZE);
        const extra = findTrailingData(c, key, remaining, counter);
        if (extra !== null) throw trailingData(extra);
      }
      throw corrupt(`part ${counter + 1} of its contents`);
    }

    // The input ended: this is the last chunk.
    const sealed = reader.take(held);
    const plaintext = c.open(key, chunkNonce(counter, true), sealed);
    if (!plaintext) {
      // A full middle chunk with nothing after it: cut at a chunk boundary.
      if (held === SEALED_CHUNK_SIZE && c.open(key, chunkNonce(counter, false), sealed)) throw truncated('its last part is missing');
      const extra = findTrailingData(c, key, sealed, counter);
      if (extra !== null) throw trailingData(extra);
      throw corrupt('its last part');
    }
    // spec §Payload: the last chunk may be empty only if it is the only chunk.
    if (plaintext.length === 0 && counter > 0) {
      throw new AgeError('payload-corrupt', 'The archive is damaged: it ends with an empty final part, which is not allowed, so nothing was decrypted.');
    }
    yield plaintext;
    return;
  }
}

function corrupt(where: string): AgeError {
  return new AgeError(
    'payload-corrupt',
    `The archive is damaged: ${where} failed its integrity check, so nothing was decrypted. ` + 'The file was altered or cut short after it was written; try another copy.',
  );
}

/**
 * When the last chunk fails, checks whether a shorter prefix of what is left opens as the last
 * chunk. If one does, the file is intact up to there and the rest was appended (a transfer tool
 * adding a newline, two files concatenated); that is worth a clearer message than "damaged". A
 * chunk that authenticates is proof, not a guess: a forgery would have to beat Poly1305.
 * Returns the number of extra bytes, or null.
 */
function findTrailingData(c: PayloadCipher, key: Uint8Array, remaining: Uint8Array, counter: number): number | null {
  if (remaining.length > SEALED_CHUNK_SIZE + MAX_TRAILING_PROBE) return null;
  const nonce = chunkNonce(counter, true);
  const longest = Math.min(remaining.length - 1, SEALED_CHUNK_SIZE);
  // An empty last chunk (TAG_SIZE bytes) is only valid as the first chunk.
  const shortest = Math.max(counter === 0 ? TAG_SIZE : TAG_SIZE + 1, remaining.length - MAX_TRAILING_PROBE);
  for (let length = longest; length >= shortest; length--) {
    if (c.open(key, nonce, remaining.subarray(0, length))) return remaining.length - length;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Whole buffers

/**
 * Encrypts to one or more recipients. The binary form is written chunk by chunk straight into the
 * one array it returns (the same bytes encryptStream yields, without a new array per chunk, which
 * is what the stream's consumer then copied again: the larger part of the time on big archives).
 */
export async function encryptToRecipients(plaintext: Uint8Array, recipients: readonly Recipient[], options: EncryptStreamOptions = {}): Promise<Uint8Array> {
  if (options.armor) return collect(encryptStream(once(plaintext), recipients, options));
  const { head, payloadKey } = await beginEncryption(recipients);
  try {
    const cipher = payloadCipher(await loadSodium(), options.cipher);
    const out = new Uint8Array(head.length - PAYLOAD_NONCE_SIZE + encryptedSize(plaintext.length));
    out.set(head);
    // As encryptBinary: an empty input is one empty final chunk, and a multiple of 64 KiB ends
    // on a full final chunk.
    const chunks = Math.max(1, Math.ceil(plaintext.length / CHUNK_SIZE));
    let at = head.length;
    for (let counter = 0; counter < chunks; counter++) {
      const chunk = plaintext.subarray(counter * CHUNK_SIZE, (counter + 1) * CHUNK_SIZE);
      sealInto(cipher, payloadKey, chunkNonce(counter, counter === chunks - 1), chunk, out, at);
      at += chunk.length + TAG_SIZE;
    }
    if (at !== out.length) throw new Error(`internal error: the encrypted file came out ${at} bytes long instead of ${out.length}`);
    return out;
  } finally {
    payloadKey.fill(0);
  }
}

/**
 * Decrypts with the first identity that recognizes a stanza. Verifies everything before returning.
 * A binary file is opened chunk by chunk straight into the one array returned; at the first chunk
 * that does not open as expected (damage, a cut, bytes appended, a bad final chunk) the rest goes
 * through decryptStream's own payload step, so every refusal is the stream's, word for word.
 */
export async function decryptWithIdentities(file: Uint8Array, identities: readonly Identity[], options: DecryptStreamOptions = {}): Promise<Uint8Array> {
  if (looksArmored(file)) return collect(decryptStream(once(file), identities, options), file.length);
  const s = await loadSodium();
  const cipher = payloadCipher(s, options.cipher);
  const { payloadKey, payloadStart } = await openBinaryHeader(file, true, identities);
  try {
    const payload = file.subarray(payloadStart);
    // Every chunk but the last is exactly SEALED_CHUNK_SIZE; the last holds 1 to SEALED_CHUNK_SIZE
    // bytes (decryptPayload's reading of the same rule). The stream from chunk n on behaves as
    // the stream from the start once chunks 0..n-1 opened, which is why refuse() can begin there.
    const middles = payload.length > SEALED_CHUNK_SIZE ? Math.floor((payload.length - 1) / SEALED_CHUNK_SIZE) : 0;
    const lastLength = payload.length - middles * SEALED_CHUNK_SIZE;
    const out = new Uint8Array(middles * CHUNK_SIZE + Math.max(0, lastLength - TAG_SIZE));
    const refuse = async (counter: number): Promise<never> => {
      out.fill(0);
      await collect(decryptPayload(cipher, payloadKey, new ByteReader(once(payload.subarray(counter * SEALED_CHUNK_SIZE))), counter));
      throw new Error(`internal error: part ${counter + 1} of the file failed to open whole, but opened as a stream`);
    };
    for (let counter = 0; counter <= middles; counter++) {
      const last = counter === middles;
      // A last chunk shorter than a tag, or empty after others, is the stream's to refuse.
      if (last && (lastLength < TAG_SIZE || (lastLength === TAG_SIZE && counter > 0))) return await refuse(counter);
      const sealed = payload.subarray(counter * SEALED_CHUNK_SIZE, last ? payload.length : (counter + 1) * SEALED_CHUNK_SIZE);
      if (!openInto(cipher, payloadKey, chunkNonce(counter, last), sealed, out, counter * CHUNK_SIZE)) return await refuse(counter);
    }
    return out;
  } finally {
    payloadKey.fill(0);
  }
}

/** The payload size for a plaintext size (the header comes on top). */
function encryptedSize(plaintextSize: number): number {
  return PAYLOAD_NONCE_SIZE + plaintextSize + Math.max(1, Math.ceil(plaintextSize / CHUNK_SIZE)) * TAG_SIZE;
}

/**
 * Collects a stream into one array. On failure, what was collected is wiped: the caller sees
 * nothing from a file that turns out to be damaged.
 */
export async function collect(stream: AsyncIterable<Uint8Array>, sizeHint = 0): Promise<Uint8Array> {
  let out = new Uint8Array(sizeHint + 4096);
  let length = 0;
  try {
    for await (const piece of stream) {
      if (length + piece.length > out.length) {
        const grown = new Uint8Array(Math.max(out.length * 2, length + piece.length));
        grown.set(out.subarray(0, length));
        out.fill(0);
        out = grown;
      }
      out.set(piece, length);
      length += piece.length;
    }
  } catch (error) {
    out.fill(0);
    throw error;
  }
  return out.subarray(0, length);
}
