// Writes this folder's corpus files and their X.expect.json, byte-exact (explicit \u escapes, CRLF where
// the layout has it). Run: node test/corpus/<folder>/_make/make.mjs. The expectations below are written by
// reading each file as a person would; nothing here imports Ferry's src/.
import { lines, write, handles, weekday, checkCounts } from '../../kakaotalk/_make/lib.mjs';

const D = 'line';
const out = [];
const file = (name, content, expect) => { checkCounts(name, expect); write(D, name, content, expect); out.push(name); };
const T = '\t';
const EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DE = ['So.', 'Mo.', 'Di.', 'Mi.', 'Do.', 'Fr.', 'Sa.'];
const JA = ['日', '月', '火', '水', '木', '金', '土'];
const ZHCN = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const ZHTW = ['日', '一', '二', '三', '四', '五', '六'];
const dayEn = (y, m, d) => `${EN[weekday(y, m, d)]}, ${m}/${d}/${y}`;
const dayDe = (y, m, d) => `${DE[weekday(y, m, d)]}, ${d}.${m}.${y}`;
const dayJa = (y, m, d) => `${y}/${m}/${d}(${JA[weekday(y, m, d)]})`;
const dayZhCn = (y, m, d) => `${y}/${m}/${d}${ZHCN[weekday(y, m, d)]}`;
const pad = (n) => String(n).padStart(2, '0');
const dayZhTw = (y, m, d) => `${y}/${pad(m)}/${pad(d)}（${ZHTW[weekday(y, m, d)]}）`;

// L1 ---------------------------------------------------------------------------------------------
file('en-1on1-2021-header-removed.txt', lines([
  dayEn(2021, 1, 2),
  `09:15${T}Alice${T}Happy new year!`,
  `09:16${T}Bob${T}You too!`,
  `09:20${T}Alice${T}[Photo]`,
  `21:40${T}Bob${T}[Sticker]`,
  '',
  dayEn(2021, 1, 3),
  `00:05${T}Alice${T}"Two lines`,
  'in ""quotes"""',
  `07:30${T}Bob${T}See you at 8`,
  'at the station',
  `12:00${T}Alice${T}OK!`,
]), {
  about: 'LINE chat history in English whose two header lines ("[LINE] Chat history with …", "Saved on: …") the user deleted before sharing: the first line is a day line, the tab-separated time/name/text lines are unmistakable; a quoted multi-line message with doubled quotes, an unquoted continuation line',
  source: 'issue 16 ("LINE: files whose header lines were removed by the user"); layout of shared/samples/line/en-1on1-2019-bom.txt (see SOURCES.md)',
  language: 'en', platform: 'line-txt', year: 2021,
  options: { timeZone: 'America/Los_Angeles' },
  detection: { format: 'line' },
  messages: 7,
  conversations: 1,
  senders: { Alice: 4, Bob: 3 },
  kinds: { text: 5, media: 1, sticker: 1 },
  handles: handles('line', ['Alice', 'Bob']),
  samples: [
    { index: 0, sender: 'Alice', time: '2021-01-02T09:15', kind: 'text', text: 'Happy new year!' },
    { index: 2, sender: 'Alice', time: '2021-01-02T09:20', kind: 'media', text: '' },
    { index: 3, sender: 'Bob', time: '2021-01-02T21:40', kind: 'sticker', text: '' },
    { index: 4, sender: 'Alice', time: '2021-01-03T00:05', kind: 'text', text: 'Two lines\nin "quotes"' },
    { index: 5, sender: 'Bob', time: '2021-01-03T07:30', kind: 'text', text: 'See you at 8\nat the station' },
    { index: 6, sender: 'Alice', time: '2021-01-03T12:00', kind: 'text', text: 'OK!' },
  ],
});

