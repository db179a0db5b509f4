/**
 * The main job: a whole migration, for real, from one XMPP server to a different one.
 *
 * Starts Prosody (the old provider) and ejabberd (the new one), each with a Converse.js page,
 * seeds the old account through the server, loads the built extension into headless Chromium,
 * and as a person would: exports the old account, saves it encrypted, imports the friend list
 * into the new account, and opens the history in the viewer. Then the new provider's admin step:
 * `ferry export-format xep0227` and ejabberd loads the history into the account's archive
 * (ejabberd 23.01's import_piefxis skips archives, so testing/support/ejabberd.ts loads the MAM part).
 * The seed's own story comes along too: a KakaoTalk group export in Korean (단톡방,
 * e2e/fixtures/kakaotalk-family-ko.txt) is converted, merged into the archive, and the admin loads
 * it as a room with its history (`ferry xmpp load-rooms --ejabberd`), which Converse.js then shows.
 * It checks roster, archive, server history and the room's history against what was seeded,
 * prints a summary, and stops everything it started.
 */
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { corpus, corpusMessageCount } from './fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../testing/support/converse-server.js';
import { archiveDifferences, rosterDifferences } from '../testing/support/corpus-check.js';
import { migrate } from '../testing/support/migration-flow.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { archiveOf, connect, disconnect, rosterOf, seedOldAccount } from '../testing/support/seed.js';
import { roomNodeOf } from '../src/connectors/xmpp/ids.js';
import type { Message } from '../src/model/types.js';
import { startEjabberd, type EjabberdServer } from '../testing/support/ejabberd.js';
import { openConverse } from '../testing/support/migration-flow.js';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openArchive } from '../src/transfer/archive-file.js';
import { validateArchive } from '../src/archive/validate.js';
import { writeArchive } from '../src/archive/container.js';
import { readFile } from 'node:fs/promises';

const OUT = resolve(import.meta.dirname, '../demo-out');
const FERRY = resolve(import.meta.dirname, '../bin/ferry.mjs');
const KAKAOTALK_GROUP = resolve(import.meta.dirname, 'fixtures/kakaotalk-family-ko.txt');
const NEW_MUC = 'conference.new.localhost';

/** Five random words' worth of entropy, readable aloud: 6 groups of 4 letters ≈ 112 bits. */
function generatePassphrase(): string {
  const letters = 'abcdefghijkmnopqrstuvwxyz';
  return Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => letters[randomInt(letters.length)]).join('')).join('-');
}

