/**
 * The main job: a whole migration, for real, from one XMPP server to a different one.
 *
 * Starts Prosody (the old provider) and ejabberd (the new one), each with a Converse.js page,
 * seeds the old account through the server, loads the built extension into headless Chromium,
 * and as a person would: exports the old account, saves it encrypted, imports the friend list
 * into the new account, and opens the history in the viewer. Then the new provider's admin step:
 * `ferry export-format xep0227` and ejabberd loads the history into the account's archive
 * (ejabberd 23.01's import_piefxis skips archives, so testing/support/ejabberd.ts loads the MAM part).
 * It checks roster, archive and server history against what was seeded, prints a summary, and
 * stops everything it started.
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
import { archiveOf, rosterOf, seedOldAccount } from '../testing/support/seed.js';
import { startEjabberd, type EjabberdServer } from '../testing/support/ejabberd.js';
import { openConverse } from '../testing/support/migration-flow.js';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openArchive } from '../src/transfer/archive-file.js';
import { validateArchive } from '../src/archive/validate.js';
import { writeArchive } from '../src/archive/container.js';
import { readFile } from 'node:fs/promises';

const OUT = resolve(import.meta.dirname, '../demo-out');

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
    const target = (ejabberd = await time('start-ejabberd', () => startEjabberd({ hosts: ['new.localhost'] })));
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

    // The new provider's admin brings the history into the account's server archive.
    const xepPath = join(OUT, 'me@new.localhost.xep0227.xml');
    const exportFormat = await time('export-format-xep0227', async () =>
      spawnSync(process.execPath, [resolve(import.meta.dirname, '../bin/ferry.mjs'), 'export-format', 'xep0227', result.archivePath, '--owner', corpus.newOwner.jid, '-o', xepPath], {
        encoding: 'utf8',
        env: { ...process.env, FERRY_PASSPHRASE: passphrase },
      }),
    );
    if (exportFormat.status !== 0) throw new Error(`ferry export-format failed: ${exportFormat.stderr}`);
    const loaded = await time('ejabberd-load-history', () => target.importMamArchives(xepPath));
    const historyTab = await openConverse(browser, newConverse.url, corpus.newOwner);
    const korean = corpus.conversations.find((c) => /[가-힣]/.test(c.messages[0]?.body ?? '')) ?? corpus.conversations[0]!;
    await historyTab.locator(`a.open-chat[data-jid="${korean.with}"]`).first().click();
    await historyTab.locator('converse-chat-message').nth(korean.messages.length - 1).waitFor({ timeout: 30_000 });
    await historyTab.screenshot({ path: join(OUT, `${String(result.screenshots.length + 1).padStart(2, '0')}-ejabberd-history-in-converse.png`) });

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
      `  viewer            ${result.viewerConversations.length} conversations: ${result.viewerConversations.join(', ')}`,
      `  archive           ${result.archivePath} (${result.archiveBytes.toLocaleString('en')} bytes, age v1, scrypt)`,
      `  passphrase        ${generated ? `${passphrase} (generated; set FERRY_PASSPHRASE to choose one)` : 'from FERRY_PASSPHRASE'}`,
      `  screenshots       ${result.screenshots.length + 1} in ${OUT}`,
      `  seconds per step  ${Object.entries(seconds).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `  check             ${problems.length === 0 ? `OK: ${corpus.contacts.length}/${corpus.contacts.length} contacts on both servers, ${corpusMessageCount}/${corpusMessageCount} messages byte-exact in the archive and in ejabberd's archive, schema valid` : `FAILED (${problems.length} problems)`}`,
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ferry demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
