/**
 * A made-up account to seed into a real XMPP server: friends with names and vCards, one-to-one
 * history and (optionally) group rooms, by size and language, the same for the same seed. It has
 * the corpus shape (./corpus.ts), so seedOldAccount puts it on the server and
 * archiveDifferences checks an export against it, exactly as with Ferry's fixed corpus.
 */
import { chance, pick, seeded, type Random } from '../connectors/kit/generate.js';
import type { Corpus, CorpusContact, CorpusConversation, CorpusMessage } from './corpus.js';

export type AccountLanguage = 'ko' | 'en' | 'ja' | 'zh' | 'de';

export interface AccountSpec {
  /** Friends on the roster. Default 5. */
  contacts?: number;
  /** One-to-one messages in all, dealt over the conversations. Default 40. */
  messages?: number;
  /** How many friends have a conversation (the first ones). Default min(contacts, 3). */
  conversations?: number;
  /** Group rooms, each with the owner and up to four friends. Default 0 (needs a server with a MUC service). */
  rooms?: number;
  /** Messages per room. Default 10. */
  roomMessages?: number;
  /** Languages of names and texts, used in turn. Default ['ko', 'en']. */
  languages?: readonly AccountLanguage[];
  /** Same seed, same account. Default 1. */
  seed?: number;
  /** Prefix of every account's local part, so several accounts share one server. Default 'qa'. */
  prefix?: string;
  /** Host of the owner and friends. Default 'old.localhost'. */
  host?: string;
  /** Host of the empty account the owner moves to. Default 'new.localhost'. */
  newHost?: string;
}

export interface GeneratedRoom {
  /** Local part of the room; the room lives on the server's MUC service. */
  node: string;
  name: string;
  /** Owner first, under their nicknames. */
  members: readonly { jid: string; password: string; nick: string }[];
  messages: readonly { nick: string; body: string }[];
}

export interface GeneratedAccount extends Corpus {
  rooms: readonly GeneratedRoom[];
  /** One-to-one messages in all. */
  messageCount: number;
  spec: Required<Omit<AccountSpec, 'languages'>> & { languages: readonly AccountLanguage[] };
}

const NAMES: Record<AccountLanguage, { given: readonly string[]; family: readonly string[]; join: (given: string, family: string) => string }> = {
  ko: { given: ['민준', '서연', '지호', '하은', '도윤', '수아', '예준', '지민'], family: ['김', '이', '박', '최', '정', '강'], join: (g, f) => f + g },
  en: { given: ['Alice', 'Ben', 'Chloe', 'Daniel', 'Emma', 'Finn', 'Grace', 'Henry'], family: ['Smith', 'Lee', 'Brown', "O'Neil", 'Walker'], join: (g, f) => `${g} ${f}` },
  ja: { given: ['太郎', '花子', '翔', '結衣'], family: ['佐藤', '鈴木', '高橋'], join: (g, f) => f + g },
  zh: { given: ['伟', '芳', '娜', '强'], family: ['王', '李', '张'], join: (g, f) => f + g },
  de: { given: ['Jürgen', 'Anna', 'Lukas', 'Sophie'], family: ['Müller', 'Schröder', 'Weiß'], join: (g, f) => `${g} ${f}` },
};

/** Everyday phrases; 부산 and "station" on purpose, so a search has something to find. */
const PHRASES: Record<AccountLanguage, readonly string[]> = {
  ko: ['내일 부산 가는 기차 몇 시야?', '점심 먹었어? 🍜', 'ㅋㅋㅋ 알았어', '회의 자료 확인했어\n수정할 부분 표시해 둘게', '부산에서 보자 👋', '조심히 와~', '사진 보내줄게 📷'],
  en: ['See you at the station at 9', 'Running late, sorry!', 'Lunch tomorrow? 🥪', 'The meeting moved to Friday\n\nagenda below', 'ok 👍🏽', 'Can you call me <when> you are "free" & ready?', 'Happy birthday 🎉'],
  ja: ['おはよう！', '駅で会いましょう', '了解です 🙏', '明日は雨だって\n傘を忘れずに'],
  zh: ['早上好', '我们在车站见', '好的 👌', '明天下雨\n记得带伞'],
  de: ['Guten Morgen!', 'Wir treffen uns am Bahnhof', 'Alles klar 👍', 'Morgen regnet es\nSchirm nicht vergessen'],
};