// L2 ---------------------------------------------------------------------------------------------
file('ja-group-2024-header-removed-bom.txt', '\ufeff' + lines([
  dayJa(2024, 3, 9),
  `9:05${T}田中${T}おはようございます`,
  `9:06${T}佐藤${T}[スタンプ]`,
  `12:30${T}鈴木がグループに参加しました。`,
  `12:31${T}鈴木${T}よろしくお願いします！`,
  '今日から参加します',
  `18:00${T}田中${T}[写真]`,
  '',
  dayJa(2024, 3, 10),
  `0:00${T}佐藤${T}日付が変わりました`,
  `23:59${T}鈴木がグループを退会しました。`,
]), {
  about: 'LINE Japanese group history with the header lines removed but the UTF-8 BOM kept before the first day line "2024/3/9(土)"; unpadded hours, two-field notices (join, leave) with no sender, [スタンプ] and [写真], a continuation line without quotes',
  source: 'issue 16 (LINE without headers); layout of shared/samples/line/ja-2024-tab-separated.txt and en-group-2019-bom-system.txt (see SOURCES.md)',
  language: 'ja', platform: 'line-txt', year: 2024,
  options: { timeZone: 'Asia/Tokyo' },
  detection: { format: 'line' },
  messages: 7,
  conversations: 1,
  senders: { '(system)': 2, 田中: 2, 佐藤: 2, 鈴木: 1 },
  kinds: { system: 2, text: 3, sticker: 1, media: 1 },
  handles: handles('line', ['田中', '佐藤', '鈴木']),
  samples: [
    { index: 0, sender: '田中', time: '2024-03-09T09:05', kind: 'text', text: 'おはようございます' },
    { index: 2, sender: '(system)', time: '2024-03-09T12:30', kind: 'system', text: '鈴木がグループに参加しました。' },
    { index: 3, sender: '鈴木', time: '2024-03-09T12:31', kind: 'text', text: 'よろしくお願いします！\n今日から参加します' },
    { index: 5, sender: '佐藤', time: '2024-03-10T00:00', kind: 'text', text: '日付が変わりました' },
    { index: 6, sender: '(system)', time: '2024-03-10T23:59', kind: 'system', text: '鈴木がグループを退会しました。' },
  ],
});

// L3 ---------------------------------------------------------------------------------------------
file('zh-cn-2026-group.txt', lines([
  '[LINE] 周末篮球的聊天记录',
  '保存日期：2026/01/31 22:13',
  '',
  dayZhCn(2026, 1, 30),
  `上午09:05${T}小王${T}早上好`,
  `上午09:06${T}小李${T}[贴图]`,
  `下午07:04${T}${T}小张已加入该群`,
  `下午07:05${T}小张${T}大家好`,
  `下午07:06${T}小王${T}[照片]`,
  '',
  dayZhCn(2026, 1, 31),
  `上午12:00${T}小李${T}零点了`,
  `下午12:00${T}小王${T}中午了`,
]), {
  about: 'LINE in Simplified Chinese: "[LINE] 周末篮球的聊天记录" / "保存日期：…", day lines "2026/1/30周五", 上午/下午 glued to a zero-padded 12-hour time (上午12:00 is midnight, 下午12:00 noon), a notice written with an empty sender field (two tabs), [贴图] and [照片]',
  source: 'ChatLab/ChatLab LINE parser (pull request #75, built from users\' zh-CN exports), see SOURCES.md',
  language: 'zh-CN', platform: 'line-txt', year: 2026,
  options: { timeZone: 'Asia/Shanghai' },
  detection: { format: 'line' },
  messages: 7,
  conversations: 1,
  senders: { '(system)': 1, 小王: 3, 小李: 2, 小张: 1 },
  kinds: { system: 1, text: 4, sticker: 1, media: 1 },
  handles: handles('line', ['小王', '小李', '小张']),
  samples: [
    { index: 0, sender: '小王', time: '2026-01-30T09:05', kind: 'text', text: '早上好' },
    { index: 1, sender: '小李', time: '2026-01-30T09:06', kind: 'sticker', text: '' },
    { index: 2, sender: '(system)', time: '2026-01-30T19:04', kind: 'system', text: '小张已加入该群' },
    { index: 4, sender: '小王', time: '2026-01-30T19:06', kind: 'media', text: '' },
    { index: 5, sender: '小李', time: '2026-01-31T00:00', kind: 'text', text: '零点了' },
    { index: 6, sender: '小王', time: '2026-01-31T12:00', kind: 'text', text: '中午了' },
  ],
});

