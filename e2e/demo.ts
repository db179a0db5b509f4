/**
 * The main job: a whole migration, for real, through the extension's own pages.
 *
 * Starts Prosody (two providers) and a Converse.js page, seeds the old account through the
 * server, loads the built extension into headless Chromium, and as a person would: exports the
 * old account, saves it encrypted, imports the friend list into the new account, and opens the
 * history in the viewer. Then it checks the new account's roster on the server and the
 * archive's content against what was seeded, prints a summary, and stops everything it started.
 */
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { corpus, corpusMessageCount } from './fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from './support/browser.js';
import { startConverseServer, type ConverseServer } from './support/converse-server.js';
import { archiveDifferences, rosterDifferences } from './support/corpus-check.js';
import { migrate } from './support/migration-flow.js';
import { startProsody, type ProsodyServer } from './support/prosody.js';
import { rosterOf, seedOldAccount } from './support/seed.js';
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
  let browser: ExtensionBrowser | undefined;
  try {
    prosody = await time('start-prosody', () => startProsody());
    const server = prosody;
    const seeded = await time('seed-old-account', () => seedOldAccount(server, corpus));
    await server.register(corpus.newOwner.jid.split('@')[0]!, corpus.newOwner.jid.split('@')[1]!, corpus.newOwner.password);
    converse = await time('start-converse-page', () => startConverseServer({ websocketUrl: server.websocketUrl }));
    browser = await time('launch-chromium', () => launchWithExtension({ downloadsDir: OUT }));
    const result = await migrate(browser, { converseUrl: converse.url, from: corpus.owner, to: corpus.newOwner, passphrase, outDir: OUT });
    Object.assign(seconds, result.stepSeconds);

    const newRoster = await time('check-new-roster', () => rosterOf(server.websocketUrl, corpus.newOwner.jid, corpus.newOwner.password));
    const content = await openArchive(new Uint8Array(await readFile(result.archivePath)), () => passphrase);
    const validation = validateArchive(writeArchive(content));
    const problems = [
      ...archiveDifferences(content, corpus),
      ...rosterDifferences(newRoster, corpus).map((p) => `new account: ${p}`),
      ...validation.errors.map((e) => `schema: ${e.entry}${e.line ? `:${e.line}` : ''} ${e.pointer} ${e.message}`),
    ];
    const pending = newRoster.filter((r) => r.ask || r.subscription === 'to' || r.subscription === 'both').length;

    const summary = [
      '',
      'Ferry demo: XMPP old.localhost -> new.localhost through the extension',
      `  seeded            ${seeded.contacts} contacts, ${seeded.messages} messages in ${corpus.conversations.length} conversations`,
      `  exported          ${content.manifest.counts.contacts} contacts, ${content.manifest.counts.conversations} conversations, ${content.manifest.counts.messages} messages`,
      `  import page saw   ${result.shownCounts.contacts} contacts, ${result.shownCounts.conversations} conversations, ${result.shownCounts.messages} messages`,
      `  imported          ${result.importReport.added} contacts added (${result.importReport.alreadyPresent} already there)`,
      `  new roster        ${newRoster.length} contacts on the server, ${pending} with a subscription requested or granted`,
      `  viewer            ${result.viewerConversations.length} conversations: ${result.viewerConversations.join(', ')}`,
      `  archive           ${result.archivePath} (${result.archiveBytes.toLocaleString('en')} bytes, age v1, scrypt)`,
      `  passphrase        ${generated ? `${passphrase} (generated; set FERRY_PASSPHRASE to choose one)` : 'from FERRY_PASSPHRASE'}`,
      `  screenshots       ${result.screenshots.length} in ${OUT}`,
      `  seconds per step  ${Object.entries(seconds).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `  check             ${problems.length === 0 ? `OK: ${corpus.contacts.length}/${corpus.contacts.length} contacts on both sides, ${corpusMessageCount}/${corpusMessageCount} messages byte-exact, schema valid` : `FAILED (${problems.length} problems)`}`,
      ...problems.map((p) => `    - ${p}`),
      '',
    ];
    process.stdout.write(summary.join('\n'));
    return problems.length === 0 ? 0 : 1;
  } finally {
    await browser?.close().catch(() => {});
    await converse?.stop().catch(() => {});
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
