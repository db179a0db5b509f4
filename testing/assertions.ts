/**
 * Matchers on archives (`expect(archive).toHoldMessages(5000)`), added to the kit's `expect`.
 * Each opens the archive itself and, when it fails, says what differed: which counts, which
 * contact came closest, which schema rule, what the age CLI printed.
 */
import { expect as baseExpect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateArchive } from '../src/archive/validate.js';
import { readArchive } from '../src/archive/container.js';
import type { ArchiveContent, Contact } from '../src/model/types.js';
import { runInPty } from '../test/support/pty.js';
import { contentOf, isArchiveFile, zipOf, type ArchiveFile } from './archive.js';
import { archiveDifferences, type CorpusRooms } from './support/corpus-check.js';
import type { Corpus } from './support/corpus.js';

type Archive = ArchiveFile | ArchiveContent;
type Result = { pass: boolean; message: () => string; name: string; expected?: unknown; actual?: unknown };

export interface ContactExpectation {
  /** Display name, exactly. */
  name?: string;
  /** An address the contact has, as a URI ("xmpp:kim@old.localhost") or a bare JID ("kim@old.localhost"). */
  address?: string;
  /** Groups the contact is in (at least these). */
  groups?: readonly string[];
}

const label = (archive: Archive) => (isArchiveFile(archive) ? archive.path : 'the archive');

function perConversation(content: ArchiveContent): string {
  const titles = new Map(content.conversations.map((c) => [c.id, c.title ?? c.id]));
  return [...content.messages].map(([id, list]) => `${titles.get(id) ?? id}: ${list.length}`).slice(0, 12).join(', ') || 'no conversations';
}

function contactMatches(c: Contact, want: ContactExpectation): string[] {
  const misses: string[] = [];
  if (want.name !== undefined && c.displayName !== want.name) misses.push(`name ${JSON.stringify(c.displayName)}`);
  if (want.address !== undefined) {
    const uri = want.address.includes(':') ? want.address : `xmpp:${want.address}`;
    if (!c.handles.includes(uri)) misses.push(`addresses ${JSON.stringify(c.handles)}`);
  }
  for (const g of want.groups ?? []) if (!(c.groups ?? []).includes(g)) misses.push(`groups ${JSON.stringify(c.groups ?? [])}`);
  return [...new Set(misses)];
}

