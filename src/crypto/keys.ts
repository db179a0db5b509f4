/**
 * age keys as text, of every kind Ferry knows, and the files that hold them:
 *   recipients  age1pq1... (post-quantum hybrid, mlkem768x25519.ts)   age1... (X25519, x25519.ts)
 *   identities  AGE-SECRET-KEY-PQ-1...                                  AGE-SECRET-KEY-1...
 * Identity files are what `age-keygen` (and `age-keygen -pq`) write; recipients files what
 * `age -R` reads. Also the two rules across kinds: which recipients may share a file, and what to
 * tell a person when none of their keys opens one.
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { AgeError, SCRYPT_STANZA_TYPE, type Recipient, type Stanza } from './format.js';
import { FIDO2PRF_STANZA_TYPE, Fido2PrfIdentity } from './fido2prf.js';
import { HYBRID_STANZA_TYPE, HybridIdentity, HybridRecipient, POSTQUANTUM_LABEL } from './mlkem768x25519.js';
import { KeyFormatError, X25519_STANZA_TYPE, X25519Identity, X25519Recipient } from './x25519.js';

/** A recipient Ferry can write: post-quantum hybrid or X25519. */
export type AgeRecipient = HybridRecipient | X25519Recipient;
/** An identity Ferry can read with. */
export type AgeIdentity = HybridIdentity | X25519Identity;
export type KeyKind = 'pq' | 'x25519';

/** Parses a recipient of either kind. Throws KeyFormatError with a message for the person who pasted it. */
export function parseRecipient(text: string): AgeRecipient {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower.startsWith('age-secret-key-')) {
    throw new KeyFormatError('This is a secret key (an identity, AGE-SECRET-KEY-...), not a recipient: keep it private, and give its public key (age1...) instead.');
  }
  if (lower.startsWith('age1pq1')) return HybridRecipient.parse(trimmed);
  if (lower.startsWith('age1')) return X25519Recipient.parse(trimmed);
  throw new KeyFormatError('An age recipient starts with "age1pq1" (post-quantum) or "age1" (X25519).');
}

/** Parses an identity of either kind. Throws KeyFormatError. */
export function parseIdentity(text: string): AgeIdentity {
  const upper = text.trim().toUpperCase();
  if (upper.startsWith('AGE-SECRET-KEY-PQ-1')) return HybridIdentity.parse(text);
  if (upper.startsWith('AGE-SECRET-KEY-1')) return X25519Identity.parse(text);
  if (upper.startsWith('AGE1')) throw new KeyFormatError('This is a recipient (a public key, age1...), not an identity: opening a file needs the secret key (AGE-SECRET-KEY-...) it belongs to.');
  throw new KeyFormatError('An age identity starts with "AGE-SECRET-KEY-PQ-1" (post-quantum) or "AGE-SECRET-KEY-1" (X25519).');
}

/** A new identity: post-quantum unless asked for X25519 (for tools that cannot read PQ files yet). */
export function generateIdentity(kind: KeyKind = 'pq'): Promise<AgeIdentity> {
  return kind === 'pq' ? HybridIdentity.generate() : X25519Identity.generate();
}

export const keyKind = (key: AgeRecipient | AgeIdentity): KeyKind => (key instanceof HybridRecipient || key instanceof HybridIdentity ? 'pq' : 'x25519');

