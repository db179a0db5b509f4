import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../src/archive/container.js';
import { SCHEMA_VERSION, type ArchiveContent } from '../../src/model/types.js';
import { sealArchive } from '../../src/transfer/archive-file.js';
import { runInPtyOrThrow } from '../support/pty.js';

const FERRY = resolve(import.meta.dirname, '../../bin/ferry.mjs');
const PASSPHRASE = '비밀 passphrase';

const content: ArchiveContent = {
  manifest: {
    format: 'ferry-archive',
    schemaVersion: SCHEMA_VERSION,
    createdBy: { tool: 'ferry', version: '0.1.0' },
    createdAt: '2026-11-22T00:00:00.000Z',
    sources: [{ service: 'xmpp', account: 'xmpp:me@old.localhost', exportedAt: '2026-11-22T00:00:00.000Z', method: 'live-web-client', timeZone: { status: 'instants' } }],
    counts: { contacts: 1, conversations: 1, messages: 1, attachments: 0 },
  },
  contacts: [{ id: 'xmpp:kim@old.localhost', displayName: '김민준', handles: ['xmpp:kim@old.localhost'], groups: [] }],
  conversations: [
    {
      id: 'c1',
      kind: 'direct',
      title: '김민준',
      participants: [
        { handle: 'xmpp:me@old.localhost', role: 'owner' },
        { handle: 'xmpp:kim@old.localhost', contactId: 'xmpp:kim@old.localhost', role: 'member' },
      ],
      source: 'xmpp:me@old.localhost',
    },
  ],
  messages: new Map([['c1', [{ id: 'm1', conversationId: 'c1', sender: 'xmpp:kim@old.localhost', timestamp: '2026-11-22T00:00:00.000Z', kind: 'text' as const, text: '안녕\n하세요' }]]]),
};

let dir: string;
let archive: string;
beforeAll(async () => {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/ferry.mjs'))) throw new Error('Build the CLI first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  archive = join(dir, 'archive.age');
  writeFileSync(archive, await sealArchive(content, PASSPHRASE, { workFactor: 10 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ferry = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: '', ...env } });

describe('ferry CLI', () => {
  it('a person is asked for the passphrase on the terminal, and it is not echoed', async () => {
    const run = await runInPtyOrThrow([process.execPath, FERRY, 'inspect', archive], [{ expect: 'Passphrase to unlock', send: `${PASSPHRASE}\r` }], {
      env: { ...process.env, FERRY_PASSPHRASE: '' },
    });
    expect(run.transcript).toContain('Messages:      1');
    expect(run.transcript).not.toContain(PASSPHRASE);
  });

  it('inspect --json prints one object with the counts, passphrase from FERRY_PASSPHRASE', () => {
    const run = ferry(['inspect', '--json', archive], { FERRY_PASSPHRASE: PASSPHRASE });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ encrypted: true, schemaVersion: SCHEMA_VERSION, contacts: 1, conversations: 1, messages: 1 });
  });

  it('decrypt -o writes the zip, and a wrong passphrase leaves no output file', () => {
    const out = join(dir, 'plain.zip');
    expect(ferry(['decrypt', '-o', out, archive], { FERRY_PASSPHRASE: PASSPHRASE }).status).toBe(0);
    expect(readArchive(readFileSync(out)).contacts[0]?.displayName).toBe('김민준');
    const wrongOut = join(dir, 'wrong.zip');
    const wrong = ferry(['decrypt', '-o', wrongOut, archive], { FERRY_PASSPHRASE: 'nope' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('Wrong passphrase');
    expect(existsSync(wrongOut)).toBe(false);
  });

  it('without a terminal or FERRY_PASSPHRASE it says how to give the passphrase', () => {
    const run = spawnSync('setsid', [process.execPath, FERRY, 'inspect', archive], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Set FERRY_PASSPHRASE');
  });

  it('verify accepts a valid plain archive and an unknown command exits 2 with usage', () => {
    const out = join(dir, 'v.zip');
    ferry(['decrypt', '-o', out, archive], { FERRY_PASSPHRASE: PASSPHRASE });
    const run = ferry(['verify', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const unknown = ferry(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
  });

  it('export-format opens an archive encrypted to a device key with -i', () => {
    const plain = join(dir, 'for-key.zip');
    const key = join(dir, 'key.txt');
    const sealed = join(dir, 'for-key.age');
    expect(ferry(['decrypt', '-o', plain, archive], { FERRY_PASSPHRASE: PASSPHRASE }).status).toBe(0);
    expect(ferry(['keygen', '-o', key]).status).toBe(0);
    const recipient = /age1[0-9a-z]+/.exec(readFileSync(key, 'utf8'))![0];
    expect(ferry(['encrypt', '-r', recipient, '-o', sealed, plain]).status).toBe(0);
    const out = join(dir, 'me.xml');
    const run = ferry(['export-format', 'xep0227', '-i', key, sealed, '--owner', 'me@new.localhost', '-o', out]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('kept: 1 contacts, 1 conversations, 1 messages');
    expect(readFileSync(out, 'utf8')).toContain('안녕\n하세요');
  });

  it('I can write my chats as vCons, one file per conversation named by its uuid, and the help lists the target', () => {
    const help = ferry(['export-format', '--help']);
    expect(help.stdout + help.stderr).toMatch(/\n  vcon +IETF vCon/);
    const out = join(dir, 'vcon-out');
    const run = ferry(['export-format', 'vcon', archive, '-o', out], { FERRY_PASSPHRASE: PASSPHRASE });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('kept: 1 conversations, 2 parties, 1 messages');
    const name = /^  ([0-9a-f-]{36}\.vcon\.json)$/m.exec(run.stdout)![1]!;
    const vcon = JSON.parse(readFileSync(join(out, name), 'utf8'));
    expect(name).toBe(`${vcon.uuid}.vcon.json`);
    expect(vcon.dialog).toEqual([expect.objectContaining({ type: 'text', start: '2026-11-22T00:00:00.000Z', originator: 1, body: '안녕\n하세요', message_id: 'm1' })]);
    expect(vcon.parties[1].name).toBe('김민준');
    expect(JSON.parse(readFileSync(join(out, 'fidelity.json'), 'utf8')).format).toBe('vcon');
  });
});
