// Writes this folder's corpus files and their X.expect.json, byte-exact (explicit \u escapes, CRLF where
// the layout has it). Run: node test/corpus/<folder>/_make/make.mjs. The expectations below are written by
// reading each file as a person would; nothing here imports Ferry's src/.
import { lines, write, handles, checkCounts, weekday } from '../../kakaotalk/_make/lib.mjs';

const D = 'damaged';
const out = [];
const file = (name, content, expect) => { checkCounts(name, expect); write(D, name, content, expect); out.push(name); };
const T = '\t';
const ME = 'kakaotalk:me';
const EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const dayEn = (y, m, d) => `${EN[weekday(y, m, d)]}, ${m}/${d}/${y}`;

// D1, D2 -----------------------------------------------------------------------------------------
file('empty.txt', Buffer.alloc(0), {
  about: 'A zero-byte file (an export that failed, or a copy that did not finish): the reader says the file is empty instead of "does not recognise"',
  source: 'issue 16 class 6 ("an empty file got the generic does not recognise instead of the file is empty")',
  // "file is empty", not "empty": the runner names the file in its message, and this one is called empty.txt.
  error: { message: 'file is empty' },
});
file('bom-only.txt', Buffer.from([0xef, 0xbb, 0xbf]), {
  about: 'A file holding nothing but a UTF-8 BOM (three bytes): empty as far as a person is concerned, so the same "the file is empty"',
  source: 'issue 16 class 6; BOMs are written by KakaoTalk and LINE before the first line',
  error: { message: 'file is empty' },
});

// D3 ---------------------------------------------------------------------------------------------
const roomA = [
  '수빈 님과 카카오톡 대화',
  '저장한 날짜 : 2022년 3월 2일 오후 10:00',
  '',
  '',
  '2022년 3월 1일 오후 9:00',
  '2022년 3월 1일 오후 9:00, 수빈 : 내일 수업 몇 시야?',
  '2022년 3월 1일 오후 9:01, 회원님 : 10시',
  '2022년 3월 1일 오후 9:02, 수빈 : 고마워',
];
const roomB = [
  '\ufeff동아리 5 님과 카카오톡 대화',
  '저장한 날짜 : 2022년 3월 2일 오후 10:01',
  '',
  '',
  '2022년 3월 2일 오전 8:00',
  '2022년 3월 2일 오전 8:00, 회장 : 오늘 모임 있습니다',
  '2022년 3월 2일 오전 8:05, 회원님 : 참석할게요',
  '2022년 3월 2일 오전 8:10, 총무 : 회비는 5천원',
];
file('kakaotalk-two-rooms-concatenated.txt', lines([...roomA, ...roomB]), {
  about: 'Two KakaoTalk Android exports of different rooms pasted into one file, the second keeping its own BOM in the middle of the file: the second header starts a second conversation; it is not text of the last message of the first',
  source: 'issue 16 class 3 ("a U+FEFF in the middle of the file (concatenated exports)"), see SOURCES.md',
  language: 'ko', platform: 'android-txt', year: 2022,
  options: { timeZone: 'Asia/Seoul' },
  messages: 6,
  conversations: 2,
  senders: { 수빈: 2, 회원님: 2, 회장: 1, 총무: 1 },
  kinds: { text: 6 },
  handles: handles('kakaotalk', ['수빈', '회장', '총무'], { 회원님: ME }),
  samples: [
    { index: 0, conversation: 0, sender: '수빈', time: '2022-03-01T21:00', kind: 'text', text: '내일 수업 몇 시야?' },
    { index: 2, conversation: 0, sender: '수빈', time: '2022-03-01T21:02', kind: 'text', text: '고마워' },
    { index: 0, conversation: 1, sender: '회장', time: '2022-03-02T08:00', kind: 'text', text: '오늘 모임 있습니다' },
    { index: 2, conversation: 1, sender: '총무', time: '2022-03-02T08:10', kind: 'text', text: '회비는 5천원' },
  ],
});

