/**
 * The files a command writes, so that no run destroys what the person already has:
 * - an existing output is replaced only with --force (or when the person says yes on a terminal);
 * - an output that is also an input (`convert chat.txt -o chat.txt`) is refused before any work;
 * - everything goes to a temporary file in the target's folder, created before the work starts
 *   (so a read-only disk, a missing folder or a folder given as the file is found at once, not
 *   after minutes of converting), and renamed into place only when all of it was written;
 * - that temporary file is removed on every way out: an error, Ctrl-C (SIGINT), SIGTERM, SIGHUP;
 *   one left by a run killed outright (SIGKILL, power loss) is removed by the next run writing
 *   the same output, so decrypted plaintext does not linger beside it;
 * - disk-full, read-only, permission and is-a-folder errors name the path and say what to do.
 */
import { close, closeSync, constants, fdatasync, fsync, open as openCallback, openSync, readdirSync, statSync, statfsSync, unlinkSync, write, writeSync, writev, type Stats } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ReadStream, WriteStream } from 'node:tty';

/** A problem with a file the person named: exit 1, with what to do. */
export class OutputError extends Error {
  override name = 'OutputError';
}

// ---------------------------------------------------------------------------
// Temporary files, and their removal on every exit

const pending = new Set<string>();
let handlersInstalled = false;

/** Exit codes of a shell for a process ended by a signal: 128 + its number. */
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function removePendingSync(): string[] {
  const removed: string[] = [];
  for (const path of pending) {
    try {
      unlinkSync(path);
      removed.push(path);
    } catch {
      // gone already
    }
  }
  pending.clear();
  return removed;
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of Object.entries(SIGNALS)) {
    process.on(signal, () => {
      const removed = removePendingSync();
      const note = removed.length ? `; removed the unfinished ${removed.map((p) => basename(p)).join(', ')}` : '';
      try {
        writeSync(2, `\nferry: stopped by ${signal}${note}. Nothing was written.\n`);
      } catch {
        // stderr closed
      }
      process.exit(code);
    });
  }
  process.on('exit', () => void removePendingSync());
}

