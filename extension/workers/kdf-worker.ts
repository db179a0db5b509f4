/**
 * Runs scrypt for the extension's pages, so that deriving a passphrase key (about a second at
 * age's work factor 18) never freezes the page. The same self-tested libsodium as everywhere:
 * localScrypt loads it through loadSodium().
 */
import { localScrypt } from '../../src/crypto/index.js';

export interface KdfRequest {
  id: number;
  passphrase: Uint8Array;
  salt: Uint8Array;
  logN: number;
}
export type KdfReply = { id: number; key: Uint8Array } | { id: number; error: string };

self.onmessage = async (event: MessageEvent<KdfRequest>) => {
  const { id, passphrase, salt, logN } = event.data;
  try {
    const key = await localScrypt(passphrase, salt, logN);
    (self as unknown as Worker).postMessage({ id, key } satisfies KdfReply);
  } catch (error) {
    (self as unknown as Worker).postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies KdfReply);
  }
};