function ageCliAvailable(): boolean {
  try {
    execFileSync('age', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const archiveMatchers = {
  /** The archive holds exactly `count` messages (all conversations together). */
  async toHoldMessages(this: { isNot: boolean }, archive: Archive, count: number): Promise<Result> {
    const content = await contentOf(archive);
    let actual = 0;
    for (const list of content.messages.values()) actual += list.length;
    return {
      name: 'toHoldMessages',
      pass: actual === count,
      expected: count,
      actual,
      message: () =>
        this.isNot
          ? `${label(archive)} holds ${count} messages, expected any other number`
          : `${label(archive)} holds ${actual} messages, expected ${count} (${actual > count ? `${actual - count} too many` : `${count - actual} missing`}; per conversation: ${perConversation(content)})`,
    };
  },

  /** Some contact has every property given (name, address, groups). */
  async toHoldContact(this: { isNot: boolean }, archive: Archive, want: ContactExpectation): Promise<Result> {
    const content = await contentOf(archive);
    const scored = content.contacts.map((c) => ({ c, misses: contactMatches(c, want) })).sort((a, b) => a.misses.length - b.misses.length);
    const found = scored.find((s) => s.misses.length === 0);
    const closest = scored[0];
    return {
      name: 'toHoldContact',
      pass: !!found,
      expected: want,
      actual: found?.c ?? closest?.c,
      message: () =>
        this.isNot
          ? `${label(archive)} holds ${JSON.stringify(found?.c.displayName)} matching ${JSON.stringify(want)}, expected none`
          : content.contacts.length === 0
            ? `${label(archive)} holds no contacts at all, expected one matching ${JSON.stringify(want)}`
            : `${label(archive)} holds no contact matching ${JSON.stringify(want)} among ${content.contacts.length}; closest is ${JSON.stringify(closest!.c.displayName)} (${closest!.c.handles.join(', ')}), which differs in ${closest!.misses.join('; ')}`,
    };
  },

  /** The zip inside validates against schemas/ (every entity, the manifest's counts, the layout). */
  async toMatchSchema(this: { isNot: boolean }, archive: Archive): Promise<Result> {
    const input = isArchiveFile(archive) ? await zipOf(archive) : archive;
    const { errors } = validateArchive(input);
    return {
      name: 'toMatchSchema',
      pass: errors.length === 0,
      actual: errors,
      message: () =>
        this.isNot
          ? `${label(archive)} matches the schemas, expected it not to`
          : `${label(archive)} breaks the schemas in ${errors.length} place(s):\n  ${errors.slice(0, 10).map((e) => JSON.stringify(e)).join('\n  ')}`,
    };
  },

  /**
   * The export kept what the seeded account holds: every friend (name, groups) and every
   * conversation's messages, byte-exact and in order, and each seeded room's texts in order.
   * Lists the first differences.
   */
  async toKeepAccount(this: { isNot: boolean }, archive: Archive, account: Corpus & CorpusRooms): Promise<Result> {
    const content = await contentOf(archive);
    const differences = archiveDifferences(content, account);
    return {
      name: 'toKeepAccount',
      pass: differences.length === 0,
      actual: differences,
      message: () =>
        this.isNot
          ? `${label(archive)} keeps the whole account, expected some difference`
          : `${label(archive)} differs from the seeded account of ${account.owner.jid} in ${differences.length} way(s):\n  ${differences.slice(0, 12).join('\n  ')}`,
    };
  },

  /**
   * Fidelity notes (what an export or import could not keep), summed by item, equal `expected`
   * for the items it names; `{}` with no other argument means "no note at all".
   */
  async toHaveFidelityCounts(this: { isNot: boolean }, archive: Archive, expected: Record<string, number>): Promise<Result> {
    const content = await contentOf(archive);
    const actual: Record<string, number> = {};
    for (const note of content.fidelity ?? []) actual[note.item] = (actual[note.item] ?? 0) + note.count;
    const keys = Object.keys(expected).length ? Object.keys(expected) : Object.keys(actual);
    const differing = keys.filter((k) => (actual[k] ?? 0) !== (expected[k] ?? 0));
    return {
      name: 'toHaveFidelityCounts',
      pass: differing.length === 0,
      expected,
      actual,
      message: () =>
        this.isNot
          ? `${label(archive)} has the fidelity counts ${JSON.stringify(expected)}, expected others`
          : `${label(archive)} fidelity counts differ: ${differing.map((k) => `${k} is ${actual[k] ?? 0}, expected ${expected[k] ?? 0}`).join('; ')} (all notes: ${JSON.stringify(actual)})`,
    };
  },

  /**
   * The reference `age` CLI (age-encryption.org) decrypts the file, with the passphrase typed into
   * its terminal prompt, and the zip it writes is the same archive Ferry reads.
   */
  async toOpenWithAgeCli(this: { isNot: boolean }, archive: ArchiveFile): Promise<Result> {
    if (!ageCliAvailable()) {
      return { name: 'toOpenWithAgeCli', pass: false, message: () => 'the age CLI is not installed here (apt-get install age), so this cannot be checked' };
    }
    const dir = mkdtempSync(join(tmpdir(), 'ferry-age-cli-'));
    try {
      if (!archive.passphrase) throw new Error('toOpenWithAgeCli needs the ArchiveFile passphrase (identity files are not supported by this matcher yet)');
      const out = join(dir, 'archive.zip');
      const run = await runInPty(['age', '--decrypt', '-o', out, archive.path], [{ expect: 'Enter passphrase', send: `${archive.passphrase}\r` }]);
      let problem = '';
      if (run.exitCode !== 0) problem = `age exited with ${run.exitCode}${run.timedOut ? ' (timed out)' : ''}: ${run.transcript.trim().slice(-400)}`;
      else {
        try {
          const content = await readArchive(new Uint8Array(readFileSync(out)));
          const ours = await contentOf(archive);
          if (JSON.stringify(content.manifest.counts) !== JSON.stringify(ours.manifest.counts)) problem = `age's output holds ${JSON.stringify(content.manifest.counts)}, Ferry reads ${JSON.stringify(ours.manifest.counts)}`;
        } catch (e) {
          problem = `age decrypted it, but the output is not a Ferry archive: ${(e as Error).message}`;
        }
      }
      return { name: 'toOpenWithAgeCli', pass: problem === '', message: () => (this.isNot ? `${archive.path} opens with the age CLI, expected it not to` : `${archive.path} does not open with the age CLI: ${problem}`) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export const expect = baseExpect.extend(archiveMatchers);
