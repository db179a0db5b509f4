import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_STREAM_OPTIONS } from '../../archive/node-deflate.js';
import { encryptStream } from '../../crypto/index.js';
import { describeInput, prepareConversion, writeConversion } from '../../convert/convert.js';
import type { DateOrder, InputFile } from '../../connectors/contract.js';
import { nodeSha256Hex } from '../node-hash.js';
import { checkTimeZone, localTimeZone } from '../../connectors/kit/wall-clock.js';
import { recipientsFor } from '../../transfer/archive-file.js';
import { PROTECTION_OPTIONS, PROTECTION_USAGE, UsageError, counted, protectionFrom, writeStreamAtomically } from '../io.js';

export const usage = `ferry convert FILE|DIR|ZIP... -o OUT [--tz ZONE] [--date-order dmy|mdy|ymd] [--me NAME] ${PROTECTION_USAGE}   one archive from messenger export files`;

const DATE_ORDERS: readonly DateOrder[] = ['dmy', 'mdy', 'ymd'];


/** The file's bytes as a plain Uint8Array view, without copying them (an export may be 70 MB). */
function asBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** A folder as one container input: every file under it, by its path inside the folder. */
async function readFolder(path: string): Promise<InputFile> {
  const siblings = new Map<string, Uint8Array>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) siblings.set(relative(path, full).split(sep).join('/'), asBytes(await readFile(full)));
    }
  };
  await walk(path);
  return { kind: 'container', name: path, bytes: new Uint8Array(), siblings };
}

async function readInputFile(path: string): Promise<InputFile> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`Cannot read ${path}: no such file or folder.`);
  }
  if (info.isDirectory()) return readFolder(path);
  return { kind: 'file', name: path, bytes: asBytes(await readFile(path)) };
}

/** Push-to-pull: the archive writer pushes zip chunks, the encrypter pulls them; at most a few wait. */
function channel(): { push(chunk: Uint8Array): Promise<void>; end(error?: unknown): void; iterable: AsyncIterable<Uint8Array> } {
  const queue: Uint8Array[] = [];
  let finished = false;
  let failure: unknown;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  return {
    async push(chunk) {
      queue.push(chunk);
      wake();
      while (queue.length > 8 && !finished) await new Promise<void>((r) => (wakeProducer = r));
    },
    end(error) {
      finished = true;
      failure = error;
      wake();
    },
    iterable: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (queue.length > 0) {
            yield queue.shift()!;
            if (queue.length <= 8) {
              wakeProducer?.();
              wakeProducer = undefined;
            }
            continue;
          }
          if (finished) {
            if (failure) throw failure;
            return;
          }
          await new Promise<void>((r) => (wakeConsumer = r));
        }
      },
    },
  };
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      output: { type: 'string', short: 'o' },
      tz: { type: 'string' },
      'date-order': { type: 'string' },
      me: { type: 'string' },
      ...PROTECTION_OPTIONS,
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError('Name the export files, zips or folders to convert.');
  if (!values.output) throw new UsageError('Say where to write the archive: -o OUT.');
  const dateOrder = values['date-order'] as DateOrder | undefined;
  if (dateOrder !== undefined && !DATE_ORDERS.includes(dateOrder)) throw new UsageError(`--date-order must be one of ${DATE_ORDERS.join(', ')}, not "${dateOrder}".`);
  const timeZone = values.tz ?? localTimeZone();
  try {
    checkTimeZone(timeZone);
  } catch (error) {
    throw new UsageError(`--tz: ${(error as Error).message}`);
  }

  const inputs: InputFile[] = [];
  for (const path of positionals) inputs.push(await readInputFile(path));
  const combined = prepareConversion(inputs, {
    timeZone,
    ...(dateOrder ? { dateOrder } : {}),
    ...(values.me ? { me: values.me } : {}),
    now: new Date().toISOString(),
    sha256Hex: nodeSha256Hex,
  });
  for (const report of combined.reports) process.stdout.write(describeInput(report) + '\n');

  // Encrypted unless --unencrypted, like every command that writes an archive.
  const recipients = recipientsFor(await protectionFrom(values, `encrypt ${values.output}`));
  const zip = channel();
  const producing = writeConversion(combined, (chunk) => zip.push(chunk), NODE_STREAM_OPTIONS).then(
    () => zip.end(),
    (error) => {
      zip.end(error);
      throw error;
    },
  );
  const bytes = recipients ? encryptStream(zip.iterable, recipients, { armor: values.armor ?? false }) : zip.iterable;
  const writing = writeStreamAtomically(values.output, bytes).catch((error) => {
    zip.end(error); // releases the writer if the disk failed first
    throw error;
  });
  for (const result of await Promise.allSettled([producing, writing])) if (result.status === 'rejected') throw result.reason;
  const { contacts, conversations, messages, attachments } = combined.header.manifest.counts;
  const n = counted;
  process.stdout.write(
    `wrote ${values.output}${recipients ? '' : ' (unencrypted)'}: ${n(contacts, 'contact')}, ${n(conversations, 'conversation')}, ${n(messages, 'message')}, ${n(attachments, 'attachment file')}\n`,
  );
  return 0;
}
