/**
 * A generated WhatsApp "Export chat" file for the convert benchmark: Android en-GB layout
 * ("18/03/2022, 14:56 - Name: text"), a group of five people, about 70 bytes per message, with
 * what real chats hold: multi-line messages, "<Media omitted>" with captions, deleted messages,
 * emoji and Korean text, bursts within one minute. Deterministic (seeded), written in pieces.
 */
const NAMES = ['Alice Smith', 'Bob', '김민지', 'Carlos', '+44 7700 900123'];
const WORDS = ['ok', 'see you', 'at the station', 'lunch?', 'haha', 'on my way', 'sounds good', 'tomorrow', 'the meeting moved', 'can you call me', 'sure', 'thanks!', 'where are you', 'running late', 'look at this'];
const KOREAN = ['안녕하세요', '좋아요', '내일 봐요', 'ㅋㅋㅋ', '점심 먹었어?'];
const EMOJI = ['😂', '👍', '❤️', '🎉'];

function* rng(seed: number): Generator<number> {
  let s = seed >>> 0;
  for (;;) {
    s = (s * 1664525 + 1013904223) >>> 0;
    yield s / 2 ** 32;
  }
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Yields the file in pieces of about 1 MB; `messages` messages in all. */
export function* whatsappExport(messages: number): Generator<string> {
  const random = rng(42);
  const r = () => random.next().value as number;
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  let t = Date.UTC(2019, 0, 1, 8, 0);
  let piece = `01/01/2019, 08:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n`;
  for (let i = 1; i < messages; i++) {
    if (r() < 0.45) t += Math.floor(r() * 20) * 60_000;
    const d = new Date(t);
    const head = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} - ${pick(NAMES)}: `;
    const x = r();
    let body: string;
    if (x < 0.04) body = '<Media omitted>';
    else if (x < 0.05) body = `<Media omitted>\n${pick(WORDS)}`;
    else if (x < 0.055) body = 'This message was deleted';
    else if (x < 0.1) body = `${pick(WORDS)}\n${pick(WORDS)} ${pick(WORDS)}`;
    else if (x < 0.2) body = `${pick(KOREAN)} ${pick(KOREAN)}`;
    else if (x < 0.3) body = `${pick(WORDS)} ${pick(EMOJI)}`;
    else body = `${pick(WORDS)} ${pick(WORDS)}, ${pick(WORDS)} ${pick(WORDS)}`;
    piece += head + body + '\n';
    if (piece.length > 1_000_000) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}
