/**
 * The C2SP CCTV age test vectors (npm `cctv-age`, https://c2sp.org/CCTV/age): every vector Ferry's
 * feature set covers must decrypt to exactly its payload or fail in the category it names.
 *
 * None is skipped: all 143 of cctv-age 0.2.0 run, the 19 post-quantum hybrid ones (ML-KEM-768 +
 * X25519, "mlkem768x25519" stanzas and AGE-SECRET-KEY-PQ-1 identities) included; the first test
 * counts them so a vector that stopped running would show.
 *
 * How categories map onto Ferry's error codes: Ferry refuses a file with one AgeError code, and
 * several codes stand for one CCTV category (e.g. a header failure may be "bad-header",
 * "truncated" inside the header or "not-age" for another version). "payload failure" vectors
 * also say which plaintext an implementation may release before the error: Ferry releases
 * none, which is checked instead (whole-file verification is point 4 of issue #4).
 *
 * Every vector runs three times: with libsodium's ChaCha20-Poly1305 (what extension pages use),
 * with node:crypto's (src/cli/node-aead.ts), and as the built CLI runs it: every primitive from
 * node:crypto (src/cli/node-sodium.ts, which the CLI's build puts in libsodium's place) and the
 * file on disk read by the CLI's own reader (src/cli/age-file.ts) when it is binary age.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as cctv from 'cctv-age';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgeError, ScryptIdentity, collect, decryptStream, decryptWithIdentities, isAgeFile, parseIdentity, type AgeErrorCode, type Identity, type PayloadCipher } from '../../src/crypto/index.js';
import { usePrimitives } from '../../src/crypto/sodium.js';
import { nodePayloadCipher } from '../../src/cli/node-aead.js';
import { decryptFile, nativeCiphers } from '../../src/cli/age-file.js';
import nodeSodium from '../../src/cli/node-sodium.js';

interface Vector {
  name: string;
  expect: string;
  payload?: string;
  identities: string[];
  passphrases: string[];
  armored: boolean;
  file: Uint8Array;
}

function parseVector(name: string, raw: Uint8Array): Vector {
  const text = Buffer.from(raw).toString('latin1');
  const split = text.indexOf('\n\n');
  const meta = new Map<string, string[]>();
  for (const line of text.slice(0, split).split('\n')) {
    const at = line.indexOf(': ');
    const key = line.slice(0, at);
    meta.set(key, [...(meta.get(key) ?? []), line.slice(at + 2)]);
  }
  let file: Uint8Array = raw.subarray(split + 2);
  if (meta.get('compressed')?.[0] === 'zlib') file = new Uint8Array(inflateSync(file));
  return {
    name,
    expect: meta.get('expect')![0]!,
    payload: meta.get('payload')?.[0],
    identities: meta.get('identity') ?? [],
    passphrases: meta.get('passphrase') ?? [],
    armored: meta.get('armored')?.[0] === 'yes',
    file,
  };
}

const vectors = Object.entries(cctv as unknown as Record<string, Uint8Array>)
  .filter(([name, value]) => name !== 'default' && value instanceof Uint8Array)
  .map(([name, raw]) => parseVector(name, raw));

/** Post-quantum hybrid vectors (mlkem768x25519). */
const isHybrid = (v: Vector): boolean => v.identities.some((id) => id.startsWith('AGE-SECRET-KEY-PQ-')) || v.name.startsWith('hybrid');

const CODES: Record<string, AgeErrorCode[]> = {
  'header failure': ['bad-header', 'truncated', 'not-age', 'work-factor-too-high'],
  'HMAC failure': ['header-mac'],
  'payload failure': ['payload-corrupt', 'truncated', 'trailing-data'],
  'armor failure': ['bad-armor'],
  'no match': ['wrong-passphrase', 'wrong-identity', 'wrong-passkey', 'unsupported-recipient'],
};

function identitiesOf(v: Vector): Identity[] {
  return [...v.identities.map((id) => parseIdentity(id)), ...v.passphrases.map((p) => new ScryptIdentity(p))];
}

/** Feeds the file to the streaming decryptor in pieces of `size` bytes. */
async function* pieces(file: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < file.length; i += size) yield file.subarray(i, i + size);
}

describe('the C2SP CCTV age test vectors', () => {
  it('runs every vector of the suite, the 19 post-quantum hybrid ones included, and skips none', () => {
    const hybrid = vectors.filter(isHybrid);
    console.info(`CCTV: ${vectors.length} applicable, 0 skipped; ${hybrid.length} of them post-quantum hybrid: ${hybrid.map((v) => v.name).join(', ')}`);
    expect(vectors.length).toBe(143);
    expect(hybrid).toHaveLength(19);
  });

  const native = nodePayloadCipher();
  it('has node:crypto ChaCha20-Poly1305 here, so the CLI path is tested', () => {
    expect(native?.name).toBe('node:crypto');
  });

  // undefined: the default, libsodium.
  const ciphers: [string, PayloadCipher | undefined][] = [
    ['libsodium', undefined],
    ['node:crypto', native],
  ];
  it.each(ciphers.flatMap(([cipherName, cipher]) => vectors.map((v) => [v.name, cipherName, v, cipher] as const)))('%s (%s)', async (_name, _cipherName, v, cipher) => {
    const options = cipher ? { cipher } : {};
    await expectOutcome(v, await outcome(decryptWithIdentities(v.file, identitiesOf(v), options)), options);
  });

  describe("as the CLI runs them: node:crypto's primitives, and its own reader for a file on disk", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-cctv-'));
    beforeAll(() => usePrimitives(nodeSodium));
    afterAll(() => {
      usePrimitives(undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    it.each(vectors.map((v) => [v.name, v] as const))('%s (CLI)', async (_name, v) => {
      const native = nativeCiphers()!;
      const path = join(dir, v.name);
      writeFileSync(path, v.file);
      const decrypted = isAgeFile(v.file) ? collect(await decryptFile(path, identitiesOf(v), native)) : decryptWithIdentities(v.file, identitiesOf(v), { cipher: native.payload });
      await expectOutcome(v, await outcome(decrypted), { cipher: native.payload });
    });
  });
});

async function outcome(decrypting: Promise<Uint8Array>): Promise<{ plaintext: Uint8Array } | { error: unknown }> {
  return decrypting.then(
    (plaintext) => ({ plaintext }),
    (error: unknown) => ({ error }),
  );
}

async function expectOutcome(v: Vector, result: { plaintext: Uint8Array } | { error: unknown }, options: { cipher?: PayloadCipher }): Promise<void> {
  {
    if (v.expect === 'success') {
      if ('error' in result) throw result.error;
      expect(createHash('sha256').update(result.plaintext).digest('hex')).toBe(v.payload);
      // The same file streamed in odd-sized pieces (armored ones byte by byte) gives the same bytes.
      const streamed = await collect(decryptStream(pieces(v.file, v.armored ? 1 : 4093), identitiesOf(v), options));
      expect(createHash('sha256').update(streamed).digest('hex')).toBe(v.payload);
    } else {
      expect('error' in result, `expected ${v.expect}`).toBe(true);
      const error = (result as { error: unknown }).error;
      expect(error).toBeInstanceOf(AgeError);
      expect(CODES[v.expect], `unknown category ${v.expect}`).toBeDefined();
      expect(CODES[v.expect], `${v.expect}, got ${(error as AgeError).code}: ${(error as AgeError).message}`).toContain((error as AgeError).code);
    }
  }
}
