/**
 * `ferry encrypt`, `ferry decrypt`, `ferry keygen` (the built CLI, as a person runs it), checked
 * against the real `age` / `age-keygen` both ways, and what a damaged file leaves behind. Post-quantum
 * keys are checked against the npm age-encryption package instead: Debian's age 1.1.1 predates them.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decrypter, identityToRecipient } from 'age-encryption';
import { runInPtyOrThrow } from '../support/pty.js';

const FERRY = resolve(import.meta.dirname, '../../bin/ferry.mjs');
let dir: string;
const at = (name: string) => join(dir, name);
const ferry = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [FERRY, ...args], { env: { ...process.env, FERRY_PASSPHRASE: '', ...env }, maxBuffer: 1 << 26 });
const recipientIn = (file: string) => /public key: (age1\S+)/.exec(readFileSync(file, 'utf8'))![1]!;

beforeAll(() => {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/ferry.mjs'))) throw new Error('Build the CLI first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'ferry-crypto-cli-'));
  writeFileSync(at('plain.bin'), randomBytes(300_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ferry encrypt, decrypt and keygen', () => {
  it('ferry keygen writes an identity only its owner can read, and age opens what ferry encrypt -r wrote to it', () => {
    const keygen = ferry(['keygen', '-o', at('ferry-key.txt')]);
    expect(keygen.status, String(keygen.stderr)).toBe(0);
    expect(String(keygen.stderr)).toMatch(/^Public key: age1/);
    expect(statSync(at('ferry-key.txt')).mode & 0o777).toBe(0o600);
    expect(ferry(['keygen', '-o', at('ferry-key.txt')]).status).toBe(1); // never overwrites a key
    const other = ferry(['keygen']).stdout.toString();
    writeFileSync(at('recipients.txt'), `# two keys\n${/public key: (age1\S+)/.exec(other)![1]}\n`);
    const enc = ferry(['encrypt', '-r', recipientIn(at('ferry-key.txt')), '-R', at('recipients.txt'), '-o', at('to-age.age'), at('plain.bin')]);
    expect(enc.status, String(enc.stderr)).toBe(0);
    const dec = spawnSync('age', ['-d', '-i', at('ferry-key.txt'), at('to-age.age')], { maxBuffer: 1 << 26 });
    expect(dec.status, String(dec.stderr)).toBe(0);
    expect(Buffer.compare(dec.stdout, readFileSync(at('plain.bin')))).toBe(0);
  });

  it('ferry decrypt -i opens what age -r -a encrypted to an age-keygen identity', () => {
    expect(spawnSync('age-keygen', ['-o', at('age-key.txt')]).status).toBe(0);
    const enc = spawnSync('age', ['-r', recipientIn(at('age-key.txt')), '-a', '-o', at('from-age.age'), at('plain.bin')]);
    expect(enc.status, String(enc.stderr)).toBe(0);
    const dec = ferry(['decrypt', '-i', at('age-key.txt'), '-o', at('from-age.out'), at('from-age.age')]);
    expect(dec.status, String(dec.stderr)).toBe(0);
    expect(Buffer.compare(readFileSync(at('from-age.out')), readFileSync(at('plain.bin')))).toBe(0);
  });

  it('a passphrase from FERRY_PASSPHRASE encrypts a file that age opens at its prompt', async () => {
    expect(ferry(['encrypt', '-p', '-o', at('pass.age'), at('plain.bin')], { FERRY_PASSPHRASE: '비밀 words' }).status).toBe(0);
    expect(readFileSync(at('pass.age'), 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/);
    await runInPtyOrThrow(['age', '-d', '-o', at('pass.out'), at('pass.age')], [{ expect: 'Enter passphrase', send: '비밀 words\r' }]);
    expect(Buffer.compare(readFileSync(at('pass.out')), readFileSync(at('plain.bin')))).toBe(0);
  });

  it('a damaged middle chunk or the wrong identity fails with a clear message and leaves no output file', () => {
    const file = readFileSync(at('to-age.age'));
    const damaged = Buffer.from(file);
    damaged[file.length - 70_000]! ^= 1; // inside the fourth of five chunks
    writeFileSync(at('damaged.age'), damaged);
    const run = ferry(['decrypt', '-i', at('ferry-key.txt'), '-o', at('damaged.out'), at('damaged.age')]);
    expect(run.status).toBe(1);
    expect(String(run.stderr)).toMatch(/part 4 of its contents failed its integrity check/);
    expect(existsSync(at('damaged.out'))).toBe(false);
    const wrong = ferry(['decrypt', '-i', at('age-key.txt'), '-o', at('wrong.out'), at('to-age.age')]);
    expect(wrong.status).toBe(1);
    expect(String(wrong.stderr)).toMatch(/None of the given keys can open this archive/);
    expect(existsSync(at('wrong.out'))).toBe(false);
  });

  it('ferry keygen -pq writes a post-quantum identity as age-keygen -pq does, and what ferry encrypt -r and -R wrote to it opens with ferry decrypt -i and with age-encryption', async () => {
    const keygen = ferry(['keygen', '-pq', '-o', at('pq-key.txt')]);
    expect(keygen.status, String(keygen.stderr)).toBe(0);
    expect(String(keygen.stderr)).toMatch(/^Public key: age1pq1[0-9a-z]{1952}\n$/);
    expect(statSync(at('pq-key.txt')).mode & 0o777).toBe(0o600);
    const text = readFileSync(at('pq-key.txt'), 'utf8');
    expect(text).toMatch(/^# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n# public key: age1pq1[0-9a-z]+\nAGE-SECRET-KEY-PQ-1[0-9A-Z]{58}\n$/);
    const secret = /^AGE-SECRET-KEY-PQ-1\S+$/m.exec(text)![0];
    // The recipient printed is the one age-encryption derives from the identity.
    expect(recipientIn(at('pq-key.txt'))).toBe(await identityToRecipient(secret));
    const second = ferry(['keygen', '-pq']).stdout.toString();
    writeFileSync(at('pq-recipients.txt'), `# the second key\n${/public key: (age1pq1\S+)/.exec(second)![1]}\n`);
    const enc = ferry(['encrypt', '-r', recipientIn(at('pq-key.txt')), '-R', at('pq-recipients.txt'), '-o', at('pq.age'), at('plain.bin')]);
    expect(enc.status, String(enc.stderr)).toBe(0);
    expect(readFileSync(at('pq.age'), 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> mlkem768x25519 \S+\n\S+\n-> mlkem768x25519 /);
    const dec = ferry(['decrypt', '-i', at('pq-key.txt'), '-o', at('pq.out'), at('pq.age')]);
    expect(dec.status, String(dec.stderr)).toBe(0);
    expect(Buffer.compare(readFileSync(at('pq.out')), readFileSync(at('plain.bin')))).toBe(0);
    const d = new Decrypter();
    d.addIdentity(/^AGE-SECRET-KEY-PQ-1\S+$/m.exec(second)![0]);
    expect(Buffer.compare(await d.decrypt(new Uint8Array(readFileSync(at('pq.age'))), 'uint8array'), readFileSync(at('plain.bin')))).toBe(0);
    // A classic key on a post-quantum file: the message names the key it needs.
    const classic = ferry(['decrypt', '-i', at('ferry-key.txt'), '-o', at('pq-wrong.out'), at('pq.age')]);
    expect(classic.status).toBe(1);
    expect(String(classic.stderr)).toMatch(/post-quantum age key \(age1pq1\.\.\.\), and the given keys are classic ones/);
  });

  it('post-quantum and classic recipients together are refused as a usage error, and nothing is written', () => {
    const mixed = ferry(['encrypt', '-r', recipientIn(at('pq-key.txt')), '-r', recipientIn(at('ferry-key.txt')), '-o', at('mixed.age'), at('plain.bin')]);
    expect(mixed.status).toBe(2);
    expect(String(mixed.stderr)).toMatch(/ferry encrypt: Post-quantum recipients \(age1pq1\.\.\.\) and classic ones \(age1\.\.\.\) cannot be mixed in one file/);
    expect(existsSync(at('mixed.age'))).toBe(false);
    writeFileSync(at('mixed-recipients.txt'), `${recipientIn(at('ferry-key.txt'))}\n`);
    const viaFile = ferry(['encrypt', '-r', recipientIn(at('pq-key.txt')), '-R', at('mixed-recipients.txt'), '-o', at('mixed.age'), at('plain.bin')]);
    expect([viaFile.status, existsSync(at('mixed.age'))]).toEqual([2, false]);
    const secretAsRecipient = ferry(['encrypt', '-r', 'AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR', '-o', at('mixed.age'), at('plain.bin')]);
    expect(secretAsRecipient.status).toBe(2);
    expect(String(secretAsRecipient.stderr)).toMatch(/secret key .*not a recipient/);
  });

  it('age flags are checked: -p with -r, and binary output to a terminal, are refused as usage errors', () => {
    const both = ferry(['encrypt', '-p', '-r', recipientIn(at('age-key.txt')), at('plain.bin')]);
    expect(both.status).toBe(2);
    expect(String(both.stderr)).toMatch(/-p cannot be combined with -r/);
  });
});