/** `.OUT.ferry-PID.partial`: hidden, named for its target and for the process that writes it. */
function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.ferry-${process.pid}.partial`);
}

const STALE = /^\.(.+)\.ferry-(\d+)\.partial$/;

/** Whether `name` is a temporary file of this module (a folder walk must not read one as input). */
export function isTemporaryName(name: string): boolean {
  return STALE.test(name);
}

/**
 * Temporary files a killed run left for `path` (its process is gone): removed, since they may
 * hold decrypted plaintext, or half an archive nobody will finish.
 */
function removeStale(path: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const m = STALE.exec(name);
    if (!m || m[1] !== basename(path) || Number(m[2]) === process.pid) continue;
    try {
      process.kill(Number(m[2]), 0);
      continue; // still running: another ferry writing the same file
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPERM') continue;
    }
    try {
      unlinkSync(join(dirname(path), name));
    } catch {
      // removed by someone else
    }
  }
}

// ---------------------------------------------------------------------------
// What errors mean, in the person's words

/** An fs error on `path` as a sentence that names the path and says what to do. */
export function describeFsError(error: unknown, path: string, doing = 'write'): OutputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const folder = dirname(path);
  switch (code) {
    case 'ENOSPC':
      return new OutputError(`The disk holding ${path} is full. Free some space there, or write somewhere else with -o. Nothing was written to ${path}.`);
    case 'EDQUOT':
      return new OutputError(`Your disk quota is used up where ${path} would go. Free some space, or write somewhere else with -o. Nothing was written to ${path}.`);
    case 'EROFS':
      return new OutputError(`${path} is on a read-only disk, so Ferry cannot ${doing} it. Write somewhere else with -o.`);
    case 'EACCES':
    case 'EPERM':
      return new OutputError(`Ferry may not ${doing} in ${folder} (permission denied). Write somewhere else with -o, or change the folder's permissions.`);
    case 'EISDIR':
      return new OutputError(`${path} is a folder, not a file. Give the name of a file to write with -o (it may be inside that folder).`);
    case 'ENOTDIR':
      return new OutputError(`A part of ${path} is a file, not a folder, so ${path} cannot be written. Check the path given with -o.`);
    case 'ENOENT':
      return new OutputError(`The folder ${folder} does not exist. Create it first (mkdir -p ${folder}), or write somewhere else with -o.`);
    case 'ENAMETOOLONG':
      return new OutputError(`The name ${path} is too long for this disk. Give a shorter one with -o.`);
    default:
      return new OutputError(`Cannot ${doing} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// ---------------------------------------------------------------------------
// Inputs and outputs

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

/**
 * Refuses before any work when an output is one of the inputs, by the file itself (a hard
 * link or another spelling of the path is the same file) or, for a file that does not exist
 * yet, by its resolved path.
 */
export function checkNotAnInput(output: string, inputs: readonly (string | undefined)[]): void {
  const out = statOrUndefined(output);
  for (const input of inputs) {
    if (!input || input === '-') continue;
    const stats = statOrUndefined(input);
    if ((out && stats && sameFile(out, stats)) || resolve(input) === resolve(output)) {
      throw new OutputError(`${output} is also an input of this command; writing it would destroy what it reads. Give another name with -o.`);
    }
  }
}

/** Asks yes/no on the terminal, if there is one; undefined when there is none to ask on. */
async function confirmOnTerminal(question: string): Promise<boolean | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  try {
    output.write(`${question} [y/N] `);
    const answer = await new Promise<string>((resolveAnswer) => {
      let typed = '';
      input.on('data', (chunk: Buffer) => {
        typed += chunk.toString('utf8');
        if (typed.includes('\n') || typed.includes('\r')) resolveAnswer(typed.trim());
      });
      input.on('end', () => resolveAnswer(typed.trim()));
    });
    return /^y(es)?$/i.test(answer);
  } finally {
    input.destroy();
    output.destroy();
    try {
      closeSync(fd);
    } catch {
      // closed by the streams
    }
  }
}

export interface OutputChecks {
  /** --force: replace an existing file without asking. */
  force?: boolean;
  /** Every file the command reads (positionals, -i, -R): none may be the output. */
  inputs?: readonly (string | undefined)[];
  /** Bytes the output will take, when known in advance (decrypt: about the input's size): checked against the free space. */
  expectedBytes?: number;
}

/** May `path` be written: it is not an input, and is new or may be replaced. Before any work. */
export async function checkReplace(path: string, checks: OutputChecks): Promise<void> {
  checkNotAnInput(path, checks.inputs ?? []);
  const existing = statOrUndefined(path);
  if (!existing) return;
  if (existing.isDirectory()) throw describeFsError(Object.assign(new Error('is a directory'), { code: 'EISDIR' }), path);
  if (checks.force) return;
  const yes = await confirmOnTerminal(`${path} exists. Replace it?`);
  if (yes === true) return;
  throw new OutputError(
    yes === false ? `${path} was kept as it was; nothing was written.` : `${path} exists; Ferry does not replace a file unless asked. Add --force to replace it, or give another name with -o.`,
  );
}

/**
 * A file being written: bytes go to a temporary file beside `path`, created at once (so every
 * reason the folder cannot take the file shows before the work), renamed over `path` by commit().
 */
export class OutputFile {
  private written = 0;
  private closed = false;
  /** Bytes written since the last background flush began (see flushBehind). */
  private unflushed = 0;
  private flushing: Promise<void> | undefined;
  /** A background flush's error, kept for commit: Linux reports a writeback error only once. */
  private flushFailure: unknown;

  private constructor(
    readonly path: string,
    private readonly temporary: string,
    private readonly fd: number,
  ) {}

  /** Checks (checkReplace), then creates the temporary file. Throws OutputError with what to do. */
  static async create(path: string, checks: OutputChecks = {}): Promise<OutputFile> {
    await checkReplace(path, checks);
    installHandlers();
    removeStale(path);
    const temporary = temporaryName(path);
    let fd: number;
    try {
      // A raw descriptor, not a FileHandle: the signal handler closes nothing, it only unlinks,
      // and a FileHandle left to the collector would be closed with a warning.
      fd = await openFd(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      pending.add(temporary);
    } catch (error) {
      throw describeFsError(error, path);
    }
    const file = new OutputFile(path, temporary, fd);
    if (checks.expectedBytes !== undefined) file.checkSpace(checks.expectedBytes);
    return file;
  }

  private checkSpace(bytes: number): void {
    let free: number;
    try {
      const fs = statfsSync(dirname(this.path));
      free = fs.bavail * fs.bsize;
    } catch {
      return; // no statfs here: the write itself will say when the disk is full
    }
    if (free < bytes) {
      this.discardSync();
      throw new OutputError(
        `The disk holding ${this.path} has ${(free / 1e6).toFixed(1)} MB free, and this needs about ${(bytes / 1e6).toFixed(1)} MB. Free some space there, or write somewhere else with -o. Nothing was written.`,
      );
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    let at = 0;
    try {
      while (at < bytes.length) {
        const { bytesWritten } = await writeFd(this.fd, bytes, at, bytes.length - at);
        at += bytesWritten;
      }
    } catch (error) {
      throw describeFsError(error, this.path);
    }
    this.written += bytes.length;
  }

  /**
   * Writes `bytes` now, on this thread (no promise, no copy: the caller may reuse the array as
   * soon as this returns). For the CLI's own age reader and writer (age-file.ts), which fill one
   * reused block buffer after another: a synchronous write of a block the CPU just made took less
   * time than handing it to libuv's thread and waiting for the promise (measured, see there).
   */
  writeNow(bytes: Uint8Array): void {
    let at = 0;
    try {
      while (at < bytes.length) at += writeSync(this.fd, bytes, at, bytes.length - at);
    } catch (error) {
      throw describeFsError(error, this.path);
    }
    this.written += bytes.length;
    this.flushBehind(bytes.length);
  }

  /**
   * Writes every chunk of `source`; the source's own error (a failed integrity check) passes
   * through. Chunks are gathered into one writev of about WRITE_BATCH bytes, and the next batch
   * is made while the last one is being written: one awaited write per 64 KiB age chunk kept
   * the CPU waiting on the disk thread for most of `ferry encrypt`. The source must not reuse a
   * chunk's memory after yielding it (the age and zip streams yield fresh arrays).
   */
  async writeAll(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    let batch: Uint8Array[] = [];
    let size = 0;
    let writing: Promise<void> = Promise.resolve();
    try {
      for await (const chunk of source) {
        batch.push(chunk);
        size += chunk.length;
        if (size < WRITE_BATCH && batch.length < MAX_BATCH_CHUNKS) continue;
        await writing;
        writing = this.writeBatch(batch);
        // Handled here so that a failing write is not an unhandled rejection while the source
        // is awaited; it is rethrown by the next `await writing`.
        writing.catch(() => undefined);
        batch = [];
        size = 0;
      }
      await writing;
      if (batch.length > 0) await this.writeBatch(batch);
    } finally {
      // Nothing may still be writing to the descriptor when the caller discards or commits.
      await writing.catch(() => undefined);
    }
  }

  private async writeBatch(chunks: Uint8Array[]): Promise<void> {
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    let bytesWritten: number;
    try {
      bytesWritten = await writevFd(this.fd, chunks);
    } catch (error) {
      throw describeFsError(error, this.path);
    }
    this.written += bytesWritten;
    this.flushBehind(bytesWritten);
    if (bytesWritten === total) return;
    // A short write (rare on files): the rest goes through write(), which loops until done.
    let skip = bytesWritten;
    for (const chunk of chunks) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      await this.write(chunk.subarray(skip));
      skip = 0;
    }
  }

  /**
   * Starts an fdatasync in the background every FLUSH_EVERY bytes of a large write, so the disk
   * writes while the next bytes are made and commit's fsync has only the tail left: that fsync
   * took 0.38 s of a 2.3 s `ferry encrypt` of 256 MiB when all of it waited for the end.
   */
  private flushBehind(bytes: number): void {
    this.unflushed += bytes;
    if (this.unflushed < FLUSH_EVERY || this.flushing || this.closed) return;
    this.unflushed = 0;
    this.flushing = fdatasyncFd(this.fd)
      .catch((error: unknown) => {
        this.flushFailure ??= error;
      })
      .finally(() => {
        this.flushing = undefined;
      });
  }

  get bytesWritten(): number {
    return this.written;
  }

  /** Flushes to disk and renames over the target: the output appears whole, or not at all. */
  async commit(): Promise<void> {
    try {
      await this.flushing;
      if (this.flushFailure !== undefined) throw this.flushFailure;
      await fsyncFd(this.fd);
      await this.closeFd();
      await rename(this.temporary, this.path);
      pending.delete(this.temporary);
    } catch (error) {
      await this.discard();
      throw describeFsError(error, this.path);
    }
  }

  /** Removes the temporary file: nothing of this run stays on disk. */
  async discard(): Promise<void> {
    await this.flushing;
    await this.closeFd().catch(() => undefined);
    await rm(this.temporary, { force: true });
    pending.delete(this.temporary);
  }

  private discardSync(): void {
    if (!this.closed) {
      this.closed = true;
      try {
        closeSync(this.fd);
      } catch {
        // closed
      }
    }
    try {
      unlinkSync(this.temporary);
    } catch {
      // gone
    }
    pending.delete(this.temporary);
  }

  private async closeFd(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeFd(this.fd);
  }
}

const writeFd = (fd: number, bytes: Uint8Array, offset: number, length: number) =>
  new Promise<{ bytesWritten: number }>((resolveWrite, reject) => write(fd, bytes, offset, length, null, (error, bytesWritten) => (error ? reject(error) : resolveWrite({ bytesWritten }))));
const writevFd = (fd: number, chunks: Uint8Array[]) =>
  new Promise<number>((resolveWrite, reject) => writev(fd, chunks, (error, bytesWritten) => (error ? reject(error) : resolveWrite(bytesWritten))));
/** Bytes gathered per writev. */
const WRITE_BATCH = 1 << 20;
/** Chunks per writev, under Linux's IOV_MAX (1024), beyond which the kernel writes less. */
const MAX_BATCH_CHUNKS = 512;
const openFd = promisify(openCallback);
const fsyncFd = promisify(fsync);
const fdatasyncFd = promisify(fdatasync);
/** Bytes between background flushes of a large output. */
const FLUSH_EVERY = 32 << 20;
const closeFd = promisify(close);


/**
 * Writes `bytes` (or a stream) to `path` through an OutputFile: checked first, all or nothing.
 * A failure part-way (the source's or the disk's) leaves `path` as it was.
 */
export async function writeOutput(path: string, source: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>, checks: OutputChecks = {}): Promise<void> {
  const file = await OutputFile.create(path, checks);
  try {
    if (source instanceof Uint8Array) await file.write(source);
    else await file.writeAll(source);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/** For a folder output (-o DIR): it exists as a folder or can be made, and may take files. Before the work. */
export function checkOutputFolder(path: string): void {
  const existing = statOrUndefined(path);
  if (existing && !existing.isDirectory()) {
    throw new OutputError(`${path} is a file, and this format writes several files into a folder. Give a folder's name with -o (it is created if it does not exist).`);
  }
  const folder = existing ? path : dirname(resolve(path));
  const probe = statOrUndefined(folder);
  if (!probe) return; // created with mkdir -p later; errors there are worded then
  if (!probe.isDirectory()) throw describeFsError(Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }), path);
}
