/**
 * The person's files are safe from the built CLI (issue 18): no command replaces a file
 * unasked, writes over its own input, leaves half a file (or decrypted plaintext) behind after
 * an error or a signal, or hangs or stays silent on a read-only or full disk. Read-only and
 * full disks are real: small tmpfs mounts, which need root (a plain user gets a read-only folder
 * by chmod instead, and the full-disk cases are reported as skipped).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArchive } from '../../src/archive/container.js';
import { generateExport } from '../../src/generate/index.js';
import { sampleContent } from '../archive/fixtures.js';
import { runInPty, runInPtyOrThrow } from '../support/pty.js';

const FERRY = resolve(import.meta.dirname, '../../bin/ferry.mjs');
const ROOT = process.getuid?.() === 0;
const PASSPHRASE = 'safety passphrase';
const COMMANDS = ['inspect', 'verify', 'merge', 'convert', 'decrypt', 'encrypt', 'keygen', 'export-format', 'xmpp'];

let dir: string;
const at = (...names: string[]) => join(dir, ...names);
const mounts: string[] = [];

const ferry = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: PASSPHRASE, ...env }, timeout: 60_000 });

/** A tmpfs of `size` (e.g. "1m"), read-only when asked: real ENOSPC and EROFS. Root only. */
function mountTmpfs(name: string, options: string): string {
  const path = at(name);
  mkdirSync(path, { recursive: true });
  const run = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', path], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`mount tmpfs ${options} at ${path} failed: ${run.stderr}`);
  mounts.push(path);
  return path;
}

/** A WhatsApp export (Android, day/month/year) of `messages` messages from `ferry generate`'s generator: every text numbered, so it does not compress to nothing. */
const whatsappExport = (messages: number): Uint8Array => generateExport('whatsapp', { locale: 'en', messages, seed: 3 }).bytes;

// Setup only, no timing is checked: it makes and encrypts 120 MB, which took past the default 10 s
// hook timeout on the loaded 2-core machine in three runs.
beforeAll(async () => {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/ferry.mjs'))) throw new Error('Build the CLI first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'ferry-safety-'));
  writeFileSync(at('a.zip'), writeArchive(sampleContent()));
  writeFileSync(at('chat.txt'), whatsappExport(200));
  writeFileSync(at('big-chat.txt'), whatsappExport(60_000));
  // About 120 MB to decrypt: long enough to be interrupted while it writes.
  writeFileSync(at('big.bin'), new Uint8Array(120_000_000).map((_, i) => (i * 2654435761) >>> 24));
  expect(ferry(['encrypt', '-o', at('big.age'), at('big.bin')]).status).toBe(0);
  expect(ferry(['encrypt', '-o', at('a.age'), at('a.zip')]).status).toBe(0);
}, 120_000);

afterAll(() => {
  for (const path of mounts) spawnSync('umount', [path]);
  rmSync(dir, { recursive: true, force: true });
});

/** Files in `folder` that a run left behind: temporary files, or anything not in `expected`. */
const leftovers = (folder: string, expected: string[] = []) => readdirSync(folder).filter((n) => !expected.includes(n));

