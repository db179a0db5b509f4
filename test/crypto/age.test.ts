/**
 * Ferry's age v1 implementation (src/crypto): round trips, exact behaviour on damaged files, the
 * library self-test, and interoperability with the real `age` CLI in both directions.
 *
 * Most tests use scrypt work factor 10 (about 1 MiB, milliseconds) for speed; the default 18 is
 * exercised by one round trip and by every test against the CLI (`age -p` always writes 18).
 * Tests that need the `age` binary FAIL when it is missing, on purpose: CI installs it, and a
 * skipped interop test would let a format bug through silently.
 */
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHmac, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgeError, decryptWithPassphrase, encryptWithPassphrase, isAgeFile, loadSodium, type AgeErrorCode } from '../../src/crypto/index.js';
import { decryptWithIdentities, encryptToRecipients, ScryptRecipient, type Identity, type Recipient } from '../../src/crypto/age.js';
import { selfTest, type Sodium } from '../../src/crypto/sodium.js';
import { runInPty, runInPtyOrThrow } from '../support/pty.js';

const CHUNK = 64 * 1024;
const SEALED_CHUNK = CHUNK + 16;
const PASSPHRASE = 'correct horse battery staple';
const FAST = { workFactor: 10 } as const;

const bytes = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Where the header ends (just after the "--- MAC\n" line), i.e. where the payload nonce starts. */
function payloadStart(file: Uint8Array): number {
  const text = latin1(file.subarray(0, 4096));
  const footer = text.indexOf('\n--- ');
  return text.indexOf('\n', footer + 1) + 1;
}

/** Byte offset of `needle` in the header text, searching from `from`. */
function headerOffset(file: Uint8Array, needle: string, from = 0): number {
  const at = latin1(file.subarray(0, payloadStart(file))).indexOf(needle, from);
  if (at < 0) throw new Error(`${needle} not in header`);
  return at;
}

function withByte(file: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = new Uint8Array(file);
  copy[offset] = value;
  return copy;
}

function flipped(file: Uint8Array, offset: number): Uint8Array {
  return withByte(file, offset, file[offset]! ^ 0x01);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Replaces a base64 character by the one whose 6-bit value differs in the lowest bit. */
function base64LowBitFlipped(file: Uint8Array, offset: number): Uint8Array {
  const value = B64.indexOf(String.fromCharCode(file[offset]!));
  return withByte(file, offset, B64.charCodeAt(value ^ 0x01));
}
/** Replaces a base64 character by another one, changing its high bit (stays canonical anywhere). */
function base64HighBitFlipped(file: Uint8Array, offset: number): Uint8Array {
  const value = B64.indexOf(String.fromCharCode(file[offset]!));
  return withByte(file, offset, B64.charCodeAt(value ^ 0x20));
}

/** Awaits a decryption that must fail and returns its AgeError after checking the code. */
async function expectAgeError(promise: Promise<unknown>, code: AgeErrorCode): Promise<AgeError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected decryption to fail with ${code}, but it succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgeError);
  expect((error as AgeError).code, (error as AgeError).message).toBe(code);
  return error as AgeError;
}

