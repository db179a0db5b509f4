/**
 * Writes and encrypts the archive the export page saves, off the page's thread: for a large
 * export the zip (JSON, deflate) and the encryption take seconds, and on the page's own thread
 * they froze it for all of that (about 15 s for a million messages). Scrypt runs here directly:
 * this thread may block. The same core as the CLI (selectContent, sealArchive); nothing is
 * returned unless all of it succeeded.
 */
import { readArchive } from '../../src/archive/index.js';
import { sealArchive, sealZip, type Protection } from '../../src/transfer/archive-file.js';
import { Fido2PrfRecipient } from '../../src/crypto/index.js';
import { selectContent, type Selection } from '../../src/transfer/select.js';
import type { ArchiveContent } from '../../src/model/types.js';
import { serveRequests, type WorkerCall } from './worker-protocol.js';
import { fastZipSource } from './zip-source.js';

/**
 * What a page may send: the protection without functions (a worker cannot receive one). A passkey
 * comes as its PRF answer for a nonce the page chose: WebAuthn runs only on the page, and the
 * answer is all the stanza needs.
 */
export type SealProtection =
  | { passphrase: string }
  | { recipients: string[] }
  | { passkey: { nonce: Uint8Array; first: Uint8Array; second: Uint8Array } }
  | { unencrypted: true };

function protectionOf(sent: SealProtection): Protection {
  if (!('passkey' in sent)) return sent;
  const { nonce, first, second } = sent.passkey;
  return { recipients: [new Fido2PrfRecipient(async () => ({ first, second }), nonce)] };
}

/**
 * Content to write and encrypt; or a zip already written and checked (by convert-worker.ts), to
 * encrypt as it is, or with a selection, to read again and write the part chosen.
 */
export type SealWork =
  | { content: ArchiveContent; selection: Selection; protection: SealProtection }
  | { zip: Uint8Array; selection?: Selection; protection: SealProtection };
export type SealRequest = WorkerCall & SealWork;

function sealed(request: SealWork, protection: Protection): Promise<Uint8Array> {
  if ('content' in request) return sealArchive(selectContent(request.content, request.selection), protection);
  if (!request.selection) return sealZip(request.zip, protection);
  // The same content the conversion read back from this zip, so the same selection and bytes.
  return sealArchive(selectContent(readArchive(fastZipSource(request.zip)), request.selection), protection);
}

serveRequests<SealRequest, Uint8Array>(async (request) => {
  const file = await sealed(request, protectionOf(request.protection));
  return { value: file, transfer: [file.buffer] };
});