const GROUPS: Record<AccountLanguage, readonly string[]> = { ko: ['가족', '회사', '친구'], en: ['Family', 'Work', 'Friends'], ja: ['家族'], zh: ['家人'], de: ['Familie'] };

function text(random: Random, language: AccountLanguage, n: number): string {
  // A running number keeps every body distinct, so a lost or doubled message shows in a count and in a diff.
  return `${pick(random, PHRASES[language])} #${n}`;
}

/** The account as data; nothing touches a server here. */
export function generateAccount(spec: AccountSpec = {}): GeneratedAccount {
  const full = {
    contacts: spec.contacts ?? 5,
    messages: spec.messages ?? 40,
    conversations: spec.conversations ?? Math.min(spec.contacts ?? 5, 3),
    rooms: spec.rooms ?? 0,
    roomMessages: spec.roomMessages ?? 10,
    languages: spec.languages?.length ? [...spec.languages] : (['ko', 'en'] as AccountLanguage[]),
    seed: spec.seed ?? 1,
    prefix: spec.prefix ?? 'qa',
    host: spec.host ?? 'old.localhost',
    newHost: spec.newHost ?? 'new.localhost',
  };
  if (!Number.isInteger(full.contacts) || full.contacts < 0) throw new Error(`contacts must be a whole number >= 0, got ${spec.contacts}`);
  if (full.conversations > full.contacts) throw new Error(`conversations (${full.conversations}) cannot be more than contacts (${full.contacts})`);
  if (full.messages > 0 && full.conversations === 0) throw new Error(`${full.messages} messages need at least one conversation (and one contact)`);
  if (!/^[a-z0-9-]+$/.test(full.prefix)) throw new Error(`prefix must be lowercase letters, digits and dashes (it starts account names), got ${JSON.stringify(full.prefix)}`);
  const random = seeded(full.seed);
  const lang = (i: number) => full.languages[i % full.languages.length]!;
  const used = new Set<string>();
  const contacts: CorpusContact[] = Array.from({ length: full.contacts }, (_, i) => {
    const language = lang(i);
    const names = NAMES[language];
    let name = names.join(pick(random, names.given), pick(random, names.family));
    // Same-named friends exist, but a roster check by name needs them told apart.
    if (used.has(name)) name = `${name} ${i}`;
    used.add(name);
    const groups = chance(random, 25) ? [] : chance(random, 20) ? [GROUPS[language][0]!, pick(random, GROUPS.en)] : [pick(random, GROUPS[language])];
    return {
      jid: `${full.prefix}-friend${i}@${full.host}`,
      password: `pw-${full.seed}-${i}`,
      name,
      groups: [...new Set(groups)],
      profile: { fullName: name, ...(chance(random, 50) ? { nickname: name.split(' ')[0]! } : {}), email: `friend${i}@example.org` },
    };
  });
  const conversations: CorpusConversation[] = contacts.slice(0, full.conversations).map((c) => ({ with: c.jid, messages: [] as CorpusMessage[] }));
  for (let n = 0; n < full.messages; n++) {
    const index = n % conversations.length;
    (conversations[index]!.messages as CorpusMessage[]).push({ from: chance(random, 50) ? 'me' : 'them', body: text(random, lang(index), n) });
  }
  const owner = { jid: `${full.prefix}-me@${full.host}`, password: `owner-${full.seed}`, name: lang(0) === 'ko' ? '나' : 'Me', profile: { fullName: lang(0) === 'ko' ? '김하늘' : 'Sky Kim' } };
  const rooms: GeneratedRoom[] = Array.from({ length: full.rooms }, (_, r) => {
    const members = [
      { jid: owner.jid, password: owner.password, nick: 'me' },
      ...contacts.slice(0, 4).map((c, i) => ({ jid: c.jid, password: c.password, nick: `friend${i}` })),
    ];
    const messages = Array.from({ length: full.roomMessages }, (_, n) => ({ nick: members[n % members.length]!.nick, body: text(random, lang(r), n) }));
    return { node: `${full.prefix}-room${r}`, name: lang(r) === 'ko' ? `우리 모임 ${r}` : `Our group ${r}`, members, messages };
  });
  return {
    owner,
    newOwner: { jid: `${full.prefix}-me@${full.newHost}`, password: `new-${full.seed}`, name: owner.name },
    contacts,
    conversations,
    rooms,
    messageCount: full.messages,
    spec: full,
  };
}