describe('age v1 with a passphrase', () => {
  it.each([0, 1, 65535, 65536, 65537, 200000])('an archive of %i bytes decrypts back to exactly those bytes', async (size) => {
    const plaintext = bytes(size);
    const file = await encryptWithPassphrase(plaintext, PASSPHRASE, FAST);
    expect(isAgeFile(file)).toBe(true);
    // Header, 16-byte nonce, then each 64 KiB chunk plus a 16-byte tag; an empty plaintext is one
    // empty chunk and an exact multiple of 64 KiB gets no extra empty chunk.
    const chunks = Math.max(1, Math.ceil(size / CHUNK));
    expect(file.length).toBe(payloadStart(file) + 16 + size + 16 * chunks);
    expect(sameBytes(await decryptWithPassphrase(file, PASSPHRASE), plaintext)).toBe(true);
  });

  it('writes the header age expects: one scrypt stanza, unpadded standard base64, a decimal work factor and the MAC line', async () => {
    const file = await encryptWithPassphrase(bytes(10), PASSPHRASE, FAST);
    const header = latin1(file.subarray(0, payloadStart(file)));
    expect(header).toMatch(/^age-encryption\.org\/v1\n-> scrypt [A-Za-z0-9+/]{22} 10\n[A-Za-z0-9+/]{43}\n--- [A-Za-z0-9+/]{43}\n$/);
  });

  it('uses work factor 18 by default, as age -p does, and opens such an archive', async () => {
    const plaintext = bytes(1000);
    const file = await encryptWithPassphrase(plaintext, PASSPHRASE);
    expect(latin1(file.subarray(0, 100))).toMatch(/\n-> scrypt \S+ 18\n/);
    expect(sameBytes(await decryptWithPassphrase(file, PASSPHRASE), plaintext)).toBe(true);
  });

  it('never encrypts the same plaintext to the same bytes twice', async () => {
    const plaintext = bytes(100);
    const a = await encryptWithPassphrase(plaintext, PASSPHRASE, FAST);
    const b = await encryptWithPassphrase(plaintext, PASSPHRASE, FAST);
    expect(sameBytes(a, b)).toBe(false);
  });

  it('tells a person plainly that the passphrase was wrong', async () => {
    const file = await encryptWithPassphrase(bytes(100), PASSPHRASE, FAST);
    const error = await expectAgeError(decryptWithPassphrase(file, 'correct horse battery stapler'), 'wrong-passphrase');
    expect(error.message).toMatch(/^Wrong passphrase: the archive could not be unlocked\. Check the passphrase and try again\./);
  });

  it('refuses an empty passphrase and work factors it could not open itself', async () => {
    await expect(encryptWithPassphrase(bytes(1), '')).rejects.toThrow(RangeError);
    await expect(encryptWithPassphrase(bytes(1), PASSPHRASE, { workFactor: 0 })).rejects.toThrow(RangeError);
    await expect(encryptWithPassphrase(bytes(1), PASSPHRASE, { workFactor: 21 })).rejects.toThrow(RangeError);
    await expect(encryptWithPassphrase(bytes(1), PASSPHRASE, { workFactor: 10.5 })).rejects.toThrow(RangeError);
  });
});

/**
 * A second, independent age encoder built on Node's OpenSSL primitives (test-only), written
 * straight from the spec. It can write files Ferry's encoder never would (chunk layouts the
 * spec forbids), with valid keys, so the decoder's chunk rules can be tested.
 */
