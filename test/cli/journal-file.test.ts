/**
 * The journal `ferry xmpp export` keeps beside its output: what a killed run committed comes
 * back whole on reopening, encrypted as the archive (a passphrase, or keys and -i), a record cut
 * short by the kill is dropped, and a record changed, moved or from another account is refused.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridIdentity, ScryptIdentity, ScryptRecipient } from '../../src/crypto/index.js';
import type { ArchivedMessage } from '../../src/connectors/xmpp/port.js';
import { JournalError, JournalFile } from '../../src/cli/journal-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-journal-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const page = (from: number, count: number): ArchivedMessage[] =>
  Array.from({ length: count }, (_, i) => ({ archiveId: `a${from + i}`, stamp: new Date(Date.UTC(2024, 0, 1, 0, 0, from + i)).toISOString(), from: 'kim@old.localhost', to: 'me@old.localhost', type: 'chat', body: `메시지 ${from + i}` }));

const ACCOUNT = 'me@old.localhost';
const passphrase = () => new ScryptRecipient('journal passphrase', 10);
const unlock = () => [new ScryptIdentity('journal passphrase')];

describe('the xmpp export journal file', () => {
  it('what a run committed (pages, pages read back from the end, a room) comes back whole after the process is gone', async () => {
    const path = join(dir, 'a.age.journal');
    const first = await JournalFile.create(path, ACCOUNT, [passphrase()]);
    const account = first.journal('account');
    await account.commitPage(page(0, 3), 'a2');
    await account.tail!.commitPage(page(10, 2), 'a10');
    await first.journal('room team@muc.old.localhost').commitPage(page(100, 2), 'a101');
    first.close(); // the process is killed: nothing else happens

    const again = await JournalFile.open(path, ACCOUNT, unlock(), false);
    expect(again.resumedMessages).toBe(7);
    expect(await again.journal('account').cursor()).toBe('a2');
    expect(await again.journal('account').tail!.cursor()).toBe('a10');
    expect((await again.journal('account').messages()).map((m) => m.archiveId)).toEqual(['a0', 'a1', 'a2', 'a10', 'a11']);
    expect((await again.journal('room team@muc.old.localhost').messages()).map((m) => m.body)).toEqual(['메시지 100', '메시지 101']);
    // It goes on from there, and a third run sees both runs' pages.
    await again.journal('account').commitPage(page(3, 2), 'a4');
    again.close();
    const third = await JournalFile.open(path, ACCOUNT, unlock(), false);
    expect(await third.journal('account').cursor()).toBe('a4');
    expect(third.resumedMessages).toBe(9);
    third.remove();
    expect(() => statSync(path)).toThrow();
  });

  it('holds nothing readable: the texts and the account are sealed, and only the passphrase or a recipient key opens it', async () => {
    const path = join(dir, 'sealed.journal');
    const key = await HybridIdentity.generate();
    const journal = await JournalFile.create(path, ACCOUNT, [await key.recipient()]);
    await journal.journal('account').commitPage(page(0, 2), 'a1');
    journal.close();
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from('메시지'))).toBe(false);
    expect(bytes.includes(Buffer.from('old.localhost'))).toBe(false);
    await expect(JournalFile.open(path, ACCOUNT, [], false)).rejects.toThrow(/give the passphrase it used \(FERRY_PASSPHRASE\) or, for an export to keys, -i with an identity/);
    const opened = await JournalFile.open(path, ACCOUNT, [key], false);
    expect(opened.resumedMessages).toBe(2);
    opened.close();
  });

  it('a record cut short by the kill is dropped, and the page it held is asked again', async () => {
    const path = join(dir, 'torn.journal');
    const journal = await JournalFile.create(path, ACCOUNT, [passphrase()]);
    await journal.journal('account').commitPage(page(0, 2), 'a1');
    await journal.journal('account').commitPage(page(2, 2), 'a3');
    journal.close();
    truncateSync(path, statSync(path).size - 7);
    const opened = await JournalFile.open(path, ACCOUNT, unlock(), false);
    expect(await opened.journal('account').cursor()).toBe('a1');
    await opened.journal('account').commitPage(page(2, 2), 'a3');
    opened.close();
    expect(await (await JournalFile.open(path, ACCOUNT, unlock(), false)).journal('account').cursor()).toBe('a3');
  });

  it('a record changed or moved in the middle, another account, or a journal of an --unencrypted run used by an encrypted one are refused with what to do', async () => {
    const path = join(dir, 'tampered.journal');
    const journal = await JournalFile.create(path, ACCOUNT, [passphrase()]);
    for (let i = 0; i < 3; i++) await journal.journal('account').commitPage(page(i * 2, 2), `a${i * 2 + 1}`);
    journal.close();
    const bytes = new Uint8Array(readFileSync(path));
    bytes[bytes.length - 60]! ^= 1; // inside the last record: it is torn, so dropped
    writeFileSync(path, bytes);
    expect(await (await JournalFile.open(path, ACCOUNT, unlock(), false)).journal('account').cursor()).toBe('a3');
    const middle = new Uint8Array(readFileSync(path));
    // Inside the first record, which is followed by another: not a torn end, a changed record.
    const firstRecord = 17 + 4 + Buffer.from(middle).readUInt32BE(17);
    middle[firstRecord + 30]! ^= 1;
    writeFileSync(path, middle);
    await expect(JournalFile.open(path, ACCOUNT, unlock(), false)).rejects.toThrow(/is damaged \(record \d does not verify\)\. Delete it to start the export from the beginning/);

    const other = join(dir, 'other.journal');
    (await JournalFile.create(other, 'someone@else.example', [passphrase()])).close();
    await expect(JournalFile.open(other, ACCOUNT, unlock(), false)).rejects.toThrow(/belongs to an export of another account, not me@old\.localhost/);

    const plain = join(dir, 'plain.journal');
    (await JournalFile.create(plain, ACCOUNT, null)).close();
    await expect(JournalFile.open(plain, ACCOUNT, unlock(), false)).rejects.toBeInstanceOf(JournalError);
    expect((await JournalFile.open(plain, ACCOUNT, [], true)).resumedMessages).toBe(0);
  });
});
