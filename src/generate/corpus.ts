/**
 * The shape of a seeded account: owner, the empty account it moves to, friends with profiles and
 * groups, and 1:1 conversations. Ferry's fixed corpus (e2e/fixtures/seed-corpus.ts) and the kit's
 * generated accounts (src/generate/xmpp-account.ts) both have it, so seeding and checking take either.
 */
export type Side = 'me' | 'them';

export interface CorpusAccount {
  readonly jid: string;
  readonly password: string;
  /** Display name (for contacts: the roster item name the owner gave them). */
  readonly name: string;
}

/** What a contact publishes about themself (XEP-0054 vCard), which the export must carry. */
export interface CorpusProfile {
  readonly fullName: string;
  readonly nickname?: string;
  readonly given?: string;
  readonly family?: string;
  readonly email?: string;
  readonly phone?: string;
  /** A PNG avatar, base64. */
  readonly photoPng?: string;
}

export interface CorpusContact extends CorpusAccount {
  /** Roster groups in the owner's roster, in this order. May be empty. */
  readonly groups: readonly string[];
  readonly profile?: CorpusProfile;
}

export interface CorpusMessage {
  readonly from: Side;
  readonly body: string;
}

export interface CorpusConversation {
  /** Bare JID of the contact (always one of `contacts`). */
  readonly with: string;
  /** In chronological order. */
  readonly messages: readonly CorpusMessage[];
}

export interface Corpus {
  /** The account being exported (on old.localhost), with the profile it publishes. */
  readonly owner: CorpusAccount & { readonly profile?: CorpusProfile };
  /** The empty account it moves to (on new.localhost). */
  readonly newOwner: CorpusAccount;
  readonly contacts: readonly CorpusContact[];
  readonly conversations: readonly CorpusConversation[];
}