async function main(): Promise<number> {
  const generated = !process.env.FERRY_PASSPHRASE;
  const passphrase = process.env.FERRY_PASSPHRASE || generatePassphrase();
  rmSync(OUT, { recursive: true, force: true });
  const seconds: Record<string, number> = {};
  const time = async <T>(step: string, run: () => Promise<T>) => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      seconds[step] = Math.round(performance.now() - t) / 1000;
    }
  };

  let prosody: ProsodyServer | undefined;
  let converse: ConverseServer | undefined;
  let ejabberd: EjabberdServer | undefined;
  let newConverse: ConverseServer | undefined;
  let browser: ExtensionBrowser | undefined;
  try {
    prosody = await time('start-prosody', () => startProsody());
    const server = prosody;
    const seeded = await time('seed-old-account', () => seedOldAccount(server, corpus));
    // MAM in SQLite and a group chat service: the admin loads the KakaoTalk group as a room there.
    const target = (ejabberd = await time('start-ejabberd', () => startEjabberd({ hosts: ['new.localhost'], mamStorage: 'sqlite', muc: NEW_MUC })));
    await target.register(corpus.newOwner.jid.split('@')[0]!, corpus.newOwner.jid.split('@')[1]!, corpus.newOwner.password);
    converse = await time('start-converse-pages', () => startConverseServer({ websocketUrl: server.websocketUrl }));
    newConverse = await startConverseServer({ websocketUrl: target.websocketUrl });
    browser = await time('launch-chromium', () => launchWithExtension({ downloadsDir: OUT }));
    const result = await migrate(browser, {
      converseUrl: converse.url,
      targetConverseUrl: newConverse.url,
      from: corpus.owner,
      to: corpus.newOwner,
      passphrase,
      outDir: OUT,
    });
    Object.assign(seconds, result.stepSeconds);

    // The KakaoTalk group chat (단톡방) joins the archive: converted and merged as a person would.
    const ferry = (args: string[]) => {
      const run = spawnSync(process.execPath, [FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: passphrase } });
      if (run.status !== 0) throw new Error(`ferry ${args.slice(0, 2).join(' ')} failed: ${run.stderr}`);
      return run.stdout;
    };
    const kakaoPath = join(OUT, 'kakaotalk-family.age');
    const mergedPath = join(OUT, 'archive-with-kakaotalk.age');
    await time('convert-merge-kakaotalk', async () => {
      ferry(['convert', KAKAOTALK_GROUP, '--tz', 'Asia/Seoul', '-o', kakaoPath]);
      ferry(['merge', result.archivePath, kakaoPath, '-o', mergedPath]);
    });

    // The new provider's admin brings the history into the account's server archive, and the group as a room.
    const xepPath = join(OUT, 'me@new.localhost.xep0227.xml');
    const roomsPath = join(OUT, 'me@new.localhost.xep0227.rooms.xml');
    const exportFormat = await time('export-format-xep0227', async () => ({ stdout: ferry(['export-format', 'xep0227', mergedPath, '--owner', corpus.newOwner.jid, '-o', xepPath]) }));
    const loaded = await time('ejabberd-load-history', () => target.importMamArchives(xepPath));
    const roomLoad = await time('ejabberd-load-rooms', async () => ferry(['xmpp', 'load-rooms', roomsPath, '--ejabberd', '--sqlite', target.sqliteFile!, '--ejabberdctl', target.ctlCommand.join(' ')]));
    const kakao = await openArchive(new Uint8Array(await readFile(kakaoPath)), () => passphrase);
    const group = kakao.conversations.find((c) => c.kind === 'group')!;
    const room = `${roomNodeOf(corpus.newOwner.jid, group.id)}@${NEW_MUC}`;
    const roomCheck = await time('check-room-history', () => checkRoom(target.websocketUrl, corpus.newOwner, room, kakao.messages.get(group.id) ?? [], kakao.manifest.sources[0]!.account));
    const historyTab = await openConverse(browser, newConverse.url, corpus.newOwner);
    const korean = corpus.conversations.find((c) => /[가-힣]/.test(c.messages[0]?.body ?? '')) ?? corpus.conversations[0]!;
    await historyTab.locator(`a.open-chat[data-jid="${korean.with}"]`).first().click();
    await historyTab.locator('converse-chat-message').nth(korean.messages.length - 1).waitFor({ timeout: 30_000 });
    await historyTab.screenshot({ path: join(OUT, `${String(result.screenshots.length + 1).padStart(2, '0')}-ejabberd-history-in-converse.png`) });
    // A fresh login reads the bookmark the admin's load set, and Converse lists the room.
    const roomTab = await openConverse(browser, newConverse.url, corpus.newOwner);
    await roomTab.locator(`a.open-room[data-room-jid="${room}"]`).click({ timeout: 60_000 });
    const lastText = roomCheck.expected.at(-1)?.text ?? '';
    await roomTab.locator(`converse-muc[jid="${room}"]`).getByText(lastText).first().waitFor({ timeout: 30_000 });
    await roomTab.screenshot({ path: join(OUT, `${String(result.screenshots.length + 2).padStart(2, '0')}-ejabberd-kakaotalk-group-in-converse.png`) });

    const newRoster = await time('check-new-roster', () => rosterOf(target.websocketUrl, corpus.newOwner.jid, corpus.newOwner.password));
    const historyProblems: string[] = [];
    let historyCount = 0;
    for (const conversation of corpus.conversations) {
      const archived = await archiveOf(target.websocketUrl, corpus.newOwner.jid, corpus.newOwner.password, conversation.with);
      historyCount += archived.length;
      const bodies = archived.map((m) => m.body);
      const expected = conversation.messages.map((m) => m.body);
      if (JSON.stringify(bodies) !== JSON.stringify(expected)) historyProblems.push(`ejabberd history with ${conversation.with} differs from what was seeded`);
    }
    const content = await openArchive(new Uint8Array(await readFile(result.archivePath)), () => passphrase);
    const validation = validateArchive(writeArchive(content));
    const problems = [
      ...archiveDifferences(content, corpus),
      ...rosterDifferences(newRoster, corpus).map((p) => `new account: ${p}`),
      ...historyProblems,
      ...roomCheck.problems.map((p) => `room ${room}: ${p}`),
      ...validation.errors.map((e) => `schema: ${e.entry}${e.line ? `:${e.line}` : ''} ${e.pointer} ${e.message}`),
    ];
    const pending = newRoster.filter((r) => r.ask || r.subscription === 'to' || r.subscription === 'both').length;

    const summary = [
      '',
      'Ferry demo: XMPP me@old.localhost on Prosody -> me@new.localhost on ejabberd, through the extension',
      `  seeded            ${seeded.contacts} contacts, ${seeded.messages} messages in ${corpus.conversations.length} conversations`,
      `  exported          ${content.manifest.counts.contacts} contacts, ${content.manifest.counts.conversations} conversations, ${content.manifest.counts.messages} messages`,
      `  import page saw   ${result.shownCounts.contacts} contacts, ${result.shownCounts.conversations} conversations, ${result.shownCounts.messages} messages`,
      `  imported          ${result.importReport.added} contacts added (${result.importReport.alreadyPresent} already there)`,
      `  new roster        ${newRoster.length} contacts on ejabberd, ${pending} with a subscription requested or granted`,
      `  history           ${exportFormat.stdout.split('\n').find((l) => l.startsWith('kept:')) ?? ''} -> XEP-0227; ejabberd archive now holds ${historyCount} (loaded ${Object.values(loaded).reduce((a, b) => a + b, 0)})`,
      `  group chat        ${group.title} (KakaoTalk, Korean): ${roomLoad.split('\n').find((l) => l.startsWith(room)) ?? ''}; ${roomCheck.checked}/${roomCheck.expected.length} room messages checked in ejabberd's room archive (nick, original time, text)`,
      `  viewer            ${result.viewerConversations.length} conversations: ${result.viewerConversations.join(', ')}`,
      `  archive           ${result.archivePath} (${result.archiveBytes.toLocaleString('en')} bytes, age v1, scrypt)`,
      `  passphrase        ${generated ? `${passphrase} (generated; set FERRY_PASSPHRASE to choose one)` : 'from FERRY_PASSPHRASE'}`,
      `  screenshots       ${result.screenshots.length + 2} in ${OUT}`,
      `  seconds per step  ${Object.entries(seconds).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `  check             ${problems.length === 0 ? `OK: ${corpus.contacts.length}/${corpus.contacts.length} contacts on both servers, ${corpusMessageCount}/${corpusMessageCount} messages byte-exact in the archive and in ejabberd's archive, ${roomCheck.checked}/${roomCheck.expected.length} room messages of the KakaoTalk group in its room, schema valid` : `FAILED (${problems.length} problems)`}`,
      ...problems.map((p) => `    - ${p}`),
      '',
    ];
    process.stdout.write(summary.join('\n'));
    return problems.length === 0 ? 0 : 1;
  } finally {
    await browser?.close().catch(() => {});
    await converse?.stop().catch(() => {});
    await newConverse?.stop().catch(() => {});
    await ejabberd?.stop().catch(() => {});
    await prosody?.stop().catch(() => {});
  }
}

/**
 * The room's archive on the new server, read by its owner, against the KakaoTalk export: every
 * message in order, under its sender's name as nick (the owner's own under the owner's nick), at
 * its original time, with its text (a photo the export left out as its bracketed line).
 */
async function checkRoom(url: string, owner: { jid: string; password: string }, room: string, messages: readonly Message[], ownHandle: string): Promise<{ expected: Message[]; checked: number; problems: string[] }> {
  const expected = messages.filter((m) => m.kind !== 'system');
  const problems: string[] = [];
  const client = await connect(url, owner.jid, owner.password, { presence: false });
  const got: { nick: string; body: string; at: number }[] = [];
  try {
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const fin = await client.searchHistory(room, { paging: { max: 50, ...(after ? { after } : {}) } });
      for (const r of fin.results ?? []) if (r.item.message?.body) got.push({ nick: (r.item.message.from ?? '').split('/').slice(1).join('/'), body: r.item.message.body, at: r.item.delay?.timestamp?.getTime() ?? NaN });
      after = fin.paging?.last;
      if (fin.complete || !after || (fin.results ?? []).length === 0) break;
    }
    if (!(await client.getBookmarks()).some((b) => b.jid === room)) problems.push("not in the owner's bookmarks");
  } finally {
    await disconnect(client);
  }
  if (got.length !== expected.length) problems.push(`${got.length} messages in the room's archive, the export has ${expected.length}`);
  let checked = 0;
  expected.forEach((m, i) => {
    const g = got[i];
    const nick = m.sender === ownHandle ? undefined : m.sender.replace(/^kakaotalk:/, '');
    const textOk = m.text ? g?.body === m.text : /^\[file: /.test(g?.body ?? '');
    if (g && textOk && g.at === Date.parse(m.timestamp) && (nick === undefined || g.nick === nick)) checked++;
    else problems.push(`message ${i + 1} (${m.timestamp}) differs: ${JSON.stringify(g)}`);
  });
  return { expected, checked, problems };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ferry demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
