import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_STREAM_OPTIONS } from '../../archive/node-deflate.js';
import { encryptStream, ScryptRecipient } from '../../crypto/index.js';
import { describeInput, prepareConversion, writeConversion } from '../../convert/convert.js';
import type { DateOrder, InputFile } from '../../connectors/contract.js';
import { nodeSha256Hex } from '../node-hash.js';
import { streamedInput } from '../node-file-source.js';
import { startProgress } from '../progress.js';
import { checkTimeZone, localTimeZone } from '../../connectors/kit/wall-clock.js';
import { recipientsFor } from '../../transfer/archive-file.js';
import { OUTPUT_OPTIONS, PROTECTION_OPTIONS, PROTECTION_USAGE, UsageError, counted, keyFiles, openOutput, protectionFrom, readError, recipientsFrom, withOutput } from '../io.js';
import { isTemporaryName } from '../output.js';

export const usage = `ferry convert FILE|DIR|ZIP... -o OUT [--force] [--tz ZONE] [--date-order dmy|mdy|ymd] [--me NAME] ${PROTECTION_USAGE}   one archive from messenger export files`;

export const help = `
Reads messenger export files (WhatsApp, KakaoTalk, LINE, Telegram, Discord, Slack, Messenger,
Instagram, vCard and contact CSVs; a file, a zip or a folder each) and writes one archive.
Prints what it recognised in each input. The same chat given twice is kept once.

  -o OUT             the archive to write (required); not one of the inputs
  --force            replace OUT if it exists (otherwise Ferry asks on a terminal, or refuses)
  --tz ZONE          the IANA zone of times written without one (default: this machine's)
  --date-order ORDER dmy, mdy or ymd, for files whose dates cannot tell day from month
  --me NAME          your name in the chats, for files that do not say who exported them
  -r, -R, -p, -a, --unencrypted   how OUT is encrypted (see ferry --help); a passphrase by default

Example:
  ferry convert "WhatsApp Chat with Mina.zip" KakaoTalk.txt --tz Asia/Seoul -o chats.age -R people.txt
`;

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
      // An output being written into this folder (ours, or a killed run's) is no input.
      if (isTemporaryName(entry.name)) continue;
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
  try {
    // Read whole only if no reader streams it (convert.ts detectInputs).
    return streamedInput(path, info.size);
  } catch (error) {
    throw readError(error, path);
  }
}

/**
 * Push-to-pull: the archive writer pushes zip chunks, the encrypter pulls them; at most a few
 * wait. Either side may end it: the producer when it is done or fails (end), the consumer when
 * the disk fails (end with the error), and a producer waiting for room is woken either way and
 * gets the error, so neither is left waiting for the other (a full or read-only disk used to
 * leave the producer asleep, and Node exit with 13 and no word).
 */
function channel(): { push(chunk: Uint8Array): Promise<void>; end(error?: unknown): void; iterable: AsyncIterable<Uint8Array> } {
  const queue: Uint8Array[] = [];
  let finished = false;
  let failure: unknown;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
    wakeProducer?.();
    wakeProducer = undefined;
  };
  return {
    async push(chunk) {
      if (finished) throw failure ?? new Error('the archive was written past its end');
      queue.push(chunk);
      wakeConsumer?.();
      wakeConsumer = undefined;
      while (queue.length > 8 && !finished) await new Promise<void>((r) => (wakeProducer = r));
      if (finished && failure) throw failure;
    },
    end(error) {
      if (finished) return;
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
      ...OUTPUT_OPTIONS,
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

  // Before any work: the output may be written (not an input, not replacing a file unasked, a
  // folder that takes it) and the keys are right.
  const file = await openOutput(values, [...positionals, ...keyFiles(values)]);
  const combined = await withOutput(file, async (output) => {
    await recipientsFrom(values);
    // Encrypted unless --unencrypted, like every command that writes an archive. Asked before
    // the reading (a person types the passphrase once, then waits), and a passphrase's scrypt
    // runs now: its 256 MiB are freed before the readers' memory peaks, not added to it
    // (1M WhatsApp messages: peak RSS 396 -> 331 MB).
    const recipients = recipientsFor(await protectionFrom(values, `encrypt ${values.output}`));
    for (const recipient of recipients ?? []) if (recipient instanceof ScryptRecipient) await recipient.prepare();
    const inputs: InputFile[] = [];
    for (const path of positionals) inputs.push(await readInputFile(path));
    // The readers' first pass over a big export takes seconds before a message is written.
    const reading = startProgress('convert (reading)', { unit: 'bytes' });
    const prepared = prepareConversion(inputs, {
      onRead: (done, total) => reading.update(done, total),
      timeZone,
      ...(dateOrder ? { dateOrder } : {}),
      ...(values.me ? { me: values.me } : {}),
      now: new Date().toISOString(),
      sha256Hex: nodeSha256Hex,
    });
    reading.finish();
    for (const report of prepared.reports) process.stdout.write(describeInput(report) + '\n');

    const zip = channel();
    const progress = startProgress('convert', { unit: 'messages', total: prepared.header.manifest.counts.messages });
    const producing = writeConversion(prepared, (chunk) => zip.push(chunk), { ...NODE_STREAM_OPTIONS, onMessages: (written) => progress.update(written) }).then(
      () => zip.end(),
      (error: unknown) => {
        zip.end(error);
        throw error;
      },
    );
    const bytes = recipients ? encryptStream(zip.iterable, recipients, { armor: values.armor ?? false }) : zip.iterable;
    const writing = output!.writeAll(bytes).catch((error: unknown) => {
      zip.end(error); // releases the writer if the disk failed first
      throw error;
    });
    const results = await Promise.allSettled([writing, producing]);
    // The disk's error first: it is the cause, and the producer's is the same one handed back.
    progress.finish();
    for (const result of results) if (result.status === 'rejected') throw result.reason;
    return { ...prepared, encrypted: recipients !== null };
  });
  const { contacts, conversations, messages, attachments } = combined.header.manifest.counts;
  const n = counted;
  process.stdout.write(
    `wrote ${values.output}${combined.encrypted ? '' : ' (unencrypted)'}: ${n(contacts, 'contact')}, ${n(conversations, 'conversation')}, ${n(messages, 'message')}, ${n(attachments, 'attachment file')}\n`,
  );
  return 0;
}