// D4 ---------------------------------------------------------------------------------------------
const lineHeader = (saved) => ['[LINE] Chat history with Dana', `Saved on: ${saved}`, ''];
const day1 = [dayEn(2024, 4, 1), `10:00${T}Dana${T}morning`, `10:01${T}Eli${T}hi Dana`];
const day2 = ['', dayEn(2024, 4, 2), `18:30${T}Dana${T}dinner?`, `18:31${T}Eli${T}[Sticker]`];
const day3 = ['', dayEn(2024, 4, 3), `07:45${T}Eli${T}running late`];
file('line-two-exports-concatenated.txt', lines([
  ...lineHeader('4/2/2024, 20:00'), ...day1, ...day2,
  ...lineHeader('4/3/2024, 09:00'), ...day1, ...day2, ...day3,
]), {
  about: 'Two LINE exports of the same one-to-one chat appended to each other (the second, saved a day later, repeats the first\'s days and adds one): the second header is not part of the sticker message, and the overlap is one history, not two copies',
  source: 'issue 16 ("concatenated exports"); LINE layout of shared/samples/line/en-1on1-2019-bom.txt, see SOURCES.md',
  language: 'en', platform: 'line-txt', year: 2024,
  options: { timeZone: 'Asia/Tokyo' },
  messages: 5,
  conversations: 1,
  senders: { Dana: 2, Eli: 3 },
  kinds: { text: 4, sticker: 1 },
  handles: handles('line', ['Dana', 'Eli']),
  samples: [
    { index: 0, sender: 'Dana', time: '2024-04-01T10:00', kind: 'text', text: 'morning' },
    { index: 3, sender: 'Eli', time: '2024-04-02T18:31', kind: 'sticker', text: '' },
    { index: 4, sender: 'Eli', time: '2024-04-03T07:45', kind: 'text', text: 'running late' },
  ],
});

// D5 ---------------------------------------------------------------------------------------------
const full = JSON.stringify({
  name: 'Kai', type: 'personal_chat', id: 9001,
  messages: [
    { id: 1, type: 'message', date: '2023-09-01T10:00:00', date_unixtime: '1693562400', from: 'Kai', from_id: 'user9001', text: 'first', text_entities: [{ type: 'plain', text: 'first' }] },
    { id: 2, type: 'message', date: '2023-09-01T10:01:00', date_unixtime: '1693562460', from: 'Noor', from_id: 'user9002', text: 'second', text_entities: [{ type: 'plain', text: 'second' }] },
    { id: 3, type: 'message', date: '2023-09-01T10:02:00', date_unixtime: '1693562520', from: 'Kai', from_id: 'user9001', text: 'third one is longer', text_entities: [{ type: 'plain', text: 'third one is longer' }] },
  ],
}, null, 1);
file('telegram-result-cut-short.json', full.slice(0, full.indexOf('third one') + 5), {
  about: 'A Telegram Desktop result.json cut short in the middle of a message (a copy or download that stopped): refused with an error that says the file ends early, not a generic "not JSON" or "not recognised"',
  source: 'issue 16 ("a truncated file"); tdesktop export layout, see SOURCES.md',
  platform: 'telegram-desktop', year: 2023,
  error: { message: 'cut|ends|truncat|incomplete' },
});

// D6 ---------------------------------------------------------------------------------------------
file('line-cut-mid-line.txt', lines([
  '[LINE] Chat history with Omar',
  'Saved on: 6/9/2025, 22:00',
  '',
  dayEn(2025, 6, 9),
  `20:00${T}Omar${T}are we still on for Friday?`,
  `20:05${T}Lin${T}yes, 7pm`,
], { last: true }) + `21:4`, {
  about: 'A LINE export cut short in the middle of its last line (only "21:4" of the next time survives, no line end): the two whole messages convert and the cut is reported',
  source: 'issue 16 ("a truncated file (cut … mid-line at the end) is reported as cut")',
  language: 'en', platform: 'line-txt', year: 2025,
  options: { timeZone: 'Asia/Singapore' },
  detection: { format: 'line' },
  messages: 2,
  conversations: 1,
  senders: { Omar: 1, Lin: 1 },
  kinds: { text: 2 },
  handles: handles('line', ['Omar', 'Lin']),
  truncated: true,
  samples: [
    { index: 0, sender: 'Omar', time: '2025-06-09T20:00', kind: 'text', text: 'are we still on for Friday?' },
    { index: 1, sender: 'Lin', time: '2025-06-09T20:05', kind: 'text' },
  ],
});

// D7 ---------------------------------------------------------------------------------------------
file('vcard-cut-inside-card.vcf', lines([
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Complete Card',
  'TEL:+1-555-0100',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Cut Card',
], { eol: '\r\n' }) + 'TEL:+1-55', {
  about: 'A .vcf cut short inside its second card (no END:VCARD, the last line broken off): refused with an error that says the card never ends / the file is cut, rather than a silently shorter address book',
  source: 'issue 16 ("a truncated file"); Ferry vCard README (a card the file never closes)',
  platform: 'vcard-3.0',
  error: { message: 'cut|never ends|END:VCARD' },
});

// D8 ---------------------------------------------------------------------------------------------
file('shopping-list-not-an-export.txt', lines(['Milk', 'Eggs (12)', 'Bread', '- ask Jin about Saturday 10:30']), {
  about: 'A plain text file that is no chat export (a shopping list with a time in it): refused as not recognised, naming what was tried, never read as some chat',
  source: 'control case for detection',
  error: { code: 'not-recognised' },
});

console.log(out.length, 'damaged files');
