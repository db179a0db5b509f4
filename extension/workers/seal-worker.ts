/**
 * Writes and encrypts the archive the export page saves, off the page's thread: for a large
 * export the zip (JSON, deflate) and the encryption take seconds, and on the page's own thread
 * they froze it for all of that (about 15 s for a million messages). Scrypt runs here directly:
 * this thread may block. The same core as the CLI (selectContent, sealArchive); nothing is
 * returned unless all of it succeeded.
 */
import { sealArchive, sealZip, type Protection } from '../../src/transfer/archive-file.js';
import { Fido2PrfRecipient } from '../../src/crypto/index.js';
import { selectContent, type Selection } from '../../src/transfer/select.js';
import type { ArchiveContent } from '../../src/model/types.js';
import { serveRequests, type WorkerCall } from './worker-protocol.js';

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

/** Content to write and encrypt, or a zip already written and checked (by convert-worker.ts) to encrypt as it is. */
export type SealWork = { content: ArchiveContent; selection: Selection; protection: SealProtection } | { zip: Uint8Array; protection: SealProtection };
export type SealRequest = WorkerCall & SealWork;

serveRequests<SealRequest, Uint8Array>(async (request) => {
  const protection = protectionOf(request.protection);
  const sealed = 'zip' in request ? await sealZip(request.zip, protection) : await sealArchive(selectContent(request.content, request.selection), protection);
  return { value: sealed, transfer: [sealed.buffer] };
});
