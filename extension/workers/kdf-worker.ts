/**
 * Runs scrypt for the extension's pages, so that deriving a passphrase key (about a second at
 * age's work factor 18) never freezes the page. The same self-tested libsodium as everywhere:
 * localScrypt loads it through loadSodium().
 */
import { localScrypt } from '../../src/crypto/index.js';
import { serveRequests, type WorkerCall } from './worker-protocol.js';

export interface KdfRequest extends WorkerCall {
  passphrase: Uint8Array;
  salt: Uint8Array;
  logN: number;
}

serveRequests<KdfRequest, Uint8Array>(async ({ passphrase, salt, logN }) => ({ value: await localScrypt(passphrase, salt, logN) }));
