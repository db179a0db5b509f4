/**
 * Passkeys and security keys that lock archives, through WebAuthn's PRF extension: the browser
 * edge of src/crypto/fido2prf.ts, which holds the age format. Ferry keeps only which credential
 * it is (AGE-PLUGIN-FIDO2PRF-1..., the string age-plugin-fido2prf takes); the secret is in the
 * authenticator, which asks the person (touch, fingerprint, PIN) each time an archive is locked
 * or opened. Like age-encryption's createCredential: a discoverable credential, user
 * verification required (PRF needs it), and the PRF extension must be on.
 *
 * The relying party is this extension's own id (the origin's host), so the passkey works only in
 * this extension, and age-plugin-fido2prf must be given the exported identity to reach it.
 */
import { decodePasskeyIdentity, encodePasskeyIdentity, type PrfEvaluator, type PrfResults } from '../../src/crypto/index.js';
import { db, type PasskeyRow } from './db.js';

export interface Passkey {
  id: number;
  label: string;
  createdAt: string;
  identity: string;
}

const toView = (row: PasskeyRow): Passkey => ({ id: row.id!, label: row.label, createdAt: row.createdAt, identity: row.identity });

/** Why a passkey could not be used, for the page to word in the person's language. */
export class PasskeyError extends Error {
  override name = 'PasskeyError';
  constructor(
    readonly reason: 'no-prf' | 'cancelled' | 'unavailable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function explain(error: unknown): never {
  if (error instanceof PasskeyError) throw error;
  const name = (error as { name?: string })?.name;
  // NotAllowedError: the person cancelled, or it timed out (WebAuthn does not say which).
  if (name === 'NotAllowedError' || name === 'AbortError') throw new PasskeyError('cancelled', 'The passkey request was cancelled or timed out.', { cause: error });
  throw new PasskeyError('unavailable', `The passkey could not be used: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

export async function createPasskey(label: string): Promise<Passkey> {
  let credential: PublicKeyCredential;
  try {
    credential = (await navigator.credentials.create({
      publicKey: {
        rp: { name: 'Ferry' },
        // A random user id per key, so a new passkey never replaces an older one on the authenticator.
        user: { id: buffer(crypto.getRandomValues(new Uint8Array(8))), name: label, displayName: label },
        pubKeyCredParams: [
          { type: 'public-key', alg: -8 },
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
        challenge: buffer(new Uint8Array([0])), // no attestation is checked, so no challenge is needed
        extensions: { prf: {} } as AuthenticationExtensionsClientInputs,
      },
    })) as PublicKeyCredential;
  } catch (error) {
    explain(error);
  }
  const prf = (credential.getClientExtensionResults() as { prf?: { enabled?: boolean } }).prf;
  if (!prf?.enabled) throw new PasskeyError('no-prf', 'This passkey or security key does not support the PRF extension that locking archives needs.');
  const transports = (credential.response as AuthenticatorAttestationResponse).getTransports?.() ?? [];
  const identity = encodePasskeyIdentity({ credentialId: new Uint8Array(credential.rawId), rpId: location.hostname, transports });
  const row: PasskeyRow = { label, createdAt: new Date().toISOString(), identity };
  row.id = await db.passkeys.add(row);
  return toView(row);
}

export async function listPasskeys(): Promise<Passkey[]> {
  return (await db.passkeys.orderBy('createdAt').toArray()).map(toView);
}

export async function deletePasskey(id: number): Promise<void> {
  await db.passkeys.delete(id);
}

const bytesOf = (result: BufferSource): Uint8Array => (result instanceof ArrayBuffer ? new Uint8Array(result) : new Uint8Array(result.buffer, result.byteOffset, result.byteLength));

/**
 * Asks the authenticator for the PRF at both inputs, offering the given passkeys (the person
 * picks one when there are several). The core calls it only when a file has a passkey stanza.
 */
export function passkeyEvaluator(passkeys: readonly Passkey[]): PrfEvaluator {
  return async (inputs): Promise<PrfResults> => {
    const refs = passkeys.map((p) => decodePasskeyIdentity(p.identity));
    let assertion: PublicKeyCredential;
    try {
      assertion = (await navigator.credentials.get({
        publicKey: {
          challenge: buffer(crypto.getRandomValues(new Uint8Array(16))),
          allowCredentials: refs.map((r) => ({ type: 'public-key', id: buffer(r.credentialId), transports: r.transports as AuthenticatorTransport[] })),
          userVerification: 'required',
          extensions: { prf: { eval: { first: buffer(inputs.first), second: buffer(inputs.second) } } } as AuthenticationExtensionsClientInputs,
        },
      })) as PublicKeyCredential;
    } catch (error) {
      explain(error);
    }
    const results = (assertion.getClientExtensionResults() as { prf?: { results?: { first: BufferSource; second?: BufferSource } } }).prf?.results;
    if (!results?.second) throw new PasskeyError('no-prf', 'This passkey or security key did not answer the PRF extension that opening archives needs.');
    return { first: bytesOf(results.first), second: bytesOf(results.second) };
  };
}

/** The file for `age -d -i FILE` with age-plugin-fido2prf installed. */
export function passkeyIdentityFile(passkey: Passkey): string {
  return `# created: ${passkey.createdAt.replace(/\.\d{3}Z$/, 'Z')}\n# a passkey made in Ferry (${passkey.label.replace(/[\r\n]/g, ' ')}); needs age-plugin-fido2prf\n${passkey.identity}\n`;
}
