/**
 * Runs `ferry convert`'s core (src/convert/convert.ts) for the export page's drop zone, off the
 * page's thread: a 70 MB chat export parses for seconds, and the page must keep responding.
 *
 * The worker reads the File objects itself (File.arrayBuffer), converts with the same readers
 * and options as the CLI (content ids by SHA-256 in WebAssembly, fast-hashes.ts: the same ids as
 * the readers' default and the CLI's node:crypto), then reads the archive bytes back as
 * readArchive does: what the page saves has passed the same validation as an archive opened from
 * disk. Nothing is returned unless all of that succeeded.
 *
 * What goes back is the checked zip and what the page shows of it (page-content.ts: the header
 * and per conversation the instants and senders), both moved, not copied; not the messages.
 * Cloning a million message objects to the page took longer than converting them, and the save
 * needs only the zip: with everything chosen it is the archive, and the save only encrypts it.
 */
import { ArchiveReader } from '../../src/archive/index.js';
import { convertToZip, type InputReport } from '../../src/convert/convert.js';
import { ConvertError, type ConvertErrorCode, type ConvertOptions, type InputFile } from '../../src/connectors/contract.js';
import { factsBuffers, pageFactsOf, type PageFacts } from '../ui/page-content.js';
import { fastCrc32, fastSha256Hex } from './fast-hashes.js';
import { serveRequests, type WorkerCall } from './worker-protocol.js';
import { fastZipSource } from './zip-source.js';

/** One thing the person gave: a file (maybe a zip), or a folder with its files by path inside it. */
export type ConvertInput = { kind: 'file'; name: string; file: File } | { kind: 'folder'; name: string; entries: { path: string; file: File }[] };

export interface ConvertRequest extends WorkerCall {
  inputs: ConvertInput[];
  options: Omit<ConvertOptions, 'sha256Hex'>;
}

export type ConvertPhase = 'reading' | 'converting' | 'checking';

export interface Converted {
  /** What the page shows of the archive in `zip`. */
  facts: PageFacts;
  reports: InputReport[];
  /** The archive, written and read back. */
  zip: Uint8Array;
  zipBytes: number;
  millis: number;
}

/** A reader's ConvertError as it crosses to the page, which words the known cases itself. */
export interface ConvertFailure {
  file: string;
  line?: number;
  problem: string;
  code?: ConvertErrorCode;
}

async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

async function inputFiles(inputs: readonly ConvertInput[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const input of inputs) {
    if (input.kind === 'file') {
      files.push({ kind: 'file', name: input.name, bytes: await bytesOf(input.file) });
      continue;
    }
    const siblings = new Map<string, Uint8Array>();
    for (const entry of input.entries) siblings.set(entry.path, await bytesOf(entry.file));
    files.push({ kind: 'container', name: input.name, bytes: new Uint8Array(), siblings });
  }
  return files;
}

serveRequests<ConvertRequest, Converted, ConvertPhase, ConvertFailure>(
  async ({ inputs, options }, progress) => {
    const started = performance.now();
    progress('reading');
    const files = await inputFiles(inputs);
    progress('converting');
    const { zip, result } = await convertToZip(files, { ...options, sha256Hex: await fastSha256Hex() }, { crc32: fastCrc32 });
    progress('checking');
    const facts = pageFactsOf(ArchiveReader.open(fastZipSource(zip)));
    return { value: { facts, reports: result.inputs, zip, zipBytes: zip.length, millis: Math.round(performance.now() - started) }, transfer: [zip.buffer, ...factsBuffers(facts)] };
  },
  (error) =>
    error instanceof ConvertError
      ? { file: error.file, ...(error.line !== undefined ? { line: error.line } : {}), problem: error.problem, ...(error.code ? { code: error.code } : {}) }
      : undefined,
);
