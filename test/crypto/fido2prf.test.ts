/**
 * Passkeys as age recipients (the age-encryption.org/fido2prf stanza): Ferry's files and npm
 * age-encryption's (the age author's JS, whose format age-plugin-fido2prf reads) open each other's.
 * There is no authenticator in Node, so a MOCK one stands in for it, the same for both sides: it
 * answers WebAuthn's PRF the way a CTAP2 authenticator's hmac-secret does (HMAC-SHA-256 of a
 * per-credential secret over SHA-256("WebAuthn PRF" || 0x00 || input)). The real thing runs in
 * Chromium's virtual authenticator in e2e/passkeys.spec.ts. What neither can show: that a real
 * security key and the age-plugin-fido2prf binary agree (no hardware and no plugin here).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { webauthn } from 'age-encryption';
import { Decrypter, Encrypter } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AgeError,
  Fido2PrfIdentity,
  Fido2PrfRecipient,
  HybridIdentity,
  X25519Identity,
  decodePasskeyIdentity,
  decryptWithIdentities,
  encodePasskeyIdentity,
  encryptToRecipients,
  prfInputs,
  type PrfEvaluator,
} from '../../src/crypto/index.js';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** A MOCK authenticator: one secret per credential, PRF as CTAP2 hmac-secret computes it. */
function mockAuthenticator() {
  const secret = randomBytes(32);
  const prf = (input: Uint8Array) => new Uint8Array(createHmac('sha256', secret).update(createHash('sha256').update(Buffer.concat([Buffer.from('WebAuthn PRF'), Buffer.from([0]), input])).digest()).digest());
  const calls: Array<{ first: Uint8Array; second: Uint8Array }> = [];
  const evaluate: PrfEvaluator = async (inputs) => {
    calls.push(inputs);
    return { first: prf(inputs.first), second: prf(inputs.second) };
  };
  /** navigator.credentials as age-encryption calls it, answering from this authenticator. */
  const credentials = {
    lastGet: undefined as undefined | { allowCredentials: { id: Uint8Array; transports: string[] }[]; rpId?: string },
    get: async ({ publicKey }: { publicKey: { extensions: { prf: { eval: { first: Uint8Array; second: Uint8Array } } }; allowCredentials: { id: Uint8Array; transports: string[] }[]; rpId?: string } }) => {
      credentials.lastGet = publicKey;
      const { first, second } = publicKey.extensions.prf.eval;
      return { getClientExtensionResults: () => ({ prf: { results: { first: prf(first).buffer, second: prf(second).buffer } } }) };
    },
    create: async () => ({
      rawId: new Uint8Array([7, 7, 7, 1, 2, 3]).buffer,
      response: { getTransports: () => ['usb', 'nfc'] },
      getClientExtensionResults: () => ({ prf: { enabled: true } }),
    }),
  };
  return { evaluate, calls, credentials };
}

function useNavigator(credentials: object): void {
  Object.defineProperty(globalThis, 'navigator', { value: { credentials }, configurable: true, writable: true });
  Object.defineProperty(globalThis, 'window', { value: { origin: 'chrome-extension://abcdefghijklmnop' }, configurable: true, writable: true });
}
afterEach(() => {
  delete (globalThis as { navigator?: unknown }).navigator;
  delete (globalThis as { window?: unknown }).window;
});