function parseLines<T>(text: string, name: string, parse: (line: string) => T): T[] {
  const out: T[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    try {
      out.push(parse(trimmed));
    } catch (error) {
      throw new KeyFormatError(`${name}, line ${index + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
  return out;
}

/**
 * Parses an identity file as `age-keygen` writes it: one identity per line, "#" comments and
 * blank lines ignored. Names the line that is wrong.
 */
export function parseIdentityFile(text: string, name = 'the identity file'): AgeIdentity[] {
  const identities = parseLines(text, name, parseIdentity);
  if (identities.length === 0) throw new KeyFormatError(`${name} holds no age identity (AGE-SECRET-KEY-PQ-1... or AGE-SECRET-KEY-1...).`);
  return identities;
}

/** Parses a recipients file (`age -R`): one recipient per line, "#" comments and blank lines ignored. */
export function parseRecipientsFile(text: string, name = 'the recipients file'): AgeRecipient[] {
  const recipients = parseLines(text, name, parseRecipient);
  if (recipients.length === 0) throw new KeyFormatError(`${name} holds no age recipient (age1pq1... or age1...).`);
  return recipients;
}

/** The file `age-keygen` (or `age-keygen -pq`) writes: creation time, public key comment, the secret key. */
export async function formatIdentityFile(identity: AgeIdentity, created = new Date()): Promise<string> {
  return `# created: ${created.toISOString().replace(/\.\d{3}Z$/, 'Z')}\n# public key: ${await identity.recipient()}\n${identity}\n`;
}

/**
 * spec §MLKEM768-X25519: a file encrypted to a post-quantum recipient SHOULD NOT also be encrypted
 * to a classic one, whose stanza a quantum computer could open. Go age refuses ("incompatible
 * recipients: can't mix post-quantum and classic recipients") through recipient labels: every
 * recipient of a file must carry the same set. So does Ferry. Throws a RangeError saying what to do.
 */
export function checkRecipientsCompatible(recipients: readonly Recipient[]): void {
  const labelsOf = (r: Recipient) => [...(r.labels ?? [])].sort().join(' ');
  const first = recipients[0];
  if (!first) return;
  const mismatch = recipients.find((r) => labelsOf(r) !== labelsOf(first));
  if (!mismatch) return;
  const pq = [first, mismatch].some((r) => r.labels?.includes(POSTQUANTUM_LABEL));
  throw new RangeError(
    pq
      ? "Post-quantum recipients (age1pq1...) and classic ones (age1...) cannot be mixed in one file: the classic stanza could be opened by a future quantum computer, so the file would be no safer than the classic key (age refuses this too). Use only post-quantum recipients (ferry keygen -pq makes them), or only classic ones."
      : 'These recipients cannot be combined in one file (their labels differ); encrypt to them separately.',
  );
}

/** What kind of stanza an identity reads, for the message when none matched. */
function stanzaTypeOf(identity: unknown): string | null {
  if (identity instanceof HybridIdentity) return HYBRID_STANZA_TYPE;
  if (identity instanceof X25519Identity) return X25519_STANZA_TYPE;
  if (identity instanceof Fido2PrfIdentity) return FIDO2PRF_STANZA_TYPE;
  return null;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** A helpful error for "none of these identities opens the file", from its stanzas and what was tried. */
export function noIdentityMatched(stanzas: readonly Stanza[], identities: readonly unknown[]): AgeError {
  const tried = new Set(identities.map(stanzaTypeOf).filter((t) => t !== null));
  const count = (type: string) => stanzas.filter((st) => st.type === type).length;
  const pq = count(HYBRID_STANZA_TYPE);
  const classic = count(X25519_STANZA_TYPE);
  if ((pq > 0 && tried.has(HYBRID_STANZA_TYPE)) || (classic > 0 && tried.has(X25519_STANZA_TYPE))) {
    const kinds = [pq > 0 ? plural(pq, 'a post-quantum age key (age1pq1...)', `${pq} post-quantum age keys (age1pq1...)`) : null, classic > 0 ? plural(classic, 'an age key (age1...)', `${classic} age keys (age1...)`) : null].filter(Boolean);
    return new AgeError(
      'wrong-identity',
      `None of the given keys can open this archive: it was encrypted to ${kinds.join(' and ')} that ${pq + classic === 1 ? 'is' : 'are'} not among them. ` +
        'Use the identity (AGE-SECRET-KEY-...) whose recipient it was encrypted to.',
    );
  }
  if (pq > 0 && tried.has(X25519_STANZA_TYPE)) {
    return new AgeError(
      'wrong-identity',
      'This archive was encrypted to a post-quantum age key (age1pq1...), and the given keys are classic ones (AGE-SECRET-KEY-1...). Use the post-quantum identity (AGE-SECRET-KEY-PQ-1...) it was encrypted to.',
    );
  }
  if (classic > 0 && tried.has(HYBRID_STANZA_TYPE)) {
    return new AgeError(
      'wrong-identity',
      'This archive was encrypted to a classic age key (age1...), and the given keys are post-quantum ones (AGE-SECRET-KEY-PQ-1...). Use the identity (AGE-SECRET-KEY-1...) it was encrypted to.',
    );
  }
  if (pq > 0 || classic > 0) {
    return new AgeError(
      'unsupported-recipient',
      `This archive is not protected by a passphrase: it was encrypted to ${pq > 0 ? 'a post-quantum age key (age1pq1...)' : 'an age key (X25519)'}, so a passphrase cannot open it. ` +
        `Use the identity (${pq > 0 ? 'AGE-SECRET-KEY-PQ-1...' : 'AGE-SECRET-KEY-1...'}) it was encrypted to.`,
    );
  }
  const types = [...new Set(stanzas.map((st) => st.type))];
  if (types.includes(FIDO2PRF_STANZA_TYPE)) {
    return tried.has(FIDO2PRF_STANZA_TYPE)
      ? new AgeError('wrong-passkey', 'The passkey or security key that answered does not open this archive: it was saved with another one. Try again and pick the passkey it was saved with.')
      : new AgeError(
          'unsupported-recipient',
          "This archive is locked with a passkey or security key. Open it where that passkey is (Ferry's extension, with the passkey on its Keys page), or with age and age-plugin-fido2prf.",
        );
  }
  if (types.includes(SCRYPT_STANZA_TYPE)) {
    return new AgeError('unsupported-recipient', 'This archive is protected by a passphrase, and no passphrase was given.');
  }
  return new AgeError('unsupported-recipient', `This archive was encrypted for a kind of key Ferry does not support (${types.join(', ')}).`);
}
