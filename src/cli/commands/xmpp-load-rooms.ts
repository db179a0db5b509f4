/**
 * `ferry xmpp load-rooms ROOMS.xml --prosody|--ejabberd`: the server admin's step of the rooms
 * route, on the running server. The room file is what `ferry export-format xep0227` writes next
 * to the account's file (src/connectors/xmpp/write-rooms.ts).
 *
 * - Prosody: `prosodyctl shell` runs the loader shipped with Ferry
 *   (src/connectors/xmpp/loaders/ferry-muc-load.lua) inside the server, through Prosody's own
 *   room and storage code.
 * - ejabberd: ejabberdctl for the rooms, affiliations and bookmarks, and one SQL transaction for
 *   the archive (src/connectors/xmpp/load-ejabberd.ts): run on a SQLite database (`--sqlite`),
 *   or written for the admin to run with psql or mysql (`--sql-out`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RoomFileError, loadRoomsIntoEjabberd, planEjabberdLoad } from '../../connectors/xmpp/load-ejabberd.js';
import { UsageError } from '../io.js';

export const usage = 'ferry xmpp load-rooms ROOMS.xml --prosody [--prosodyctl CMD] | --ejabberd (--sqlite DB | --sql-out FILE.sql) [--ejabberdctl CMD] [--host VHOST]';

export const help = `
xmpp load-rooms is the server admin's step for group chats: it loads the room file that
ferry export-format xep0227 writes next to the account's file (OUT.rooms.xml) into the RUNNING
server: each room with its name, members and history (original senders and times), and the
owner's bookmarks. Loading the same file again adds nothing twice. Import the account first.

  --prosody          Prosody 0.12: runs Ferry's loader with prosodyctl shell (needs mod_admin_shell,
                     and under the MUC Component: modules_enabled = { "muc_mam" } and
                     muc_log_expires_after = "never"; the loader refuses anything else and changes nothing)
  --prosodyctl CMD   how to call prosodyctl (default: prosodyctl), e.g. "prosodyctl --config /etc/prosody/prosody.cfg.lua"
  --ejabberd         ejabberd 23.01: mod_muc_admin and mod_admin_extra loaded, mod_mam with db_type: sql
  --sqlite DB        ejabberd's SQLite database: the archive rows go in with sqlite3, in one transaction
  --sql-out FILE     or: write the archive rows as one SQL transaction, for psql or mysql
  --ejabberdctl CMD  how to call ejabberdctl (default: ejabberdctl)
  --host VHOST       the virtual host that serves the MUC service (default: the service without its first label)

CMD is split at spaces (no quoting).

Examples:
  ferry xmpp load-rooms me@example.org.xep0227.rooms.xml --prosody
  ferry xmpp load-rooms me@example.org.xep0227.rooms.xml --ejabberd --sqlite /var/lib/ejabberd/ejabberd.db
`;

const OPTIONS = {
  prosody: { type: 'boolean' },
  ejabberd: { type: 'boolean' },
  prosodyctl: { type: 'string' },
  ejabberdctl: { type: 'string' },
  sqlite: { type: 'string' },
  'sql-out': { type: 'string' },
  host: { type: 'string' },
} as const;

/**
 * The Prosody loader shipped with Ferry, found from wherever this module runs: src/cli/commands,
 * the built CLI (dist/cli) or one of its lazily loaded chunks (dist/cli/assets), so the levels
 * up to the checkout differ.
 */
export function prosodyLoaderPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = ['../..', '../../..', '../../../..'].flatMap((up) => [resolve(here, up, 'src/connectors/xmpp/loaders/ferry-muc-load.lua'), resolve(here, up, 'connectors/xmpp/loaders/ferry-muc-load.lua')]);
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Ferry's Prosody loader is missing (looked for ${candidates.join(', ')}). Reinstall Ferry.`);
  return found;
}

/** The line `prosodyctl shell` runs: Lua string literals from JSON strings (valid Lua for paths). */
export function prosodyShellLine(loader: string, roomFile: string): string {
  return `> return dofile(${JSON.stringify(loader)})(${JSON.stringify(roomFile)})`;
}

function run(command: string, args: string[], timeoutMs = 300_000): Promise<{ code: number; out: string }> {
  return new Promise((done, fail) =>
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') fail(new Error(`${command} could not run: ${error.message}`));
      else done({ code: typeof error?.code === 'number' ? error.code : 0, out: `${stdout}${stderr}` });
    }),
  );
}

