/**
 * age keys (X25519 recipients and identities), ASCII armor and the streaming API, including
 * interoperability with the real `age` and `age-keygen` in both directions. Interop tests FAIL
 * when age is missing, on purpose (see age.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgeError,
  KeyFormatError,
  ScryptIdentity,
  ScryptRecipient,
  X25519Identity,
  X25519Recipient,
  collect,
  decryptStream,
  decryptWithIdentities,
  decryptWithPassphrase,
  encryptStream,
  encryptToRecipients,
  encryptWithPassphrase,
  formatIdentityFile,
  parseIdentityFile,
  parseRecipientsFile,
  type AgeErrorCode,
} from '../../src/crypto/index.js';
import { runInPtyOrThrow } from '../support/pty.js';

const bytes = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

async function codeOf(promise: Promise<unknown>): Promise<AgeErrorCode> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgeError);
  return (error as AgeError).code;
}

function requireAgeCli(): void {
  const probe = spawnSync('age', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error('The age CLI is not installed (apt-get install -y age); this interop test fails instead of skipping on purpose.');
}

describe('age keys', () => {
  it('a new identity prints as AGE-SECRET-KEY-1 and its recipient as age1, and both parse back', async () => {
    const identity = await X25519Identity.generate();
    const recipient = await identity.recipient();
    expect(identity.toString()).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(recipient.toString()).toMatch(/^age1[0-9a-z]{58}$/);
    expect(X25519Identity.parse(identity.toString()).toString()).toBe(identity.toString());
    expect(X25519Recipient.parse(` ${recipient} `).toString()).toBe(recipient.toString());
  });

  it('a mistyped key is refused with a message, not a wrong key', () => {
    expect(() => X25519Recipient.parse('age1qqqq')).toThrow(KeyFormatError);
    expect(() => X25519Recipient.parse('AGE-SECRET-KEY-1QQQ')).toThrow(/starts with "age1"/);
    const good = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
    expect(() => X25519Recipient.parse(good.slice(0, -1) + 'q')).toThrow(KeyFormatError); // checksum
  });

  it('an archive encrypted to several recipients opens with each of their identities, and with no other', async () => {
    const [a, b, c] = await Promise.all([X25519Identity.generate(), X25519Identity.generate(), X25519Identity.generate()]);
    const plaintext = bytes(150000);
    const file = await encryptToRecipients(plaintext, [await a.recipient(), await b.recipient()]);
    expect(same(await decryptWithIdentities(file, [a]), plaintext)).toBe(true);
    expect(same(await decryptWithIdentities(file, [c, b]), plaintext)).toBe(true);
    const wrong = await decryptWithIdentities(file, [c]).catch((e: AgeError) => e);
    expect((wrong as AgeError).code).toBe('wrong-identity');
    expect((wrong as AgeError).message).toMatch(/None of the given keys can open this archive/);
    expect(await codeOf(decryptWithPassphrase(file, 'x'))).toBe('unsupported-recipient');
  });

  it('identity and recipient files are read as age-keygen writes them, naming a bad line', async () => {
    const identity = await X25519Identity.generate();
    const text = await formatIdentityFile(identity);
    expect(text).toMatch(/^# created: .+\n# public key: age1\S+\nAGE-SECRET-KEY-1\S+\n$/);
    expect(parseIdentityFile(text).map(String)).toEqual([identity.toString()]);
    expect(parseRecipientsFile(`# friends\n\n${await identity.recipient()}\n`).map(String)).toEqual([(await identity.recipient()).toString()]);
    expect(() => parseRecipientsFile('age1zzz\n', 'keys.txt')).toThrow(/keys\.txt, line 1/);
    expect(() => parseIdentityFile('# nothing\n')).toThrow(/holds no age identity/);
  });
});

describe('armor and streaming', () => {
  it('an armored archive is text in 64-column lines and opens like a binary one', async () => {
    const plaintext = bytes(1000);
    const armored = await encryptWithPassphrase(plaintext, 'pass', { workFactor: 10, armor: true });
    const text = Buffer.from(armored).toString('latin1');
    expect(text).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n([A-Za-z0-9+/]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END AGE ENCRYPTED FILE-----\n$/);
    expect(same(await decryptWithPassphrase(armored, 'pass'), plaintext)).toBe(true);
    expect(same(await decryptWithPassphrase(new Uint8Array(Buffer.from(text.replace(/\n/g, '\r\n'))), 'pass'), plaintext)).toBe(true);
  });

  it('streams of any piece size encrypt and decrypt to the same bytes, across chunk edges', async () => {
    const identity = await X25519Identity.generate();
    for (const size of [0, 1, 65536, 65537, 300000]) {
      const plaintext = bytes(size);
      async function* source(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < plaintext.length; i += 7777) yield plaintext.subarray(i, i + 7777);
      }
      const file = await collect(encryptStream(source(), [await identity.recipient()]));
      async function* file1k(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < file.length; i += 1000) yield file.subarray(i, i + 1000);
      }
      expect([size, same(await collect(decryptStream(file1k(), [identity])), plaintext)]).toEqual([size, true]);
    }
  });

  it('a passphrase cannot be combined with a key, and scrypt can run somewhere else', async () => {
    const identity = await X25519Identity.generate();
    await expect(encryptToRecipients(bytes(1), [new ScryptRecipient('p', 10), await identity.recipient()])).rejects.toThrow(/cannot be combined/);
    const calls: number[] = [];
    const kdf = async (_p: Uint8Array, _s: Uint8Array, logN: number) => {
      calls.push(logN);
      return new Uint8Array(32).fill(7);
    };
    const file = await encryptToRecipients(bytes(10), [new ScryptRecipient('p', 12, kdf)]);
    expect(await decryptWithIdentities(file, [new ScryptIdentity('anything', 22, kdf)])).toHaveLength(10);
    expect(calls).toEqual([12, 12]);
  });

  it('a passphrase recipient can run scrypt ahead, for its next file only, and that file opens', async () => {
    const salts: string[] = [];
    const kdf = async (passphrase: Uint8Array, salt: Uint8Array, logN: number) => {
      salts.push(Buffer.from(salt).toString('hex'));
      return scryptSync(passphrase, salt, 32, { N: 2 ** logN, r: 8, p: 1 });
    };
    const recipient = new ScryptRecipient('correct horse', 10, kdf);
    await recipient.prepare();
    await recipient.prepare(); // asked twice, derived once
    expect(salts).toHaveLength(1);
    const plaintext = bytes(10);
    const first = await encryptToRecipients(plaintext, [recipient]);
    expect(salts).toHaveLength(1); // the file took the prepared key
    const second = await encryptToRecipients(plaintext, [recipient]);
    expect(salts).toHaveLength(2); // the next one derived its own, with a fresh salt
    expect(salts[1]).not.toBe(salts[0]);
    for (const file of [first, second]) expect(await decryptWithIdentities(file, [new ScryptIdentity('correct horse')])).toEqual(plaintext);
    await expect(decryptWithIdentities(first, [new ScryptIdentity('wrong horse')])).rejects.toThrow();
  });
});

describe('interoperability with the age CLI, age keys', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-x25519-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the age CLI decrypts with its identity what Ferry encrypted to its recipient, armored or not', async () => {
    requireAgeCli();
    const keygen = spawnSync('age-keygen', ['-o', join(dir, 'cli-key.txt')], { encoding: 'utf8' });
    expect(keygen.status, keygen.stderr).toBe(0);
    const recipient = /public key: (age1\S+)/.exec(readFileSync(join(dir, 'cli-key.txt'), 'utf8'))![1]!;
    const other = await X25519Identity.generate();
    for (const armor of [false, true]) {
      const plaintext = bytes(200000);
      writeFileSync(join(dir, 'to-cli.age'), await encryptToRecipients(plaintext, [X25519Recipient.parse(recipient), await other.recipient()], { armor }));
      const dec = spawnSync('age', ['-d', '-i', join(dir, 'cli-key.txt'), join(dir, 'to-cli.age')], { maxBuffer: 1 << 24 });
      expect(dec.status, String(dec.stderr)).toBe(0);
      expect(same(dec.stdout, plaintext)).toBe(true);
    }
  });

  it('Ferry decrypts what the age CLI encrypted to a Ferry identity, armored or not', async () => {
    requireAgeCli();
    const identity = await X25519Identity.generate();
    const plaintext = bytes(200000);
    writeFileSync(join(dir, 'plain.bin'), plaintext);
    for (const armor of [[], ['-a']]) {
      const enc = spawnSync('age', ['-r', String(await identity.recipient()), ...armor, '-o', join(dir, 'from-cli.age'), join(dir, 'plain.bin')], { encoding: 'utf8' });
      expect(enc.status, enc.stderr).toBe(0);
      expect(same(await decryptWithIdentities(new Uint8Array(readFileSync(join(dir, 'from-cli.age'))), [identity]), plaintext)).toBe(true);
    }
  });

  it('the age CLI opens an armored passphrase archive from Ferry, and Ferry opens an armored one from age -p -a', async () => {
    requireAgeCli();
    const plaintext = bytes(5000);
    writeFileSync(join(dir, 'p.age'), await encryptWithPassphrase(plaintext, 'armored pass', { armor: true }));
    await runInPtyOrThrow(['age', '-d', '-o', join(dir, 'p.out'), join(dir, 'p.age')], [{ expect: 'Enter passphrase', send: 'armored pass\r' }]);
    expect(same(readFileSync(join(dir, 'p.out')), plaintext)).toBe(true);
    writeFileSync(join(dir, 'p.bin'), plaintext);
    await runInPtyOrThrow(
      ['age', '-p', '-a', '-o', join(dir, 'p2.age'), join(dir, 'p.bin')],
      [
        { expect: 'Enter passphrase', send: 'armored pass\r' },
        { expect: 'Confirm passphrase', send: 'armored pass\r' },
      ],
    );
    expect(readFileSync(join(dir, 'p2.age'), 'latin1')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    expect(same(await decryptWithPassphrase(new Uint8Array(readFileSync(join(dir, 'p2.age'))), 'armored pass'), plaintext)).toBe(true);
  });
});