// L4 ---------------------------------------------------------------------------------------------
file('zh-tw-2025-group-double-tab-system.txt', lines([
  '[LINE] 大學同學的聊天記錄',
  '儲存日期： 2025/05/19 17:44',
  '',
  dayZhTw(2025, 5, 17),
  `下午07:04${T}${T}阿明已加入群組`,
  `下午07:05${T}阿明${T}大家好`,
  `下午07:10${T}小美${T}[照片]`,
  `下午08:00${T}小美${T}☎ 通話時間1:16`,
  `下午08:30${T}${T}阿明已收回訊息`,
  `下午11:59${T}${T}小美已離開群組`,
  '',
  dayZhTw(2025, 5, 18),
  `上午12:00${T}阿明${T}[貼圖]`,
]), {
  about: 'LINE group in Traditional Chinese: 下午/上午 glued to zero-padded 12-hour times, notices (joined, unsent a message, left) written with an empty sender field between two tabs, a call with its length, [照片] and [貼圖]',
  source: 'ChatLab/ChatLab LINE parser ("下午07:04\\t\\tXXX已加入群組", pull request #75), shared/samples/line/zh-tw-2025-tab-separated.txt (see SOURCES.md)',
  language: 'zh-TW', platform: 'line-txt', year: 2025,
  options: { timeZone: 'Asia/Taipei' },
  detection: { format: 'line' },
  messages: 7,
  conversations: 1,
  senders: { '(system)': 3, 阿明: 2, 小美: 2 },
  kinds: { system: 3, text: 1, media: 1, call: 1, sticker: 1 },
  handles: handles('line', ['阿明', '小美']),
  samples: [
    { index: 0, sender: '(system)', time: '2025-05-17T19:04', kind: 'system', text: '阿明已加入群組' },
    { index: 1, sender: '阿明', time: '2025-05-17T19:05', kind: 'text', text: '大家好' },
    { index: 3, sender: '小美', time: '2025-05-17T20:00', kind: 'call', fields: { call: { durationSeconds: 76 } } },
    { index: 4, sender: '(system)', time: '2025-05-17T20:30', kind: 'system', text: '阿明已收回訊息' },
    { index: 5, sender: '(system)', time: '2025-05-17T23:59', kind: 'system', text: '小美已離開群組' },
    { index: 6, sender: '阿明', time: '2025-05-18T00:00', kind: 'sticker', text: '' },
  ],
});

// L5 ---------------------------------------------------------------------------------------------
file('en-group-2020-12h.txt', lines([
  '[LINE] Chat history in "Book club"',
  'Saved on: 1/22/2020, 9:41 PM',
  '',
  dayEn(2020, 1, 21),
  `12:00 AM${T}Anna${T}midnight already`,
  `11:59 AM${T}Ben${T}lunch soon`,
  `12:00 PM${T}Anna${T}[Photo]`,
  `12:30 PM${T}Cara${T}"Chapter 3:`,
  '""The Return"""',
  `06:15 PM${T}Ben${T}[Sticker]`,
  `08:00 PM${T}Cara left the group.`,
]), {
  about: 'LINE group in English on a 12-hour phone: "12:00 AM<TAB>name<TAB>text" (12:00 AM is midnight, 12:00 PM noon), a quoted two-line message with doubled quotes, a two-field leave notice',
  source: 'BryceStevenWilley/visioning_texts issue #12 (the 12-hour LINE format a user posted), see SOURCES.md',
  language: 'en', platform: 'line-txt', year: 2020,
  options: { timeZone: 'America/New_York' },
  detection: { format: 'line' },
  messages: 6,
  conversations: 1,
  senders: { '(system)': 1, Anna: 2, Ben: 2, Cara: 1 },
  kinds: { system: 1, text: 3, media: 1, sticker: 1 },
  handles: handles('line', ['Anna', 'Ben', 'Cara']),
  samples: [
    { index: 0, sender: 'Anna', time: '2020-01-21T00:00', kind: 'text', text: 'midnight already' },
    { index: 1, sender: 'Ben', time: '2020-01-21T11:59', kind: 'text', text: 'lunch soon' },
    { index: 2, sender: 'Anna', time: '2020-01-21T12:00', kind: 'media', text: '' },
    { index: 3, sender: 'Cara', time: '2020-01-21T12:30', kind: 'text', text: 'Chapter 3:\n"The Return"' },
    { index: 4, sender: 'Ben', time: '2020-01-21T18:15', kind: 'sticker', text: '' },
    { index: 5, sender: '(system)', time: '2020-01-21T20:00', kind: 'system', text: 'Cara left the group.' },
  ],
});