describe('passkey (fido2prf) archives', () => {
  it('an archive locked with a passkey opens with the same passkey, asking it once, and with no other', async () => {
    const key = mockAuthenticator();
    const plaintext = new Uint8Array(randomBytes(100_000));
    const file = await encryptToRecipients(plaintext, [new Fido2PrfRecipient(key.evaluate)]);
    expect(Buffer.from(file.subarray(0, 200)).toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> age-encryption\.org\/fido2prf [A-Za-z0-9+/]{22}\n[A-Za-z0-9+/]{43}\n--- /);
    key.calls.length = 0;
    expect(same(await decryptWithIdentities(file, [new Fido2PrfIdentity(key.evaluate)]), plaintext)).toBe(true);
    expect(key.calls).toHaveLength(1);
    const other = await decryptWithIdentities(file, [new Fido2PrfIdentity(mockAuthenticator().evaluate)]).catch((e: AgeError) => e);
    expect([(other as AgeError).code, (other as AgeError).message]).toEqual(['wrong-passkey', expect.stringMatching(/passkey or security key that answered does not open this archive/)]);
    const none = await decryptWithIdentities(file, [await X25519Identity.generate()]).catch((e: AgeError) => e);
    expect((none as AgeError).message).toMatch(/locked with a passkey .*age-plugin-fido2prf/);
  });

  it('asks the passkey for the two inputs age defines, bound to the nonce in the file', async () => {
    const key = mockAuthenticator();
    const nonce = new Uint8Array(16).fill(9);
    await encryptToRecipients(new Uint8Array(1), [new Fido2PrfRecipient(key.evaluate, nonce)]);
    const label = Buffer.from('age-encryption.org/fido2prf');
    expect(Buffer.from(key.calls[0]!.first)).toEqual(Buffer.concat([label, Buffer.from([1]), nonce]));
    expect(Buffer.from(key.calls[0]!.second)).toEqual(Buffer.concat([label, Buffer.from([2]), nonce]));
    expect(prfInputs(nonce)).toEqual(key.calls[0]);
  });

  it('a passkey may share an archive with post-quantum keys but not with classic ones', async () => {
    const key = mockAuthenticator();
    const pq = await HybridIdentity.generate();
    const file = await encryptToRecipients(new Uint8Array(10), [new Fido2PrfRecipient(key.evaluate), await pq.recipient()]);
    expect(await decryptWithIdentities(file, [pq])).toHaveLength(10);
    await expect(encryptToRecipients(new Uint8Array(1), [new Fido2PrfRecipient(key.evaluate), await (await X25519Identity.generate()).recipient()])).rejects.toThrow(/cannot be mixed/);
  });
});

describe('interoperability with the npm age-encryption package, passkeys', () => {
  it('age-encryption opens with its WebAuthnIdentity what Ferry locked with the same passkey', async () => {
    const key = mockAuthenticator();
    useNavigator(key.credentials);
    const plaintext = new Uint8Array(randomBytes(70_000));
    const file = await encryptToRecipients(plaintext, [new Fido2PrfRecipient(key.evaluate)]);
    const d = new Decrypter();
    d.addIdentity(new webauthn.WebAuthnIdentity());
    expect(same(await d.decrypt(file, 'uint8array'), plaintext)).toBe(true);
  });

  it('Ferry opens what age-encryption locked with its WebAuthnRecipient', async () => {
    const key = mockAuthenticator();
    useNavigator(key.credentials);
    const plaintext = new Uint8Array(randomBytes(70_000));
    const e = new Encrypter();
    e.addRecipient(new webauthn.WebAuthnRecipient());
    const file = await e.encrypt(plaintext);
    expect(same(await decryptWithIdentities(file, [new Fido2PrfIdentity(key.evaluate)]), plaintext)).toBe(true);
  });

  it('the AGE-PLUGIN-FIDO2PRF-1 identity names the same credential, relying party and transports in both', async () => {
    const key = mockAuthenticator();
    useNavigator(key.credentials);
    const theirs = await webauthn.createCredential({ keyName: 'ferry', rpId: 'abcdefghijklmnop' });
    expect(theirs).toMatch(/^AGE-PLUGIN-FIDO2PRF-1[0-9A-Z]+$/);
    expect(decodePasskeyIdentity(theirs)).toEqual({ credentialId: new Uint8Array([7, 7, 7, 1, 2, 3]), rpId: 'abcdefghijklmnop', transports: ['usb', 'nfc'] });
    expect(encodePasskeyIdentity(decodePasskeyIdentity(theirs))).toBe(theirs);

    const ours = encodePasskeyIdentity({ credentialId: new Uint8Array(randomBytes(64)), rpId: 'kgjhlmnopqrstuvwxyzabcdefghijklm', transports: ['internal', 'hybrid'] });
    const file = await encryptToRecipients(new Uint8Array(5), [new Fido2PrfRecipient(key.evaluate)]);
    const d = new Decrypter();
    d.addIdentity(new webauthn.WebAuthnIdentity({ identity: ours }));
    expect(await d.decrypt(file, 'uint8array')).toHaveLength(5);
    const asked = key.credentials.lastGet!;
    const ref = decodePasskeyIdentity(ours);
    expect([Buffer.from(asked.allowCredentials[0]!.id), asked.allowCredentials[0]!.transports, asked.rpId]).toEqual([Buffer.from(ref.credentialId), ref.transports, ref.rpId]);
    expect(() => decodePasskeyIdentity('AGE-SECRET-KEY-1QQQQ')).toThrow(/not a passkey identity/);
  });
});
