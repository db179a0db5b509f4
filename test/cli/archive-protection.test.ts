/**
 * The age flags of every command that writes an archive, run as a person runs them (the built
 * CLI): `ferry convert` and `ferry merge` here, `ferry xmpp export` against a real server in
 * e2e/xmpp-cli.spec.ts. Each flag is checked by opening what it wrote with the key it named:
 * the real `age` 1.1.1 for X25519 and passphrase files, npm age-encryption and Ferry for
 * post-quantum ones (age 1.1.1 cannot read those). The usage text is checked to show the flags.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Decrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArchive } from '../../src/archive/container.js';
import { HybridIdentity, X25519Identity, formatIdentityFile } from '../../src/crypto/index.js';
import { sampleContent } from '../archive/fixtures.js';
import { runInPtyOrThrow } from '../support/pty.js';

const FERRY = resolve(import.meta.dirname, '../../bin/ferry.mjs');
const PASSPHRASE = '보호 passphrase';
let dir: string;
const at = (name: string) => join(dir, name);
const ferry = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: '', ...env } });

const keys: Record<'pq1' | 'pq2' | 'classic', { identity: string; recipient: string; file: string }> = {} as never;

/** The two archive-writing commands that need no server, each writing to `out`. */
const COMMANDS = {
  convert: (out: string) => ['convert', at('friends.vcf'), '-o', out],
  merge: (out: string) => ['merge', at('a.zip'), at('b.zip'), '-o', out],
} as const;

const header = (path: string) => readFileSync(path).subarray(0, 4000).toString('latin1');
const stanzas = (path: string) => [...header(path).matchAll(/^-> (\S+)/gm)].map((m) => m[1]);
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

beforeAll(async () => {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/ferry.mjs'))) throw new Error('Build the CLI first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'ferry-protection-'));
  writeFileSync(at('friends.vcf'), 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:김민준\r\nTEL:+82-10-1234-5678\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Silva\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n');
  writeFileSync(at('a.zip'), writeArchive(sampleContent()));
  writeFileSync(at('b.zip'), writeArchive(sampleContent()));
  for (const [name, identity] of [
    ['pq1', await HybridIdentity.generate()],
    ['pq2', await HybridIdentity.generate()],
    ['classic', await X25519Identity.generate()],
  ] as const) {
    const file = at(`${name}-key.txt`);
    writeFileSync(file, await formatIdentityFile(identity));
    keys[name] = { identity: String(identity), recipient: String(await identity.recipient()), file };
  }
  writeFileSync(at('pq-recipients.txt'), `# both post-quantum keys\n${keys.pq1.recipient}\n\n${keys.pq2.recipient}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(Object.entries(COMMANDS))('ferry %s', (name, command) => {
  it('encrypts under a passphrase when no key is given, which the real age opens', async () => {
    const out = at(`${name}-default.age`);
    const run = ferry(command(out), { FERRY_PASSPHRASE: PASSPHRASE });
    expect(run.status, run.stderr).toBe(0);
    expect(stanzas(out)).toEqual(['scrypt']);
    await runInPtyOrThrow(['age', '-d', '-o', at(`${name}-default.zip`), out], [{ expect: 'Enter passphrase', send: `${PASSPHRASE}\r` }]);
    expect(isZip(readFileSync(at(`${name}-default.zip`)))).toBe(true);
    // -p says the same thing explicitly.
    expect(ferry([...command(at(`${name}-p.age`)), '-p'], { FERRY_PASSPHRASE: PASSPHRASE }).status).toBe(0);
    expect(stanzas(at(`${name}-p.age`))).toEqual(['scrypt']);
  });

  it('encrypts to several post-quantum recipients with -r, and each of their identities opens it (Ferry and age-encryption)', async () => {
    const out = at(`${name}-pq.age`);
    const run = ferry([...command(out), '-r', keys.pq1.recipient, '-r', keys.pq2.recipient]);
    expect(run.status, run.stderr).toBe(0);
    expect(stanzas(out)).toEqual(['mlkem768x25519', 'mlkem768x25519']);
    const inspect = ferry(['inspect', '--json', '-i', keys.pq1.file, out]);
    expect(inspect.status, inspect.stderr).toBe(0);
    const d = new Decrypter();
    d.addIdentity(keys.pq2.identity);
    expect(isZip(await d.decrypt(new Uint8Array(readFileSync(out)), 'uint8array'))).toBe(true);
  });

  it('encrypts to every recipient of a -R file, as ASCII armor with -a', () => {
    const out = at(`${name}-pq-armored.age`);
    const run = ferry([...command(out), '-R', at('pq-recipients.txt'), '-a']);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'latin1')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+-----END AGE ENCRYPTED FILE-----\n$/);
    for (const [i, key] of [keys.pq1, keys.pq2].entries()) {
      // The second key writes over the first one's output, which takes --force.
      const dec = ferry(['decrypt', '-i', key.file, '-o', at(`${name}-armored.zip`), out, ...(i > 0 ? ['--force'] : [])]);
      expect(dec.status, dec.stderr).toBe(0);
      expect(isZip(readFileSync(at(`${name}-armored.zip`)))).toBe(true);
    }
  });

  it('encrypts to a classic X25519 recipient that the real age opens with its identity', () => {
    const out = at(`${name}-classic.age`);
    expect(ferry([...command(out), '-r', keys.classic.recipient]).status).toBe(0);
    const age = spawnSync('age', ['-d', '-i', keys.classic.file, out], { maxBuffer: 1 << 26 });
    expect(age.status, String(age.stderr)).toBe(0);
    expect(isZip(age.stdout)).toBe(true);
  });

  it('refuses post-quantum with classic recipients, and -p with -r, as usage errors that write nothing', () => {
    const out = at(`${name}-refused.age`);
    const mixed = ferry([...command(out), '-r', keys.pq1.recipient, '-r', keys.classic.recipient]);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/Post-quantum recipients \(age1pq1\.\.\.\) and classic ones \(age1\.\.\.\) cannot be mixed/);
    expect(mixed.stderr).toContain('usage: ferry');
    const both = ferry([...command(out), '-p', '-R', at('pq-recipients.txt')], { FERRY_PASSPHRASE: PASSPHRASE });
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/-p cannot be combined with -r or -R/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the usage text', () => {
  it('shows -r, -R, -p and -a on every command that writes an archive, and says what each does', () => {
    const help = ferry(['--help']).stdout;
    for (const command of ['ferry convert', 'ferry merge', 'ferry xmpp export']) {
      const line = help.split('\n').find((l) => l.trimStart().startsWith(command));
      expect(line, command).toBeDefined();
      expect(line!.slice(line!.indexOf(command)), command).toContain('[-r RECIPIENT]... [-R FILE]... [-p] [-a] [--unencrypted]');
    }
    expect(help).toMatch(/-r RECIPIENT +to this recipient: age1pq1\.\.\. \(post-quantum/);
    expect(help).toMatch(/-p +under a passphrase: the default when no -r or -R is given/);
    expect(help).toMatch(/ferry keygen \[-pq\]/);
  });
});
