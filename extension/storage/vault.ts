/**
 * Private at rest: what Ferry keeps in IndexedDB is sealed (AES-256-GCM, WebCrypto), and the keys
 * it looks rows up by are blinded (HMAC-SHA-256), so a copy of the browser profile shows no
 * message, name or address.
 *
 * Two keys, for two lifetimes:
 * - the session key seals staged data (the export journal). Its 32 random bytes live only in
 *   `storage.session`, which the browser keeps in memory and drops when it closes; what was staged
 *   under it is unreadable afterwards and is cleared when the next session key is made.
 * - the device key seals what must outlive the session (the import ledger, so re-importing after
 *   a restart still adds nothing twice; the list of finished exports; archives kept for the
 *   viewer). It is a non-extractable CryptoKey stored in IndexedDB: script can use it, nobody can
 *   read its bytes out of the database (see device-keys.ts for the same reasoning).
 *
 * Written against a tiny storage interface so unit tests run it in Node with a fake session area.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface SealedValue {
  iv: Uint8Array;
  data: Uint8Array;
}

export class Vault {
  constructor(
    private readonly sealKey: CryptoKey,
    private readonly blindKey: CryptoKey,
  ) {}

  /** Encrypts a JSON value; `context` (e.g. the table name) is bound as associated data. */
  async seal(value: unknown, context: string): Promise<SealedValue> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, this.sealKey, encoder.encode(JSON.stringify(value))),
    );
    return { iv, data };
  }

  async open<T>(sealed: SealedValue, context: string): Promise<T> {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: new Uint8Array(sealed.iv), additionalData: encoder.encode(context) },
      this.sealKey,
      new Uint8Array(sealed.data),
    );
    return JSON.parse(decoder.decode(plain)) as T;
  }

  /** A stable, unreadable stand-in for `text` (an account, an item id) to index rows by. */
  async blind(text: string): Promise<string> {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', this.blindKey, encoder.encode(text)));
    return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
}

/** Two independent keys from one 32-byte secret (HKDF-SHA-256, RFC 5869), neither extractable. */
export async function vaultFromSecret(secret: Uint8Array): Promise<Vault> {
  if (secret.length !== 32) throw new Error(`A Ferry session secret is 32 bytes, not ${secret.length}.`);
  const base = await crypto.subtle.importKey('raw', secret as BufferSource, 'HKDF', false, ['deriveKey']);
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(info) });
  const sealKey = await crypto.subtle.deriveKey(hkdf('ferry staging seal v1'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const blindKey = await crypto.subtle.deriveKey(hkdf('ferry staging blind v1'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
  return new Vault(sealKey, blindKey);
}

/** Fresh non-extractable keys, for the device vault (stored as CryptoKey objects in IndexedDB). */
export async function generateVaultKeys(): Promise<{ sealKey: CryptoKey; blindKey: CryptoKey }> {
  const sealKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const blindKey = (await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign'])) as CryptoKey;
  return { sealKey, blindKey };
}

/** The part of `browser.storage.session` this needs. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export const SESSION_SECRET_KEY = 'ferry.stagingSecret';

/** The BroadcastChannel on which "wipe everything" tells Ferry's open pages their cached keys are gone. */
export const WIPE_CHANNEL = 'ferry-wiped';

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * This browser session's vault. The first caller of a session makes the secret and runs
 * `onNewSession` (to drop data staged under a previous, lost secret) before anyone uses it.
 * `exclusive` serialises callers across pages (navigator.locks in the extension).
 */
export async function sessionVault(
  area: SessionArea,
  onNewSession: () => Promise<void>,
  exclusive: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(),
): Promise<Vault> {
  return exclusive(async () => {
    const stored = (await area.get(SESSION_SECRET_KEY))[SESSION_SECRET_KEY];
    if (typeof stored === 'string') return vaultFromSecret(fromBase64(stored));
    await onNewSession();
    const secret = crypto.getRandomValues(new Uint8Array(32));
    await area.set({ [SESSION_SECRET_KEY]: toBase64(secret) });
    return vaultFromSecret(secret);
  });
}
