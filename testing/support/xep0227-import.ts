/**
 * Imports a XEP-0227 (Portable Import/Export Format) file into a Prosody 0.12 internal-storage data
 * directory with Prosody's own `prosody-migrator` (input type "xep0227" = mod_storage_xep0227), so
 * `startProsody({ dataPath })` then serves the accounts, rosters, vCards, private XML and MAM
 * archives it contains, messages with their original timestamps.
 *
 * What mod_storage_xep0227 (Prosody 0.12.3) reads, found in its source:
 * - one file per account, `USER@HOST.xml`, in Prosody's data directory (`prosody.paths.data`, which
 *   the migrator takes from the CFG_DATADIR line hard-coded at the top of /usr/bin/prosody-migrator:
 *   we run a copy with that line pointing at a private input dir, with lua5.4);
 * - inside, ONLY the first <host> of <server-data xmlns='urn:xmpp:pie:0'> and the first <user> of
 *   that host are looked at: `<server-data xmlns='urn:xmpp:pie:0'><host jid='HOST'><user name='USER'
 *   password='PLAIN'>` (or a <scram-credentials xmlns='urn:xmpp:pie:0#scram' mechanism='SCRAM-SHA-1'>
 *   child). So a file with several users must be split; `splitXep0227` does that;
 * - roster: <query xmlns='jabber:iq:roster'><item jid name subscription ask><group>..</group></item>,
 *   pending inbound requests as <presence xmlns='jabber:client' type='subscribe' from=...> under <user>;
 * - vCard: <vCard xmlns='vcard-temp'>; private XML: <query xmlns='jabber:iq:private'>;
 * - archive: <archive xmlns='urn:xmpp:pie:0#mam'> with, per message,
 *   <result xmlns='urn:xmpp:mam:2' id='ID'><forwarded xmlns='urn:xmpp:forward:0'>
 *   <delay xmlns='urn:xmpp:delay' stamp='2024-..Z'/><message xmlns='jabber:client' from to type>
 *   ...</message></forwarded></result>. `with` is derived: the bare `from` if the bare `to` is the
 *   owner, else the bare `to`. The id becomes the archive id (MAM result id / stanza-id).
 *
 * The migrator, run as root, switches to the `prosody` user: the input files must be readable and
 * every directory on the way traversable by it, and the output store directories
 * (`DATA/HOST%2e.../{accounts,roster,...}`) must already exist and belong to `prosody` (it does not
 * create them). This module takes care of all of it.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { JXT } from 'stanza';

const { parse } = JXT;
type XMLElement = JXT.XMLElement;
const XMLElementCtor = JXT.XMLElement;

const NS_PIE = 'urn:xmpp:pie:0';
const NS_PIE_OLD = 'http://www.xmpp.org/extensions/xep-0227.html#ns';
const NS_PIE_MAM = 'urn:xmpp:pie:0#mam';
const NS_XINCLUDE = 'http://www.w3.org/2001/XInclude';
const MIGRATOR = '/usr/bin/prosody-migrator';
const INSTALL_HINT = 'install with: apt-get install prosody lua-expat';

/** The Prosody stores migrated by default ("NAME" = keyval, "NAME-archive" = archive store). */
export const DEFAULT_STORES = ['accounts', 'roster', 'vcard', 'private', 'archive-archive'] as const;

export interface ProsodyImportOptions {
  /** Prosody's data_path (internal storage) to write into; created if missing. Give it to startProsody({dataPath}). */
  dataDir: string;
  /** Only this host (default: every <host> in the file). */
  host?: string;
  /** A XEP-0227 file: any number of hosts and users; <xi:include href> of host/user files is followed. */
  file: string;
  /** Stores to migrate. Default DEFAULT_STORES. */
  stores?: readonly string[];
}

export interface ProsodyImportReport {
  /** Imported users per host. */
  users: Record<string, string[]>;
  /** Wall time of the whole import, and of the migrator process alone (ms). */
  ms: { total: number; migrator: number };
  /** The migrator's console output (info level). */
  log: string;
}

export interface PieUser {
  host: string;
  user: string;
  /** A complete one-user XEP-0227 document, the shape mod_storage_xep0227 reads. */
  xml: string;
}

const escAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

const isPie = (el: XMLElement): boolean => [NS_PIE, NS_PIE_OLD].includes(el.getNamespace());
const isInclude = (el: XMLElement): boolean => el.name === 'include' || el.name.endsWith(':include') || el.getNamespace() === NS_XINCLUDE;

/** Splits a XEP-0227 document (several hosts/users, xi:include followed) into one document per user. */
export function splitXep0227(xml: string, baseDir = '.'): PieUser[] {
  const root = parse(xml);
  if (root.name !== 'server-data' || !isPie(root)) throw new Error(`not a XEP-0227 file: root is <${root.name} xmlns='${root.getNamespace()}'>`);
  const out: PieUser[] = [];
  const included = (el: XMLElement): XMLElement => {
    const href = el.getAttribute('href');
    if (!href) throw new Error('<xi:include> without href');
    return parse(readFileSync(resolve(baseDir, href), 'utf8'));
  };
  const visitHost = (host: XMLElement): void => {
    const jid = host.getAttribute('jid');
    if (!jid) throw new Error('<host> without jid');
    for (const child of host.children) {
      if (typeof child === 'string') continue;
      const users = isInclude(child) ? [included(child)] : [child];
      for (const user of users) {
        if (user.name !== 'user') continue;
        const name = user.getAttribute('name');
        if (!name) throw new Error(`<user> without name under host ${jid}`);
        // Re-serialised under a fresh <server-data xmlns='urn:xmpp:pie:0'> (so it inherits that
        // namespace); children keep the xmlns declarations the parser saw. Prosody stores accounts
        // under the node-prepped (here: lower-cased) name.
        const lname = name.toLowerCase();
        user.setAttribute('name', lname);
        // The migrator asserts that an archive store iterator exists for every user: a user
        // without messages needs an empty <archive/>, or the run logs an error for them.
        if (!user.getChild('archive', NS_PIE_MAM)) user.appendChild(new XMLElementCtor('archive', { xmlns: NS_PIE_MAM }));
        out.push({
          host: jid.toLowerCase(),
          user: lname,
          xml: `<?xml version='1.0' encoding='UTF-8'?>\n<server-data xmlns='${NS_PIE}'><host jid='${escAttr(jid.toLowerCase())}'>${user.toString()}</host></server-data>\n`,
        });
      }
    }
  };
  const visit = (el: XMLElement): void => {
    for (const child of el.children) {
      if (typeof child === 'string') continue;
      if (child.name === 'host') visitHost(child);
      else if (isInclude(child)) {
        const inc = included(child);
        if (inc.name === 'host') visitHost(inc);
        else if (inc.name === 'server-data') visit(inc);
      }
    }
  };
  visit(root);
  return out;
}

/** Prosody's datamanager path encoding: every non-alphanumeric byte as %xx (lower-case hex). */
export const prosodyEncode = (s: string): string => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');

function prosodyIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('prosody:'));
  if (!line) throw new Error(`Prosody is not installed (no 'prosody' system user): ${INSTALL_HINT}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

/** Throws unless `uid` can traverse every ancestor of `path` (the migrator runs as prosody). */
function assertTraversable(path: string, uid: number, gid: number): void {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const st = statSync(dir);
    const ok = st.uid === uid ? st.mode & 0o100 : st.gid === gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!ok) throw new Error(`importIntoProsody: the prosody user cannot enter ${dir} (mode ${(st.mode & 0o777).toString(8)}); the migrator runs as prosody. chmod o+x it or use another dataDir`);
    if (dir === '/') return;
  }
}

const lua = (s: string): string => JSON.stringify(s);

export async function importIntoProsody(opts: ProsodyImportOptions): Promise<ProsodyImportReport> {
  const t0 = performance.now();
  try {
    statSync(MIGRATOR);
  } catch {
    throw new Error(`prosody-migrator not found at ${MIGRATOR}: ${INSTALL_HINT}`);
  }
  const { uid, gid } = prosodyIds();
  const stores = opts.stores ?? DEFAULT_STORES;

  let users = splitXep0227(readFileSync(opts.file, 'utf8'), dirname(resolve(opts.file)));
  if (opts.host) users = users.filter((u) => u.host === opts.host!.toLowerCase());
  if (users.length === 0) throw new Error(`importIntoProsody: ${opts.file} has no <user>${opts.host ? ` on host ${opts.host}` : ''}`);
  const byHost: Record<string, string[]> = {};
  for (const u of users) (byHost[u.host] ??= []).push(u.user);
  for (const [host, names] of Object.entries(byHost)) {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`importIntoProsody: user ${dup}@${host} appears twice in ${opts.file}`);
  }

  // Output: DATA/HOST/STORE dirs must exist and belong to prosody.
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  assertTraversable(dataDir, uid, gid);
  for (const host of Object.keys(byHost)) {
    for (const store of stores) mkdirSync(join(dataDir, prosodyEncode(host), prosodyEncode(store.replace(/-\w+$/, ''))), { recursive: true });
  }
  chownTree(dataDir, uid, gid);

  // Input: one USER@HOST.xml per account in a private dir, and a migrator copy pointing at it.
  const work = mkdtempSync(join(tmpdir(), 'ferry-xep0227-'));
  try {
    chmodSync(work, 0o755);
    assertTraversable(join(work, 'x'), uid, gid);
    const input = join(work, 'in');
    mkdirSync(input, { mode: 0o755 });
    for (const u of users) writeFileSync(join(input, `${u.user}@${u.host}.xml`), u.xml, { mode: 0o644 });
    const script = readFileSync(MIGRATOR, 'utf8');
    if (!/^CFG_DATADIR=.*$/m.test(script)) throw new Error(`${MIGRATOR} has no CFG_DATADIR line to patch (not Prosody 0.12?)`);
    const migrator = join(work, 'prosody-migrator');
    writeFileSync(migrator, script.replace(/^CFG_DATADIR=.*$/m, `CFG_DATADIR=${lua(input)};`), { mode: 0o755 });
    const config = join(work, 'migrator.cfg.lua');
    const hostsLua = Object.keys(byHost)
      .map((h) => `[${lua(h)}] = { ${stores.map(lua).join(', ')} }`)
      .join(';\n    ');
    writeFileSync(
      config,
      `input {\n  type = "xep0227";\n  hosts = {\n    ${hostsLua};\n  };\n}\noutput {\n  type = "internal";\n  path = ${lua(dataDir)};\n}\n`,
      { mode: 0o644 },
    );
    chownTree(work, 0, 0);

    const tMig = performance.now();
    const log = await new Promise<string>((resolvePromise, reject) => {
      // --keep-going is required: for every store the migrator first migrates HOST-level data
      // (user = nil), and Prosody 0.12.3's xep0227 archive driver cannot do that (find() either
      // returns nil, which the migrator asserts on, or crashes concatenating the nil user). With
      // --keep-going that one failure is logged ("Error migrating data for host") and the users
      // are migrated; any error about a USER is still fatal below.
      execFile('lua5.4', [migrator, '--keep-going', '--config', config, 'input', 'output'], { cwd: work, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        const text = `${stdout}${stderr}`;
        const userErrors = text.split('\n').filter((l) => /\berror\b/i.test(l) && !/Error migrating data for host/.test(l) && !/^\s*(stack traceback|\[C\]|\/)/.test(l));
        if (err) reject(new Error(`prosody-migrator failed (${err.code ?? err.signal}):\n${text}`));
        else if (userErrors.length || !/Done!/.test(text)) reject(new Error(`prosody-migrator reported a problem:\n${text}`));
        else resolvePromise(text);
      });
    });
    const migratorMs = performance.now() - tMig;

    // The migrator only logs per-user lines; confirm that every account landed.
    for (const u of users) {
      if (!stores.includes('accounts')) break;
      const dat = join(dataDir, prosodyEncode(u.host), 'accounts', `${prosodyEncode(u.user.toLowerCase())}.dat`);
      try {
        statSync(dat);
      } catch {
        throw new Error(`importIntoProsody: ${u.user}@${u.host} was not imported (no ${dat}). Migrator output:\n${log}`);
      }
    }
    return { users: byHost, ms: { total: performance.now() - t0, migrator: migratorMs }, log };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