const words = (cmd: string) => cmd.split(/\s+/).filter(Boolean);

export async function loadRoomsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('Name one room file: ferry xmpp load-rooms ROOMS.xml --prosody|--ejabberd (ferry export-format xep0227 writes it next to the account file).');
  if (!values.prosody === !values.ejabberd) throw new UsageError('Say which server runs the group chat service: --prosody or --ejabberd.');
  const file = resolve(positionals[0]!);
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${(e as Error).message}`);
  }

  if (values.prosody) {
    if (values.sqlite || values['sql-out'] || values.ejabberdctl) throw new UsageError('--sqlite, --sql-out and --ejabberdctl are for --ejabberd.');
    const [ctl, ...ctlArgs] = words(values.prosodyctl ?? 'prosodyctl');
    const started = performance.now();
    const { code, out } = await run(ctl!, [...ctlArgs, 'shell', prosodyShellLine(prosodyLoaderPath(), file)]);
    const text = out.trim();
    // prosodyctl shell exits 0 even when the line raised an error; the loader's errors start with "!".
    if (code !== 0 || !/^Result:/m.test(text) || /^! /m.test(text)) {
      process.stderr.write(`Prosody did not load ${file}:\n${text}\n`);
      return 1;
    }
    process.stdout.write(`${text.replace(/^Result: /m, '')}\nloaded into Prosody in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  }

  if (!values.sqlite === !values['sql-out']) throw new UsageError('Say where the archive goes: --sqlite DB (ejabberd on SQLite) or --sql-out FILE.sql (to run with psql or mysql).');
  if (values.prosodyctl) throw new UsageError('--prosodyctl is for --prosody.');
  const service = /<host jid='([^']+)'>\s*<room /.exec(xml)?.[1];
  const host = values.host ?? (service ? service.slice(service.indexOf('.') + 1) : undefined);
  if (!host) throw new UsageError('Name the virtual host that serves the group chat service: --host example.org.');
  try {
    planEjabberdLoad(xml, host);
  } catch (e) {
    if (e instanceof RoomFileError) throw new UsageError(`${file}: ${e.message}. Nothing was changed.`);
    throw e;
  }
  const [ctl, ...ctlArgs] = words(values.ejabberdctl ?? 'ejabberdctl');
  const tools = {
    async ctl(...a: string[]) {
      const { code, out } = await run(ctl!, [...ctlArgs, ...a], 120_000);
      if (code !== 0) throw new Error(`ejabberdctl ${a[0]} failed (exit ${code}): ${out.trim()}`);
      return out;
    },
    async sql(rows: readonly string[]) {
      if (values['sql-out']) {
        await writeFile(values['sql-out'], ['BEGIN;', ...rows, 'COMMIT;', ''].join('\n'));
        return undefined;
      }
      // total_changes() counts the rows the INSERTs added (rows already there are skipped).
      return sqlite(values.sqlite!, ['BEGIN;', ...rows, 'SELECT total_changes();', 'COMMIT;', ''].join('\n'));
    },
  };
  const report = await loadRoomsIntoEjabberd(tools, xml, host);
  const lines = [
    ...report.rooms.map((r) => `${r.room}: ${r.created ? 'created' : 'already there, options updated'}, ${r.affiliations} affiliations, ${r.messages} messages`),
    report.added === undefined
      ? `archive: ${report.messages} messages written to ${values['sql-out']}; run it in ejabberd's database (psql -f, mysql <), then the rooms serve them`
      : `archive: ${report.added} of ${report.messages} messages added (${report.messages - report.added} were there already)`,
    ...report.bookmarks,
    `loaded into ejabberd in ${((report.ms.rooms + report.ms.archive + report.ms.bookmarks) / 1000).toFixed(1)} s (rooms ${(report.ms.rooms / 1000).toFixed(1)} s, archive ${(report.ms.archive / 1000).toFixed(1)} s, bookmarks ${(report.ms.bookmarks / 1000).toFixed(1)} s)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** Runs a script with sqlite3 on `db`; resolves with the last line it printed as a number. */
function sqlite(db: string, script: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = execFile('sqlite3', ['-bail', db], { timeout: 600_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`sqlite3 ${db} failed: ${(stderr || error.message).trim()}. The transaction was rolled back: nothing of the archive was added.`));
      else done(Number(stdout.trim().split('\n').at(-1)));
    });
    child.stdin!.end(script);
  });
}
