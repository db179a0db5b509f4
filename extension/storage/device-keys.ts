/**
 * This browser's device keys: age identities that let another browser encrypt an archive to this
 * one (by its recipient) so that no passphrase has to travel. Post-quantum by default
 * (AGE-SECRET-KEY-PQ-1 / age1pq1: an archive kept for years stays closed to a future quantum
 * computer); classic X25519 (AGE-SECRET-KEY-1 / age1) on request, for tools that cannot read
 * post-quantum files yet, such as Debian's age 1.1.1.
 *
 * "Stored protected": the identity text is sealed with AES-GCM under a WebCrypto key
 * created non-extractable, and that CryptoKey object is what IndexedDB keeps. Page script can
 * ask the browser to unseal with it but can never read the key's bytes, so the secret is not in
 * the database in the clear (not in a dump of it, not in a sync or a careless export of the
 * tables). It does not protect against someone who controls this browser profile while the
 * extension runs: they can unseal like Ferry does. Exporting the identity is a deliberate act
 * (the keys page), producing the same file `age-keygen` writes.
 */
import { formatIdentityFile, generateIdentity, parseIdentity, type AgeIdentity, type KeyKind } from '../../src/crypto/index.js';
import { db, type DeviceKeyRow } from './db.js';

export interface DeviceKey {
  id: number;
  label: string;
  createdAt: string;
  recipient: string;
  /** Told by the recipient's prefix, so rows made before post-quantum keys need no migration. */
  kind: KeyKind;
}

const kindOf = (recipient: string): KeyKind => (recipient.startsWith('age1pq1') ? 'pq' : 'x25519');
const toView = (row: DeviceKeyRow): DeviceKey => ({ id: row.id!, label: row.label, createdAt: row.createdAt, recipient: row.recipient, kind: kindOf(row.recipient) });

export async function createDeviceKey(label: string, kind: KeyKind = 'pq'): Promise<DeviceKey> {
  const identity = await generateIdentity(kind);
  const wrappingKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const recipient = String(await identity.recipient());
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(recipient) }, wrappingKey, new TextEncoder().encode(String(identity))));
  const row: DeviceKeyRow = { label, createdAt: new Date().toISOString(), recipient, sealed, iv, wrappingKey };
  row.id = await db.deviceKeys.add(row);
  return toView(row);
}

export async function listDeviceKeys(): Promise<DeviceKey[]> {
  return (await db.deviceKeys.orderBy('createdAt').toArray()).map(toView);
}

export async function deleteDeviceKey(id: number): Promise<void> {
  await db.deviceKeys.delete(id);
}

async function unseal(row: DeviceKeyRow): Promise<AgeIdentity> {
  // The recipient is bound as associated data: a row whose public part was swapped fails here.
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(row.iv), additionalData: new TextEncoder().encode(row.recipient) }, row.wrappingKey, new Uint8Array(row.sealed));
  return parseIdentity(new TextDecoder().decode(plain));
}

/** Every device identity, unsealed for one decryption. */
export async function deviceIdentities(): Promise<AgeIdentity[]> {
  return Promise.all((await db.deviceKeys.toArray()).map(unseal));
}

/** The identity file for `age -d -i`, as age-keygen writes it. */
export async function exportDeviceKey(id: number): Promise<string> {
  const row = await db.deviceKeys.get(id);
  if (!row) throw new Error('This device key no longer exists.');
  return formatIdentityFile(await unseal(row), new Date(row.createdAt));
}
