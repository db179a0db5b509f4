/**
 * The age benchmark's browser half: generates its input here (nothing large crosses CDP), then
 * times Ferry's whole-buffer age API; bench/age.bench.ts runs this same module in Node too.
 * Loaded by the bench page and the bench service worker of the bench-only extension build.
 */
import { X25519Identity, decryptWithIdentities, encryptToRecipients, loadSodium } from '../../src/crypto/index.js';

/** One round: encrypt the input, then decrypt the result, in milliseconds. */
export interface AgeTimings {
  encryptMs: number;
  decryptMs: number;
}

function randomInput(size: number): Uint8Array {
  const data = new Uint8Array(size);
  // getRandomValues fills at most 64 KiB per call.
  for (let at = 0; at < size; at += 65536) crypto.getRandomValues(data.subarray(at, Math.min(size, at + 65536)));
  return data;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const wa = new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2);
  const wb = new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2);
  for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return false;
  for (let i = wa.length * 4; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

let held: { data: Uint8Array; identity: X25519Identity; recipient: Awaited<ReturnType<X25519Identity['recipient']>> } | null = null;

/** Generates `size` random bytes and a key, held here for the rounds that follow (untimed). */
export async function prepareAge(size: number): Promise<void> {
  await loadSodium();
  held = null;
  const identity = await X25519Identity.generate();
  held = { data: randomInput(size), identity, recipient: await identity.recipient() };
}

/** Times one encrypt and one decrypt of the prepared input, and checks the round trip (untimed). */
export async function ageRound(): Promise<AgeTimings> {
  if (!held) throw new Error('prepareAge first');
  let began = performance.now();
  const file = await encryptToRecipients(held.data, [held.recipient]);
  const encryptMs = performance.now() - began;
  began = performance.now();
  const back = await decryptWithIdentities(file, [held.identity]);
  const decryptMs = performance.now() - began;
  if (!sameBytes(back, held.data)) throw new Error('the age round trip did not give back its input');
  return { encryptMs, decryptMs };
}

/** Drops the prepared input. */
export function releaseAge(): void {
  held = null;
}

declare global {
  var ferryBench: { prepareAge: typeof prepareAge; ageRound: typeof ageRound; releaseAge: typeof releaseAge } | undefined;
}
globalThis.ferryBench = { prepareAge, ageRound, releaseAge };