function craftAgeFile(passphrase: string, chunks: ReadonlyArray<readonly [plaintext: Uint8Array, last: boolean]>, logN = 10): Uint8Array {
  const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64').replace(/=+$/, '');
  const seal = (key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer => {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };
  const fileKey = randomBytes(16);
  const salt = randomBytes(16);
  const wrapKey = scryptSync(passphrase, Buffer.concat([Buffer.from('age-encryption.org/v1/scrypt'), salt]), 32, { N: 2 ** logN, r: 8, p: 1 });
  const header = `age-encryption.org/v1\n-> scrypt ${b64(salt)} ${logN}\n${b64(seal(wrapKey, Buffer.alloc(12), fileKey))}\n---`;
  const mac = createHmac('sha256', Buffer.from(hkdfSync('sha256', fileKey, Buffer.alloc(0), 'header', 32))).update(header).digest();
  const payloadNonce = randomBytes(16);
  const payloadKey = Buffer.from(hkdfSync('sha256', fileKey, payloadNonce, 'payload', 32));
  const parts: Uint8Array[] = [Buffer.from(`${header} ${b64(mac)}\n`), payloadNonce];
  chunks.forEach(([plaintext, last], counter) => {
    const nonce = Buffer.alloc(12);
    nonce.writeUInt32BE(counter, 7);
    nonce[11] = last ? 1 : 0;
    parts.push(seal(payloadKey, nonce, plaintext));
  });
  return concat(...parts);
}

describe('files from an independent age encoder', () => {
  it('Ferry decrypts what a separate implementation of the spec wrote', async () => {
    const [a, b] = [bytes(CHUNK), bytes(10)];
    const file = craftAgeFile(PASSPHRASE, [[a, false], [b, true]]);
    expect(sameBytes(await decryptWithPassphrase(file, PASSPHRASE), concat(a, b))).toBe(true);
  });

  it('an empty final chunk after data is refused, as the spec requires', async () => {
    const file = craftAgeFile(PASSPHRASE, [[bytes(CHUNK), false], [new Uint8Array(0), true]]);
    const error = await expectAgeError(decryptWithPassphrase(file, PASSPHRASE), 'payload-corrupt');
    expect(error.message).toMatch(/empty final part/);
  });

  it('a chunk shorter than 64 KiB that is not the last one is refused', async () => {
    const file = craftAgeFile(PASSPHRASE, [[bytes(100), false], [bytes(100), true]]);
    await expectAgeError(decryptWithPassphrase(file, PASSPHRASE), 'payload-corrupt');
  });

  it('data after a chunk marked last is refused even when it is itself a valid chunk', async () => {
    const file = craftAgeFile(PASSPHRASE, [[bytes(CHUNK), true], [bytes(10), true]]);
    await expectAgeError(decryptWithPassphrase(file, PASSPHRASE), 'trailing-data');
  });
});

describe('the recipient interface that X25519 will plug into', () => {
  /** A toy recipient: stores the file key in the clear, padded to `bodySize` bytes. */
  const toy = (bodySize: number): Recipient & Identity => ({
    wrap: async (fileKey) => [{ type: 'ferry-test', args: ['arg1', 'arg2'], body: concat(fileKey, new Uint8Array(bodySize - 16)) }],
    unwrap: async (stanzas) => stanzas.find((st) => st.type === 'ferry-test')?.body.slice(0, 16) ?? null,
  });

  it('wraps bodies at 64 columns, adding an empty line when the last one is full, and parses them back', async () => {
    for (const [bodySize, lines] of [
      [16, ['[A-Za-z0-9+/]{22}']],
      [48, ['[A-Za-z0-9+/]{64}', '']],
      [60, ['[A-Za-z0-9+/]{64}', '[A-Za-z0-9+/]{16}']],
      [96, ['[A-Za-z0-9+/]{64}', '[A-Za-z0-9+/]{64}', '']],
    ] as const) {
      const plaintext = bytes(70000);
      const file = await encryptToRecipients(plaintext, [toy(bodySize)]);
      const header = latin1(file.subarray(0, payloadStart(file)));
      expect(header).toMatch(new RegExp(`^age-encryption\\.org/v1\n-> ferry-test arg1 arg2\n${lines.join('\n')}\n--- [A-Za-z0-9+/]{43}\n$`));
      expect(sameBytes(await decryptWithIdentities(file, [toy(bodySize)]), plaintext)).toBe(true);
    }
  });

  it('refuses to combine a passphrase with another recipient', async () => {
    await expect(encryptToRecipients(bytes(1), [new ScryptRecipient(PASSPHRASE, 10), toy(16)])).rejects.toThrow(/cannot be combined/);
  });
});

describe('damaged or altered archives are refused with the code that says what happened', () => {
  let plaintext: Uint8Array;
  /** 200000 bytes: three full chunks and a short final one. */
  let file: Uint8Array;
  let start: number;

  beforeAll(async () => {
    plaintext = bytes(200000);
    file = await encryptWithPassphrase(plaintext, PASSPHRASE, FAST);
    start = payloadStart(file);
    expect(file.length).toBe(start + 16 + 3 * SEALED_CHUNK + (200000 - 3 * CHUNK) + 16);
  });

  it('a changed header byte is reported according to what it hit', async () => {
    const saltAt = headerOffset(file, '-> scrypt ') + '-> scrypt '.length;
    const workFactorAt = headerOffset(file, ' 10\n') + 1;
    const bodyAt = headerOffset(file, '\n', workFactorAt) + 1;
    const cases: Array<[string, Uint8Array, AgeErrorCode]> = [
      ['the version line', withByte(file, 0, 'b'.charCodeAt(0)), 'not-age'],
      ['the stanza type', withByte(file, headerOffset(file, 'scrypt') + 5, 'u'.charCodeAt(0)), 'unsupported-recipient'],
      // scrypt derives the unwrapping key from salt, work factor and passphrase, so damage
      // there cannot be told apart from a wrong passphrase (the message says so).
      ['the salt', base64HighBitFlipped(file, saltAt), 'wrong-passphrase'],
      ['the work factor, to another valid one', withByte(file, workFactorAt + 1, '1'.charCodeAt(0)), 'wrong-passphrase'],
      ['the work factor, to a leading zero', withByte(file, workFactorAt, '0'.charCodeAt(0)), 'bad-header'],
      ['the work factor, to 30', withByte(file, workFactorAt, '3'.charCodeAt(0)), 'work-factor-too-high'],
      ['the wrapped file key', base64HighBitFlipped(file, bodyAt), 'wrong-passphrase'],
      ["the wrapped file key's last character, to a non-canonical encoding", base64LowBitFlipped(file, bodyAt + 42), 'bad-header'],
      ['the salt, to a control character', withByte(file, saltAt, 0x00), 'bad-header'],
      ['the "---" line', withByte(file, headerOffset(file, '\n---') + 3, '+'.charCodeAt(0)), 'bad-header'],
    ];
    for (const [what, damaged, code] of cases) {
      const error = await decryptWithPassphrase(damaged, PASSPHRASE).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, what).toBeInstanceOf(AgeError);
      expect([what, (error as AgeError).code]).toEqual([what, code]);
    }
  });

  it('a changed header MAC is reported as header-mac, with the passphrase accepted', async () => {
    const macAt = headerOffset(file, '\n--- ') + 5;
    const error = await expectAgeError(decryptWithPassphrase(base64HighBitFlipped(file, macAt), PASSPHRASE), 'header-mac');
    expect(error.message).toMatch(/passphrase or key was right/);
  });

  it('a flipped byte in a middle chunk is reported as payload-corrupt and nothing is returned', async () => {
    const error = await expectAgeError(decryptWithPassphrase(flipped(file, start + 16 + SEALED_CHUNK + 1234), PASSPHRASE), 'payload-corrupt');
    expect(error.message).toMatch(/part 2 of its contents failed its integrity check, so nothing was decrypted/);
  });

  it('a flipped byte in the last chunk rejects the whole archive, not just its end', async () => {
    await expectAgeError(decryptWithPassphrase(flipped(file, file.length - 20), PASSPHRASE), 'payload-corrupt');
    await expectAgeError(decryptWithPassphrase(flipped(file, start + 3), PASSPHRASE), 'payload-corrupt'); // the payload nonce
  });

  it('an archive whose final chunk was dropped is reported as truncated', async () => {
    await expectAgeError(decryptWithPassphrase(file.subarray(0, start + 16 + 3 * SEALED_CHUNK), PASSPHRASE), 'truncated');
    // Also when the dropped final chunk was a full one (plaintext an exact multiple of 64 KiB).
    const exact = await encryptWithPassphrase(bytes(2 * CHUNK), PASSPHRASE, FAST);
    await expectAgeError(decryptWithPassphrase(exact.subarray(0, payloadStart(exact) + 16 + SEALED_CHUNK), PASSPHRASE), 'truncated');
  });

  it('an archive cut off inside its header, nonce or at a chunk edge is reported as truncated', async () => {
    for (const length of [0, 10, 30, start - 1, start, start + 10, start + 16, start + 16 + SEALED_CHUNK + 5]) {
      const error = await expectAgeError(decryptWithPassphrase(file.subarray(0, length), PASSPHRASE), 'truncated');
      expect(error.message).toMatch(/^The archive is incomplete/);
    }
  });

  it('an archive trimmed by a few bytes is refused as payload-corrupt (a cut inside a chunk looks like damage)', async () => {
    // The last chunk's tag is gone, so no check can tell "cut short" from "altered"; the message
    // names both.
    const error = await expectAgeError(decryptWithPassphrase(file.subarray(0, file.length - 5), PASSPHRASE), 'payload-corrupt');
    expect(error.message).toMatch(/altered or cut short/);
  });

  it('bytes appended after the end are reported as trailing-data', async () => {
    const oneByte = await expectAgeError(decryptWithPassphrase(concat(file, new Uint8Array([0x0a])), PASSPHRASE), 'trailing-data');
    expect(oneByte.message).toMatch(/1 unexpected byte after its end/);
    const hundred = await expectAgeError(decryptWithPassphrase(concat(file, bytes(100)), PASSPHRASE), 'trailing-data');
    expect(hundred.message).toMatch(/100 unexpected bytes/);
    // A full-size final chunk (exact multiple of 64 KiB) followed by junk, and an empty archive.
    const exact = await encryptWithPassphrase(bytes(CHUNK), PASSPHRASE, FAST);
    await expectAgeError(decryptWithPassphrase(concat(exact, bytes(5)), PASSPHRASE), 'trailing-data');
    const empty = await encryptWithPassphrase(new Uint8Array(0), PASSPHRASE, FAST);
    await expectAgeError(decryptWithPassphrase(concat(empty, bytes(3)), PASSPHRASE), 'trailing-data');
  });

  it('a work factor above maxWorkFactor is refused before any scrypt work is done', async () => {
    const error = await expectAgeError(decryptWithPassphrase(file, PASSPHRASE, { maxWorkFactor: 9 }), 'work-factor-too-high');
    expect(error.message).toMatch(/work factor 10, at most 9/);
    // Work factor 30 would need 128 GiB: refused at once under the default limit of 22.
    const huge = withByte(file, headerOffset(file, ' 10\n') + 1, '3'.charCodeAt(0));
    const began = performance.now();
    await expectAgeError(decryptWithPassphrase(huge, PASSPHRASE), 'work-factor-too-high');
    expect(performance.now() - began).toBeLessThan(1000);
  });

  it('a passphrase stanza next to another stanza is refused, as the spec requires', async () => {
    const header = latin1(file.subarray(0, start));
    const [intro, stanzaLine, body, ...rest] = header.split('\n');
    const extra = `-> X25519 ${body}\n${body}\n`;
    const forged = concat(Buffer.from(`${intro}\n${stanzaLine}\n${body}\n${extra}${rest.join('\n')}`, 'latin1'), file.subarray(start));
    const error = await expectAgeError(decryptWithPassphrase(forged, PASSPHRASE), 'bad-header');
    expect(error.message).toMatch(/exactly one recipient/);
  });

  it('files that are not age v1 are reported as not-age', async () => {
    await expectAgeError(decryptWithPassphrase(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), PASSPHRASE), 'not-age');
    await expectAgeError(decryptWithPassphrase(Buffer.from('age-encryption.org/v2\n-> x\n\n--- y\n'), PASSPHRASE), 'not-age');
    // isAgeFile is about the binary form; armored files are recognized by isEncryptedFile.
    expect(isAgeFile(Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\n'))).toBe(false);
  });
});

describe('the crypto library self-test', () => {
  it('passes on the real library, and the library is loaded and tested once', async () => {
    const first = await loadSodium();
    expect(await loadSodium()).toBe(first);
  });

  it('refuses a library whose scrypt, HMAC or ChaCha20-Poly1305 give wrong answers', async () => {
    const real = await loadSodium();
    const broken = (name: keyof Sodium, replacement: (...args: never[]) => unknown): Sodium =>
      new Proxy(real, { get: (target, key, receiver) => (key === name ? replacement : Reflect.get(target, key, receiver)) });
    // What the asm.js fallback does above its 80 MiB heap: returns a key, just the wrong one.
    await expect(selfTest(broken('crypto_pwhash_scryptsalsa208sha256_ll', () => new Uint8Array(32)))).rejects.toThrow(
      /failed its self-test.*scrypt age-shaped/,
    );
    await expect(selfTest(broken('crypto_auth_hmacsha256_final', () => new Uint8Array(32)))).rejects.toThrow(/HMAC-SHA-256/);
    await expect(selfTest(broken('crypto_aead_chacha20poly1305_ietf_encrypt', () => new Uint8Array(130)))).rejects.toThrow(/ChaCha20-Poly1305/);
  });

  it('the crypto code uses no Node-only API, so it also runs in extension pages', () => {
    const dir = new URL('../../src/crypto/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(['age.ts', 'armor.ts', 'fido2prf.ts', 'format.ts', 'hpke.ts', 'index.ts', 'keys.ts', 'mlkem768x25519.ts', 'scrypt.ts', 'sodium.ts', 'stream.ts', 'x25519.ts']);
    for (const name of files) {
      // Comments may mention what is avoided; only code counts.
      const code = readFileSync(new URL(name, dir), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const [, specifier = ''] of code.matchAll(/\bfrom\s+'([^']+)'/g)) {
        const allowed = specifier.startsWith('./') || ['libsodium-wrappers-sumo', '@scure/base', '@noble/post-quantum/hybrid.js'].includes(specifier);
        expect(allowed, `${name} imports ${specifier}`).toBe(true);
      }
      expect(code, name).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(|\b__dirname\b|\bimport\(/);
    }
  });
});

describe('the pseudo-terminal helper', () => {
  it('fails with a clear message when the expected prompt never appears', async () => {
    // sh, not python: its start-up on a loaded machine took longer than the helper's deadline,
    // so the output it quotes was empty. The deadline is generous for the same reason; what is
    // checked is the message, not the time.
    const silent = ['sh', '-c', 'echo something else; sleep 60'];
    const run = runInPtyOrThrow(silent, [{ expect: 'Enter passphrase', send: 'x\r' }], { timeoutMs: 8000 });
    await expect(run).rejects.toThrow(/did not finish within 8000 ms[\s\S]*never printed the prompt "Enter passphrase"[\s\S]*something else/);
  }, 30_000);
});

/**
 * Throws unless the `age` CLI runs. Called at the start of each interop test (not in a
 * beforeAll hook, which vitest would report as the tests being skipped): each one must FAIL
 * when age is missing, so that CI cannot pass without the interop checks.
 */
function requireAgeCli(): void {
  const probe = spawnSync('age', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'The age CLI is not installed, and this interop test needs it (apt-get install -y age). ' +
        `It fails instead of skipping on purpose. (${probe.error?.message ?? probe.stderr})`,
    );
  }
}

describe('interoperability with the age CLI', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-age-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** `age --decrypt`, typing the passphrase at its prompt. */
  const ageDecrypt = (input: string, output: string, passphrase: string) =>
    runInPtyOrThrow(['age', '--decrypt', '-o', output, input], [{ expect: 'Enter passphrase', send: `${passphrase}\r` }]);
  /** `age --passphrase`: "Enter passphrase (leave empty to autogenerate a secure one):", then "Confirm passphrase:". */
  const ageEncrypt = (input: string, output: string, passphrase: string) =>
    runInPtyOrThrow(
      ['age', '--passphrase', '-o', output, input],
      [
        { expect: 'Enter passphrase', send: `${passphrase}\r` },
        { expect: 'Confirm passphrase', send: `${passphrase}\r` },
      ],
    );

  // Spaces and non-ASCII characters: both sides must agree on the UTF-8 bytes of the passphrase.
  const UNICODE_PASSPHRASE = 'Grüße aus Köln – 7 Äpfel';

  it('the age CLI decrypts a Ferry archive encrypted under a passphrase', async () => {
    requireAgeCli();
    const plaintext = bytes(200000);
    writeFileSync(join(dir, 'ferry.age'), await encryptWithPassphrase(plaintext, UNICODE_PASSPHRASE));
    await ageDecrypt(join(dir, 'ferry.age'), join(dir, 'ferry.out'), UNICODE_PASSPHRASE);
    expect(sameBytes(readFileSync(join(dir, 'ferry.out')), plaintext)).toBe(true);
  });

  it('the age CLI decrypts Ferry archives of every size around a chunk edge', async () => {
    requireAgeCli();
    for (const size of [0, 1, 65535, 65536, 65537, 131072]) {
      const plaintext = bytes(size);
      const input = join(dir, `edge-${size}.age`);
      const output = join(dir, `edge-${size}.out`);
      writeFileSync(input, await encryptWithPassphrase(plaintext, PASSPHRASE, FAST));
      await ageDecrypt(input, output, PASSPHRASE);
      // age opens -o lazily, on its first write: an empty plaintext leaves no file (exit 0).
      const decrypted = existsSync(output) ? readFileSync(output) : new Uint8Array(0);
      expect([size, sameBytes(decrypted, plaintext)]).toEqual([size, true]);
    }
  });

  it('the age CLI refuses a Ferry archive under the wrong passphrase', async () => {
    requireAgeCli();
    writeFileSync(join(dir, 'wrong.age'), await encryptWithPassphrase(bytes(10), PASSPHRASE, FAST));
    const run = await runInPty(['age', '--decrypt', '-o', join(dir, 'wrong.out'), join(dir, 'wrong.age')], [{ expect: 'Enter passphrase', send: 'not it\r' }]);
    expect(run.exitCode, run.transcript).not.toBe(0);
    expect(run.transcript).toMatch(/incorrect passphrase/);
  });

  it('Ferry decrypts an archive the age CLI encrypted under a passphrase', async () => {
    requireAgeCli();
    const plaintext = bytes(200000);
    writeFileSync(join(dir, 'cli.txt'), plaintext);
    await ageEncrypt(join(dir, 'cli.txt'), join(dir, 'cli.age'), UNICODE_PASSPHRASE);
    const file = new Uint8Array(readFileSync(join(dir, 'cli.age')));
    expect(latin1(file.subarray(0, 100))).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/);
    expect(sameBytes(await decryptWithPassphrase(file, UNICODE_PASSPHRASE), plaintext)).toBe(true);
    await expectAgeError(decryptWithPassphrase(file, PASSPHRASE), 'wrong-passphrase');
  });

  it('Ferry decrypts an empty file and an exact 64 KiB multiple encrypted by the age CLI', async () => {
    requireAgeCli();
    for (const size of [0, 2 * CHUNK]) {
      const plaintext = bytes(size);
      writeFileSync(join(dir, `cli-${size}.txt`), plaintext);
      await ageEncrypt(join(dir, `cli-${size}.txt`), join(dir, `cli-${size}.age`), PASSPHRASE);
      const decrypted = await decryptWithPassphrase(new Uint8Array(readFileSync(join(dir, `cli-${size}.age`))), PASSPHRASE);
      expect([size, sameBytes(decrypted, plaintext)]).toEqual([size, true]);
    }
  });

  it('an archive the age CLI encrypted to an age key is reported as unsupported-recipient', async () => {
    requireAgeCli();
    const keygen = spawnSync('age-keygen', ['-o', join(dir, 'key.txt')], { encoding: 'utf8' });
    expect(keygen.status, keygen.stderr).toBe(0);
    const recipient = /public key: (age1\S+)/.exec(readFileSync(join(dir, 'key.txt'), 'utf8'))?.[1];
    expect(recipient).toBeDefined();
    writeFileSync(join(dir, 'x25519.txt'), 'hello');
    const enc = spawnSync('age', ['-r', recipient!, '-o', join(dir, 'x25519.age'), join(dir, 'x25519.txt')], { encoding: 'utf8' });
    expect(enc.status, enc.stderr).toBe(0);
    expect(existsSync(join(dir, 'x25519.age'))).toBe(true);
    const error = await expectAgeError(decryptWithPassphrase(new Uint8Array(readFileSync(join(dir, 'x25519.age'))), PASSPHRASE), 'unsupported-recipient');
    expect(error.message).toMatch(/age key \(X25519\)/);
  });
});