describe('an existing file is replaced only when asked', () => {
  const cases: [string, (out: string) => string[]][] = [
    ['convert', (out) => ['convert', at('chat.txt'), '--date-order', 'dmy', '-o', out]],
    ['merge', (out) => ['merge', at('a.zip'), '-o', out]],
    ['encrypt', (out) => ['encrypt', '-o', out, at('a.zip')]],
    ['decrypt', (out) => ['decrypt', '-o', out, at('a.age')]],
    ['export-format vcard', (out) => ['export-format', 'vcard', at('a.zip'), '-o', out]],
  ];
  it.each(cases)('%s refuses to replace a file that exists, keeps it byte for byte, and replaces it with --force', (name, command) => {
    const out = at(`existing-${name.replace(' ', '-')}.out`);
    writeFileSync(out, 'the only copy of something precious\n');
    const refused = ferry(command(out));
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`${out} exists; Ferry does not replace a file unless asked. Add --force to replace it`);
    expect(readFileSync(out, 'utf8')).toBe('the only copy of something precious\n');
    const forced = ferry([...command(out), '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe('the only copy of something precious\n');
  });

  it('export-format html into a folder refuses to replace the page it wrote before, and replaces it with --force', () => {
    const out = at('html-out');
    expect(ferry(['export-format', 'html', at('a.zip'), '-o', out, '--tz', 'UTC']).status).toBe(0);
    const before = readFileSync(join(out, 'archive.html'));
    const again = ferry(['export-format', 'html', at('a.zip'), '-o', out, '--tz', 'UTC']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/archive\.html exists; Ferry does not replace a file unless asked/);
    expect(readFileSync(join(out, 'archive.html'))).toEqual(before);
    expect(ferry(['export-format', 'html', at('a.zip'), '-o', out, '--tz', 'UTC', '--force']).status).toBe(0);
  });

  it('on a terminal it asks, and keeps the file unless the answer is yes', async () => {
    const out = at('asked.zip');
    writeFileSync(out, 'keep me');
    const no = await runInPty([process.execPath, FERRY, 'merge', at('a.zip'), '-o', out, '--unencrypted'], [{ expect: 'exists. Replace it? [y/N]', send: 'n\r' }], { env: { ...process.env } });
    expect(no.stepsDone, no.transcript).toBe(1);
    expect(no.exitCode).toBe(1);
    expect(no.transcript).toContain('was kept as it was; nothing was written');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const yes = await runInPtyOrThrow([process.execPath, FERRY, 'merge', at('a.zip'), '-o', out, '--unencrypted'], [{ expect: 'Replace it? [y/N]', send: 'y\r' }], { env: { ...process.env } });
    expect(yes.exitCode, yes.transcript).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('keygen never replaces a key, even with --force', () => {
    writeFileSync(at('key.txt'), 'AGE-SECRET-KEY-1 the old key');
    const run = ferry(['keygen', '-o', at('key.txt')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Ferry does not overwrite keys');
    expect(readFileSync(at('key.txt'), 'utf8')).toBe('AGE-SECRET-KEY-1 the old key');
  });
});

describe('an output that is one of the inputs is refused before any work', () => {
  it.each([
    ['convert same.txt -o same.txt', () => ['convert', at('same.txt'), '-o', at('same.txt')]],
    ['export-format vcard a.zip -o a.zip', () => ['export-format', 'vcard', at('same.zip'), '-o', at('same.zip'), '--force']],
    ['merge a.zip b.zip -o ./b.zip (another spelling)', () => ['merge', at('a.zip'), at('same.zip'), '-o', join(dir, '.', 'same.zip'), '--force']],
    ['decrypt -o IN IN', () => ['decrypt', '-o', at('same.zip'), at('same.zip'), '--force']],
    ['encrypt -o IN IN (a hard link)', () => ['encrypt', '-o', at('same-link.zip'), at('same.zip'), '--force']],
    ['convert -R FILE -o FILE', () => ['convert', at('chat.txt'), '-R', at('same.txt'), '-o', at('same.txt'), '--force']],
  ])('%s', (_, command) => {
    writeFileSync(at('same.txt'), readFileSync(at('chat.txt')));
    writeFileSync(at('same.zip'), readFileSync(at('a.zip')));
    rmSync(at('same-link.zip'), { force: true });
    linkSync(at('same.zip'), at('same-link.zip'));
    const before = { txt: readFileSync(at('same.txt')), zip: readFileSync(at('same.zip')) };
    const run = ferry(command());
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is also an input of this command; writing it would destroy what it reads/);
    expect(run.stdout).toBe(''); // before any work: nothing was read or recognised
    expect(readFileSync(at('same.txt'))).toEqual(before.txt);
    expect(readFileSync(at('same.zip'))).toEqual(before.zip);
  });
});

describe('a folder that cannot take the output is named at once, with what to do', () => {
  it('a missing folder, a folder given as the file, and a file given as the folder', () => {
    const missing = ferry(['convert', at('chat.txt'), '-o', at('nowhere', 'out.age')]);
    expect([missing.status, missing.stdout]).toEqual([1, '']);
    expect(missing.stderr).toContain(`The folder ${at('nowhere')} does not exist. Create it first`);
    mkdirSync(at('a-folder'), { recursive: true });
    const folder = ferry(['decrypt', '-o', at('a-folder'), at('a.age')]);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain(`${at('a-folder')} is a folder, not a file`);
    const file = ferry(['export-format', 'html', at('a.zip'), '-o', at('a.zip'), '--force']);
    expect(file.status).toBe(1);
    expect(file.stderr).toMatch(/a\.zip is (also an input|a file, and this format writes several files)/);
  });

  it('a read-only disk stops convert, decrypt and export-format before the work with the path named, not with exit 13 and silence', () => {
    let folder: string;
    if (ROOT) folder = mountTmpfs('read-only', 'ro,size=1m');
    else {
      folder = at('read-only');
      mkdirSync(folder, { recursive: true });
      chmodSync(folder, 0o555);
    }
    const expected = ROOT ? /is on a read-only disk, so Ferry cannot write it\. Write somewhere else with -o\./ : /Ferry may not write in .* \(permission denied\)/;
    for (const command of [
      ['convert', at('big-chat.txt'), '-o', join(folder, 'out.age')],
      ['decrypt', '-o', join(folder, 'out.bin'), at('a.age')],
      ['export-format', 'vcard', at('a.zip'), '-o', join(folder, 'out.vcf')],
    ]) {
      const started = Date.now();
      const run = ferry(command);
      expect(run.status, `${command[0]}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toMatch(expected);
      expect(run.stderr).toContain(folder);
      expect(run.stdout, 'the inputs were read before the folder was checked').toBe('');
      expect(Date.now() - started).toBeLessThan(20_000);
    }
  });
});

describe.skipIf(!ROOT)('a full disk (a 1 MiB tmpfs; needs root)', () => {
  it('decrypt sees first that the plaintext will not fit, and says how much it needs', () => {
    const small = mountTmpfs('small-1', 'size=1m');
    const run = ferry(['decrypt', '-o', join(small, 'big.bin'), at('big.age')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/The disk holding .*big\.bin has [\d.]+ MB free, and this needs about 120\.0 MB\. Free some space there, or write somewhere else with -o\. Nothing was written\./);
    expect(leftovers(small)).toEqual([]);
  });

  it('convert running out of space part-way names the disk, leaves nothing, and ends (the producer is woken)', () => {
    const small = mountTmpfs('small-2', 'size=1m');
    const started = Date.now();
    const run = ferry(['convert', at('big-chat.txt'), '-o', join(small, 'chats.age')]);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain(`The disk holding ${join(small, 'chats.age')} is full. Free some space there, or write somewhere else with -o. Nothing was written to`);
    expect(leftovers(small)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('signals and kills leave no partial file, and no plaintext', () => {
  /** Starts `decrypt`, waits until its temporary file has bytes, then sends `signal`. */
  function interruptDecrypt(out: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; sawPartial: boolean }> {
    return new Promise((resolveRun) => {
      const child = spawn(process.execPath, [FERRY, 'decrypt', '-o', out, at('big.age')], { env: { ...process.env, FERRY_PASSPHRASE: PASSPHRASE }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let sawPartial = false;
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const poll = setInterval(() => {
        const partial = readdirSync(dir).find((n) => n.startsWith(`.${out.split('/').pop()}.ferry-`));
        if (partial && statSync(at(partial)).size > 1_000_000) {
          sawPartial = true;
          clearInterval(poll);
          child.kill(signal);
        }
      }, 5);
      child.on('exit', (code, sig) => {
        clearInterval(poll);
        resolveRun({ code, signal: sig, stderr, sawPartial });
      });
    });
  }

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during decrypt removes the half-written plaintext and says so', async (signal, code) => {
    const out = at(`interrupted-${signal}.bin`);
    const run = await interruptDecrypt(out, signal);
    expect(run.sawPartial, 'the signal came while the plaintext was being written').toBe(true);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(new RegExp(`stopped by ${signal}; removed the unfinished \\.interrupted-${signal}\\.bin\\.ferry-\\d+\\.partial\\. Nothing was written\\.`));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.ferry-'))).toEqual([]);
  });

  it('after a SIGKILL, which nothing can catch, the next run writing the same file removes what the killed one left', async () => {
    const out = at('killed.bin');
    const run = await interruptDecrypt(out, 'SIGKILL');
    expect(run.signal).toBe('SIGKILL');
    const left = readdirSync(dir).filter((n) => n.startsWith('.killed.bin.ferry-'));
    expect(left).toHaveLength(1);
    const next = ferry(['decrypt', '-o', out, at('a.age')]);
    expect(next.status, next.stderr).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith('.killed.bin.ferry-'))).toEqual([]);
  });

  it('a wrong passphrase or a damaged file leaves no output at all', () => {
    const wrong = ferry(['decrypt', '-o', at('wrong.bin'), at('big.age')], { FERRY_PASSPHRASE: 'not it' });
    expect(wrong.status).toBe(1);
    const damaged = new Uint8Array(readFileSync(at('a.age')));
    damaged[damaged.length - 20]! ^= 1;
    writeFileSync(at('damaged.age'), damaged);
    const bad = ferry(['decrypt', '-o', at('damaged.bin'), at('damaged.age')]);
    expect(bad.status).toBe(1);
    expect(existsSync(at('wrong.bin')) || existsSync(at('damaged.bin'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.ferry-'))).toEqual([]);
  });
});

describe('a command line people can guess', () => {
  it.each(COMMANDS.map((c) => [c, c]))('ferry help %s and ferry %s --help print its usage, its options and an example', (command) => {
    const help = ferry(['help', command]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^usage: ferry ${command}`));
    expect(help.stdout).toMatch(/\nExamples?:\n  (FERRY_\w+=\.\.\. )?ferry /);
    const flag = ferry(command === 'xmpp' ? ['xmpp', 'export', '--help'] : [command, '--help']);
    expect(flag.status).toBe(0);
    expect(flag.stdout).toBe(help.stdout);
  });

  it('an unknown option or a missing value prints the usage line and exits 2; an unknown command lists the commands', () => {
    const unknown = ferry(['merge', at('a.zip'), '-o', at('x.age'), '--frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('ferry merge: unknown option --frobnicate.');
    expect(unknown.stderr).toMatch(/\nusage: ferry merge A B/);
    const missing = ferry(['decrypt', at('a.age'), '-o']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('ferry decrypt: option -o / --output needs a value.');
    expect(missing.stderr).toContain('usage: ferry decrypt');
    const help = ferry(['help', 'frobnicate']);
    expect(help.status).toBe(2);
    expect(help.stderr).toContain('The commands are: inspect, verify, merge');
  });

  it('verify and inspect check every file given, not only the first', () => {
    const entries = unzipSync(readFileSync(at('a.zip')));
    entries['messages/00001.jsonl'] = strToU8(strFromU8(entries['messages/00001.jsonl']!).replace('"kind":"text"', '"kind":"fax"'));
    writeFileSync(at('broken.zip'), zipSync(entries));
    const verify = ferry(['verify', at('a.zip'), at('broken.zip'), at('missing.zip')]);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toContain(`${at('a.zip')}: valid`);
    expect(verify.stdout).toContain(`${at('broken.zip')}: INVALID (1 problem`);
    expect(verify.stdout).toContain(`${at('missing.zip')}: NOT CHECKED`);
    expect(verify.stderr).toContain(`${at('broken.zip')}: messages/00001.jsonl:1 /kind: must be one of`);
    const inspect = ferry(['inspect', '--json', at('a.zip'), at('a.age')]);
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(inspect.stdout.trim().split('\n').map((l) => JSON.parse(l).encrypted)).toEqual([false, true]);
    const twoArchives = ferry(['export-format', 'vcard', at('a.zip'), at('a.age'), '-o', at('two.vcf')]);
    expect(twoArchives.status).toBe(2);
    expect(twoArchives.stderr).toContain('export-format takes one archive (got 2)');
  });
});
