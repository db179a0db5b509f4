/**
 * Node only: age's payload cipher through the runtime's own ChaCha20-Poly1305 (`node:crypto`,
 * OpenSSL), for the CLI; extension pages keep libsodium (see PayloadCipher in src/crypto/stream.ts).
 * Measured here on 64 KiB chunks: 640-1050 MB/s sealing and 530-1420 MB/s opening, against
 * libsodium's 255-410 and 320-350 MB/s in the same runs. Same bytes as libsodium; the CCTV vectors run through both.
 *
 * Checked against RFC 8439's example before first use, as libsodium is (sodium.ts), so that an
 * OpenSSL build that got it wrong cannot write archives nobody can open.
 */
import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { TAG_SIZE } from '../crypto/format.js';
import { chunkNonce, type PayloadCipher } from '../crypto/index.js';

const ALGORITHM = 'chacha20-poly1305';

function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_SIZE });
  // update() of a stream cipher returns exactly its input's length, and final() nothing.
  // Buffer.concat allocates without zero-filling, which a new Uint8Array would do per 64 KiB.
  const ciphertext = cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([ciphertext, cipher.getAuthTag()], plaintext.length + TAG_SIZE);
}

function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  if (sealed.length < TAG_SIZE) return null;
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_SIZE });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  try {
    decipher.final();
  } catch {
    // Not authentic: what update() produced is unverified, and is wiped rather than returned.
    plaintext.fill(0);
    return null;
  }
  return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.length);
}

/**
 * age's chunk cipher for one payload key: seals or opens chunk number `counter`, the nonce
 * (11-byte big-endian counter, then the last-chunk flag) built in place. The file readers and
 * writers of age-file.ts use it instead of PayloadCipher, which builds a nonce array per chunk
 * and returns ciphertext and tag as one array (a copy of every chunk).
 */
export interface ChunkCipher {
  sealer(key: Uint8Array): ((counter: number, last: boolean, plaintext: Uint8Array) => [ciphertext: Uint8Array, tag: Uint8Array]) & {
    /** Seals into `out` at `at` (ciphertext, then tag); returns the bytes written (plaintext length + 16). */
    into(counter: number, last: boolean, plaintext: Uint8Array, out: Uint8Array, at: number): number;
    wipe(): void;
  };
  /** Opens a middle chunk (flag 0); null when it does not authenticate (nothing of it is returned). */
  opener(key: Uint8Array): ((counter: number, sealed: Uint8Array) => Uint8Array | null) & {
    /** Opens a middle chunk into `out` at `at`; false (and nothing of it in `out`) when it does not authenticate. */
    into(counter: number, sealed: Uint8Array, out: Uint8Array, at: number): boolean;
    wipe(): void;
  };
}

/**
 * Frees the memory of `bytes` now instead of at the next garbage collection: Node's update()
 * returns a fresh 64 KiB array per chunk, and left to the collector about 64 MiB of them piled
 * up before each collection, every page of it new to the process (a page fault each); 256 MiB
 * of `ferry encrypt` took 12-17 thousand faults and 0.50-0.60 s of CPU, against 4 thousand and
 * 0.35-0.42 s with this. An ArrayBuffer posted (transferred) to a MessagePort is detached, and a
 * port whose channel is closed drops the message, and with it the memory, at once. Only an array
 * that owns its whole ArrayBuffer is released (update()'s do; a pooled one never is).
 */
function release(bytes: Uint8Array): void {
  if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength || !(bytes.buffer instanceof ArrayBuffer)) return;
  try {
    closedPort().postMessage(null, [bytes.buffer]);
  } catch {
    // Left to the garbage collector, as without this.
  }
}

let drain: MessagePort | undefined;
function closedPort(): MessagePort {
  if (!drain) {
    const channel = new MessageChannel();
    channel.port2.close();
    channel.port1.close();
    drain = channel.port1;
  }
  return drain;
}

/** The nonce of chunk `counter`: bytes 0-10 the counter, big-endian (files under 2^53 chunks), byte 11 the flag. */
function setNonce(nonce: Buffer, counter: number, last: boolean): void {
  nonce.writeUInt32BE(Math.floor(counter / 2 ** 32), 3);
  nonce.writeUInt32BE(counter >>> 0, 7);
  nonce[11] = last ? 1 : 0;
}

