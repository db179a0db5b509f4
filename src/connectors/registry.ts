/**
 * Every connector, listed once. Each folder under src/connectors/ declares itself in its own
 * index.ts ({ id, readers, writers }); this list is the only place that imports them all, and
 * everything that needs "all readers" or "all writers" asks here: `ferry convert` and the
 * extension's drop zone (readers), `ferry export-format` and the import page's target step
 * (writers). test/connectors/architecture.test.ts checks that every folder is listed.
 *
 * The order is the order the import page and `ferry export-format` list the targets in (the
 * most asked-for first). Readers' order does not matter: exactly one must claim a file.
 */
import { validateArchive } from '../archive/validate.js';
import type { ArchiveContent } from '../model/types.js';
import type { Connector, FileReader, FileWriter } from './contract.js';
import { connector as telegram } from './telegram/index.js';
import { connector as vcard } from './vcard/index.js';
import { connector as contactsCsv } from './contacts-csv/index.js';
import { connector as mattermost } from './mattermost/index.js';
import { connector as slack } from './slack/index.js';
import { connector as html } from './html/index.js';
import { connector as vcon } from './vcon/index.js';
import { connector as xmpp } from './xmpp/index.js';
import { connector as whatsapp } from './whatsapp/index.js';
import { connector as kakaotalk } from './kakaotalk/index.js';
import { connector as line } from './line/index.js';
import { connector as discord } from './discord/index.js';
import { connector as messenger } from './messenger/index.js';

export const CONNECTORS: readonly Connector[] = [telegram, vcard, contactsCsv, mattermost, slack, html, vcon, xmpp, whatsapp, kakaotalk, line, discord, messenger];

/** Every reader of export files, for `ferry convert` and the drop zone. */
export const FILE_READERS: readonly FileReader[] = CONNECTORS.flatMap((c) => c.readers);

/** An archive a writer was handed that does not pass `ferry verify`'s checks: nothing is written from it. */
export class InvalidArchiveError extends Error {
  override name = 'InvalidArchiveError';
}

/**
 * Every writer checks its archive first, whoever calls it (the CLI, the import page): a writer
 * given messages of a conversation that does not exist, or two messages under one id, would
 * drop some of them without a word. The first problems are named; `ferry verify` lists all.
 */
function checkedFirst(writer: FileWriter): FileWriter {
  return {
    ...writer,
    write: (content: ArchiveContent, params) => {
      const { valid, errors } = validateArchive(content);
      if (!valid) {
        const shown = errors.slice(0, 3).map((e) => `${e.entry}${e.line === undefined ? '' : `:${e.line}`} ${e.pointer || '/'}: ${e.message}`);
        throw new InvalidArchiveError(
          `This archive does not pass Ferry's checks (${errors.length} problem${errors.length === 1 ? '' : 's'}), so nothing was written for ${writer.id}: ${shown.join('; ')}${errors.length > 3 ? '; ...' : ''}. Run ferry verify on it.`,
        );
      }
      return writer.write(content, params);
    },
  };
}

/** Every writer of target files, for `ferry export-format` and the import page; each verifies its input first. */
export const FILE_WRITERS: readonly FileWriter[] = CONNECTORS.flatMap((c) => c.writers).map(checkedFirst);

/** The writer with this id, or undefined. */
export function writerFor(id: string): FileWriter | undefined {
  return FILE_WRITERS.find((w) => w.id === id);
}
