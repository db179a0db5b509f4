/**
 * Writes and encrypts the archive the export page saves, off the page's thread: for a large
 * export the zip (JSON, deflate) and the encryption take seconds, and on the page's own thread
 * they froze it for all of that (about 15 s for a million messages). Scrypt runs here directly:
 * this thread may block. The same core as the CLI (selectContent, sealArchive); nothing is
 * returned unless all of it succeeded.
 */
import { sealArchive } from '../../src/transfer/archive-file.js';
import { selectContent, type Selection } from '../../src/transfer/select.js';
import type { ArchiveContent } from '../../src/model/types.js';

/** What a page may send: the protection without functions (a worker cannot receive one). */
export type SealProtection = { passphrase: string } | { recipients: string[] } | { unencrypted: true };

export interface SealRequest {
  content: ArchiveContent;
  selection: Selection;
  protection: SealProtection;
}
export type SealReply = { sealed: Uint8Array } | { error: string };

self.onmessage = async (event: MessageEvent<SealRequest>) => {
  const { content, selection, protection } = event.data;
  const post = (reply: SealReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);
  try {
    const sealed = await sealArchive(selectContent(content, selection), protection);
    post({ sealed }, [sealed.buffer]);
  } catch (error) {
    post({ error: error instanceof Error ? error.message : String(error) });
  }
};