const chunkCipher: ChunkCipher = {
  sealer(key) {
    const k = Buffer.from(key);
    const nonce = Buffer.alloc(12);
    const sealChunk = (counter: number, last: boolean, plaintext: Uint8Array): [Uint8Array, Uint8Array] => {
      setNonce(nonce, counter, last);
      const cipher = createCipheriv(ALGORITHM, k, nonce, { authTagLength: TAG_SIZE });
      const ciphertext = cipher.update(plaintext);
      cipher.final();
      return [ciphertext, cipher.getAuthTag()];
    };
    // Into a caller's block buffer: Node's update() still returns a fresh array (there is no
    // update-into), but the block is then written with one write() instead of two iovecs a chunk.
    const into = (counter: number, last: boolean, plaintext: Uint8Array, out: Uint8Array, at: number): number => {
      setNonce(nonce, counter, last);
      const cipher = createCipheriv(ALGORITHM, k, nonce, { authTagLength: TAG_SIZE });
      const ciphertext = cipher.update(plaintext);
      cipher.final();
      out.set(ciphertext, at);
      out.set(cipher.getAuthTag(), at + ciphertext.length);
      const length = ciphertext.length;
      release(ciphertext);
      return length + TAG_SIZE;
    };
    return Object.assign(sealChunk, { into, wipe: () => void k.fill(0) });
  },
  opener(key) {
    const k = Buffer.from(key);
    const nonce = Buffer.alloc(12);
    const openChunk = (counter: number, sealed: Uint8Array): Uint8Array | null => {
      setNonce(nonce, counter, false);
      return open(k, nonce, sealed);
    };
    const into = (counter: number, sealed: Uint8Array, out: Uint8Array, at: number): boolean => {
      setNonce(nonce, counter, false);
      const plaintext = open(k, nonce, sealed);
      if (!plaintext) return false;
      out.set(plaintext, at);
      release(plaintext);
      return true;
    };
    return Object.assign(openChunk, { into, wipe: () => void k.fill(0) });
  },
};

/**
 * The chunk cipher on the same self-tested OpenSSL, or undefined where nodePayloadCipher is.
 * Checked once against the self-tested PayloadCipher with stream.ts's own nonces, at a counter
 * past 2^32 and both flags: what could differ between them is how the nonce is built.
 */
export function nodeChunkCipher(): ChunkCipher | undefined {
  const payload = nodePayloadCipher();
  if (!payload) return undefined;
  if (!chunkChecked) {
    const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const plaintext = new TextEncoder().encode('age chunk nonce check');
    const seal = chunkCipher.sealer(key);
    const open = chunkCipher.opener(key);
    for (const [counter, last] of [[0, false], [2 ** 32 + 5, true], [2 ** 40 + 258, false]] as const) {
      const [ciphertext, tag] = seal(counter, last, plaintext);
      const expected = payload.seal(key, chunkNonce(counter, last), plaintext);
      const sealed = Buffer.concat([ciphertext, tag]);
      const opened = last ? payload.open(key, chunkNonce(counter, true), sealed) : open(counter, sealed);
      // The block paths too (into a buffer at an offset), which is what the CLI's files go through.
      const sealedInto = new Uint8Array(sealed.length + 3);
      const intoLength = seal.into(counter, last, plaintext, sealedInto, 3);
      const openedInto = new Uint8Array(plaintext.length + 5);
      const intoOpened = last || open.into(counter, sealed, openedInto, 5);
      const intoOk = intoLength === sealed.length && Buffer.compare(sealedInto.subarray(3), sealed) === 0 && intoOpened && (last || Buffer.compare(openedInto.subarray(5), Buffer.from(plaintext)) === 0);
      if (!intoOk || Buffer.compare(sealed, Buffer.from(expected)) !== 0 || !opened || Buffer.compare(Buffer.from(opened), Buffer.from(plaintext)) !== 0) {
        throw new Error("Encryption is disabled: the CLI's chunk cipher (node:crypto) does not give the bytes of its self-tested payload cipher, so it could write archives that can never be opened.");
      }
    }
    chunkChecked = true;
  }
  return chunkCipher;
}

let chunkChecked = false;

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/**
 * RFC 8439 section 2.8.2's key, nonce and message, without its associated data (age uses none).
 * The expected bytes came from libsodium and from Python's `cryptography`, which agree; the
 * ciphertext part is the RFC's own.
 */
function selfTest(): void {
  const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
  const nonce = hex('070000004041424344454647');
  const plaintext = new TextEncoder().encode("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
  const sealed = seal(key, nonce, plaintext);
  const ok = Buffer.from(sealed).toString('hex') === KNOWN_SEALED;
  const opened = open(key, nonce, sealed);
  const forged = new Uint8Array(sealed);
  forged[forged.length - 1]! ^= 1;
  if (!ok || !opened || Buffer.compare(Buffer.from(opened), Buffer.from(plaintext)) !== 0 || open(key, nonce, forged) !== null) {
    throw new Error('Encryption is disabled: the runtime\'s ChaCha20-Poly1305 (node:crypto) failed its known-answer test, so it could produce archives that can never be opened.');
  }
}

/** The RFC 8439 2.8.2 message sealed without associated data: ciphertext (as in the RFC) then its tag. */
const KNOWN_SEALED =
  'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116' +
  '6a23a4681fd59456aea1d29f82477216';

/**
 * The native cipher, self-tested, or undefined when this runtime's OpenSSL has no
 * ChaCha20-Poly1305 (then libsodium serves, as in the browser).
 */
export function nodePayloadCipher(): PayloadCipher | undefined {
  if (checked === undefined) {
    if (getCiphers().includes(ALGORITHM)) {
      selfTest();
      checked = { name: 'node:crypto', seal, open };
    } else checked = null;
  }
  return checked ?? undefined;
}

/** The self-tested cipher once made (null: this runtime has none). */
let checked: PayloadCipher | null | undefined;