// L6 ---------------------------------------------------------------------------------------------
file('de-1on1-2020-quoted.txt', lines([
  '[LINE] Chat mit Lena',
  'Gespeichert am: 12.3.2020, 21:05',
  '',
  dayDe(2020, 3, 12),
  `08:00${T}Lena${T}Guten Morgen!`,
  `08:01${T}Jonas${T}[Foto]`,
  `08:02${T}Lena${T}"Zeile eins`,
  'Zeile zwei"',
  `12:00${T}Jonas${T}[Sticker]`,
  '',
  dayDe(2020, 3, 13),
  `00:00${T}Lena${T}Mitternacht`,
]), {
  about: 'LINE one-to-one in German: "[LINE] Chat mit Lena" / "Gespeichert am: …", day lines "Do., 12.3.2020", a quoted two-line message, [Foto] and [Sticker]; the other name (Jonas) is the user',
  source: 'layout of shared/samples/line/de-group-2019-system.txt (timelinize fixture), see SOURCES.md',
  language: 'de', platform: 'line-txt', year: 2020,
  options: { timeZone: 'Europe/Berlin' },
  detection: { format: 'line' },
  messages: 5,
  conversations: 1,
  senders: { Lena: 3, Jonas: 2 },
  kinds: { text: 3, media: 1, sticker: 1 },
  handles: handles('line', ['Lena', 'Jonas']),
  samples: [
    { index: 0, sender: 'Lena', time: '2020-03-12T08:00', kind: 'text', text: 'Guten Morgen!' },
    { index: 1, sender: 'Jonas', time: '2020-03-12T08:01', kind: 'media', text: '' },
    { index: 2, sender: 'Lena', time: '2020-03-12T08:02', kind: 'text', text: 'Zeile eins\nZeile zwei' },
    { index: 3, sender: 'Jonas', time: '2020-03-12T12:00', kind: 'sticker', text: '' },
    { index: 4, sender: 'Lena', time: '2020-03-13T00:00', kind: 'text', text: 'Mitternacht' },
  ],
});

// L7 ---------------------------------------------------------------------------------------------
file('ja-1on1-2023-crlf-gozen-gogo.txt', lines([
  '[LINE] ハナとのトーク履歴',
  '保存日時：2023/8/20 22:00',
  '',
  dayJa(2023, 8, 19),
  `午前0:00${T}ハナ${T}誕生日おめでとう！`,
  `午前11:59${T}健太${T}ありがとう`,
  `午後0:00${T}ハナ${T}[写真]`,
  `午後3:30${T}健太${T}"夜は`,
  '空いてる？"',
  `午後9:00${T}ハナが送信を取り消しました`,
], { eol: '\r\n' }), {
  about: 'LINE one-to-one in Japanese from a 12-hour phone, CRLF line ends: 午前0:00 is midnight and 午後0:00 noon, a quoted two-line message, an "unsent" notice with no sender; no CR left in the texts',
  source: 'ChatLab/ChatLab LINE parser (午前/午後 times, 送信を取り消しました), shared/samples/line/ja-2024-tab-separated.txt (see SOURCES.md)',
  language: 'ja', platform: 'line-txt', year: 2023,
  options: { timeZone: 'Asia/Tokyo' },
  detection: { format: 'line' },
  messages: 5,
  conversations: 1,
  senders: { '(system)': 1, ハナ: 2, 健太: 2 },
  kinds: { system: 1, text: 3, media: 1 },
  handles: handles('line', ['ハナ', '健太']),
  samples: [
    { index: 0, sender: 'ハナ', time: '2023-08-19T00:00', kind: 'text', text: '誕生日おめでとう！' },
    { index: 1, sender: '健太', time: '2023-08-19T11:59', kind: 'text', text: 'ありがとう' },
    { index: 2, sender: 'ハナ', time: '2023-08-19T12:00', kind: 'media', text: '' },
    { index: 3, sender: '健太', time: '2023-08-19T15:30', kind: 'text', text: '夜は\n空いてる？' },
    { index: 4, sender: '(system)', time: '2023-08-19T21:00', kind: 'system', text: 'ハナが送信を取り消しました' },
  ],
});

console.log(out.length, 'line files');
