import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../src/archive/container.js';
import { validateArchive } from '../../src/archive/validate.js';
import { kakaoTalkReader, roomTitle, to24Hour } from '../../src/connectors/kakaotalk/read.js';
import { convertToZip, detectInputs } from '../../src/convert/convert.js';
import { FILE_READERS } from '../../src/connectors/registry.js';
import { ConvertError, type ConvertOptions, type InputFile } from '../../src/connectors/contract.js';
import type { Message } from '../../src/model/types.js';

const FIXTURES = join(__dirname, '../../src/connectors/kakaotalk/fixtures');
const SAMPLES = join(__dirname, '../../../shared/samples/kakaotalk');
const hasSamples = existsSync(SAMPLES);
if (!hasSamples) console.warn(`KakaoTalk real-sample tests skipped: ${SAMPLES} is absent.`);

const OPTIONS: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00.000Z' };

const fileAt = (dir: string, name: string): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const fixture = (name: string) => fileAt(FIXTURES, name);
const fixtureText = (name: string) => new TextDecoder().decode(fixture(name).bytes);
const textFile = (name: string, text: string): InputFile => ({ kind: 'file', name, bytes: strToU8(text) });

function messagesOf(file: InputFile, options: ConvertOptions = OPTIONS): Message[] {
  return [...kakaoTalkReader.parse(file, options).conversations[0]!.messages()];
}

/** sender, timestamp, kind, text: what a user would check. */
const brief = (m: Message) => [m.sender, m.timestamp, m.kind, m.text];

describe('KakaoTalk exports', () => {
  it('I can see which KakaoTalk layout and language each file is', () => {
    const expected: Record<string, object> = {
      'pc-ko.txt': { format: 'kakaotalk', layout: 'pc-txt', locale: 'ko' },
      'pc-en.txt': { format: 'kakaotalk', layout: 'pc-txt', locale: 'en' },
      'pc.csv': { format: 'kakaotalk', layout: 'pc-csv' },
      'KakaoTalkChats.txt': { format: 'kakaotalk', layout: 'android-txt', locale: 'ko' },
      'android-en.txt': { format: 'kakaotalk', layout: 'android-txt', locale: 'en' },
      'ios-ko.txt': { format: 'kakaotalk', layout: 'ios-txt', locale: 'ko' },
      'ios-en.txt': { format: 'kakaotalk', layout: 'ios-txt', locale: 'en' },
    };
    for (const [name, detection] of Object.entries(expected)) expect(kakaoTalkReader.detect(fixture(name)), name).toEqual(detection);
  });

  it('a file that is not a KakaoTalk export is not claimed', () => {
    expect(kakaoTalkReader.detect(textFile('notes.txt', 'hello\nworld\n'))).toBeUndefined();
    for (const name of ['en-mina.txt', 'ja-group.txt', 'zh-tw-1on1.txt', 'ko-1on1.txt', 'de-group.txt']) {
      expect(kakaoTalkReader.detect(fileAt(join(__dirname, '../../src/connectors/line/fixtures'), name)), name).toBeUndefined();
    }
    expect(kakaoTalkReader.detect(textFile('x.csv', 'timestamp,channel,username,text\n'))).toBeUndefined();
  });

  it('I can read a Korean PC (Windows) export, with 오전 12시 as midnight and 오후 12시 as noon', () => {
    const parsed = kakaoTalkReader.parse(fixture('pc-ko.txt'), OPTIONS);
    expect(parsed.conversations[0]!.conversation).toMatchObject({ id: 'kakaotalk:room/민지', kind: 'direct', title: '민지' });
    expect(parsed.source).toMatchObject({ service: 'kakaotalk', account: 'kakaotalk:me', exportedAt: '2021-03-25T16:27:36.000Z', timeZone: { status: 'assumed', zone: 'Asia/Seoul' } });
    const messages = messagesOf(fixture('pc-ko.txt'));
    expect(messages.map(brief)).toEqual([
      ['kakaotalk:민지', '2021-03-25T00:05:00+09:00', 'text', '아직 안 자?'],
      ['kakaotalk:me', '2021-03-25T00:07:00+09:00', 'text', '응 과제 중'],
      ['kakaotalk:민지', '2021-03-25T12:00:00+09:00', 'text', '점심 먹자'],
      ['kakaotalk:me', '2021-03-25T12:30:00+09:00', 'media', ''],
      ['kakaotalk:민지', '2021-03-25T16:03:00+09:00', 'sticker', ''],
      ['kakaotalk:민지', '2021-03-25T16:03:00+09:00', 'media', ''],
      ['kakaotalk:me', '2021-03-25T23:59:00+09:00', 'text', '첫 줄\n둘째 줄\n\n셋째 줄'],
      ['kakaotalk:민지', '2021-03-26T01:15:00+09:00', 'text', 'ㅋㅋ'],
      ['kakaotalk:민지', '2021-03-26T01:15:00+09:00', 'text', 'ㅋㅋ'],
    ]);
    expect(messages[0]!.wallClock).toBe('2021년 3월 25일 목요일 오전 12:05');
    expect(messages[3]!.attachments).toEqual([{ mediaType: 'image/jpeg', notIncluded: { reason: 'not-downloaded', detail: 'KakaoTalk printed "사진" instead of the file' } }]);
    expect(messages[5]!.attachments![0]).toMatchObject({ fileName: '발표자료.pdf', mediaType: 'application/pdf', notIncluded: { reason: 'not-downloaded' } });
    // "ㅋㅋ" twice in one minute: two messages, two ids.
    expect(messages[7]!.id).not.toBe(messages[8]!.id);
    expect(parsed.warnings).toEqual([]);
  });

  it('I can read an English PC export, where "you" is me and a leave notice is a system message', () => {
    expect(messagesOf(fixture('pc-en.txt')).map(brief)).toEqual([
      ['kakaotalk:Sujin', '2015-08-01T00:10:00+09:00', 'text', 'anyone up?'],
      ['kakaotalk:me', '2015-08-01T12:15:00+09:00', 'text', 'lunch at noon?'],
      ['kakaotalk:Minki', '2015-08-01T12:59:00+09:00', 'media', ''],
      ['kakaotalk:Sujin', '2015-08-01T16:30:00+09:00', 'text', 'Minki, can you\nbring the charger'],
      ['kakaotalk:me', '2015-08-01T16:30:00+09:00', 'system', 'Minki left this chatroom.'],
      ['kakaotalk:Sujin', '2015-08-01T23:45:00+09:00', 'sticker', ''],
    ]);
    expect(kakaoTalkReader.parse(fixture('pc-en.txt'), OPTIONS).warnings.map((w) => w.text)).toEqual(['1 join/leave notice had no time in the file and took the time of the message before.']);
  });

  it('I can read a Mac/PC CSV export with quoted multi-line fields and doubled quotes, and mark myself with --me', () => {
    const messages = messagesOf(fixture('pc.csv'), { ...OPTIONS, me: 'min' });
    expect(messages.map(brief)).toEqual([
      ['kakaotalk:min', '2021-01-27T09:00:31+09:00', 'text', '좋은 아침'],
      ['kakaotalk:지우', '2021-01-27T09:01:02+09:00', 'text', '오늘 회의 몇 시야?\n10시? 11시?'],
      ['kakaotalk:min', '2021-01-27T12:00:00+09:00', 'media', ''],
      ['kakaotalk:min', '2021-01-27T12:00:00+09:00', 'media', ''],
      ['kakaotalk:지우', '2021-01-27T23:59:59+09:00', 'text', '그는 "안녕"이라고 했다'],
      ['kakaotalk:min', '2021-01-28T00:00:05+09:00', 'system', 'min님이 지우님을 초대했습니다.'],
    ]);
    const parsed = kakaoTalkReader.parse(fixture('pc.csv'), { ...OPTIONS, me: 'min' });
    expect(parsed.source.account).toBe('kakaotalk:min');
    expect(parsed.warnings).toEqual([]);
  });

  it('without --me, a CSV export keeps names as printed and says that --me can mark the user', () => {
    const parsed = kakaoTalkReader.parse(fixture('pc.csv'), OPTIONS);
    expect(parsed.source.account).toBe('kakaotalk:me');
    expect([...parsed.conversations[0]!.messages()][0]!.sender).toBe('kakaotalk:min');
    expect(parsed.warnings.map((w) => w.text).join('\n')).toMatch(/--me NAME/);
  });

  it('I can read a Korean Android export with a BOM and CRLF and LF mixed, including leave and invite lines', () => {
    const bytes = fixture('KakaoTalkChats.txt').bytes;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    expect(text.replace(/\r\n/g, '')).toContain('\n');
    const parsed = kakaoTalkReader.parse(fixture('KakaoTalkChats.txt'), OPTIONS);
    expect(parsed.conversations[0]!.conversation).toMatchObject({ id: 'kakaotalk:room/서울%20친구들', title: '서울 친구들', kind: 'group' });
    const messages = [...parsed.conversations[0]!.messages()];
    expect(messages.map(brief)).toEqual([
      ['kakaotalk:하늘', '2022-01-01T00:00:00+09:00', 'text', '새해 복 많이 받아!'],
      ['kakaotalk:me', '2022-01-01T00:01:00+09:00', 'text', '너도!'],
      ['kakaotalk:me', '2022-01-01T00:01:00+09:00', 'system', '바다님이 나갔습니다.'],
      ['kakaotalk:하늘', '2022-01-01T12:00:00+09:00', 'media', ''],
      ['kakaotalk:me', '2022-01-01T13:30:00+09:00', 'text', '여러 줄\n메시지입니다'],
      ['kakaotalk:me', '2022-01-02T08:15:00+09:00', 'system', '하늘님이 바다님을 초대하였습니다.'],
      ['kakaotalk:바다', '2022-01-02T08:16:00+09:00', 'text', '다시 왔어 ㅎㅎ'],
    ]);
    expect(messages[0]!.wallClock).toBe('2022년 1월 1일 오전 12:00');
    expect(parsed.source.exportedAt).toBe('2022-01-02T00:00:00.000Z');
  });

  it('I can read an English Android export, where "you" is me', () => {
    expect(messagesOf(fixture('android-en.txt')).map(brief)).toEqual([
      ['kakaotalk:me', '2015-07-09T00:05:00+09:00', 'system', 'Hana invited Joon.'],
      ['kakaotalk:Hana', '2015-07-09T00:05:00+09:00', 'text', 'Welcome Joon!'],
      ['kakaotalk:me', '2015-07-09T12:40:00+09:00', 'text', 'hi both'],
      ['kakaotalk:Joon', '2015-07-09T12:41:00+09:00', 'media', ''],
      ['kakaotalk:Joon', '2015-07-09T23:58:00+09:00', 'text', 'line one\nline two'],
      ['kakaotalk:Hana', '2015-07-10T08:00:00+09:00', 'text', 'morning'],
    ]);
  });

  it('I can read a Korean iOS export whose first line is the file name, with "회원님" as me', () => {
    const parsed = kakaoTalkReader.parse(fixture('ios-ko.txt'), OPTIONS);
    expect(parsed.conversations[0]!.conversation).toMatchObject({ id: 'kakaotalk:room/동아리방', title: '동아리방', kind: 'group' });
    expect(parsed.source.exportedAt).toBe('2023-05-02T11:06:00.000Z');
    const messages = [...parsed.conversations[0]!.messages()];
    expect(messages.map(brief)).toEqual([
      ['kakaotalk:me', '2022-05-13T00:28:00+09:00', 'system', '준호님이 서연님과 민재님을 초대했습니다.'],
      ['kakaotalk:준호', '2022-05-13T00:30:00+09:00', 'text', '환영해요'],
      ['kakaotalk:me', '2022-05-13T12:01:00+09:00', 'text', '반가워요!'],
      ['kakaotalk:서연', '2022-05-13T12:02:00+09:00', 'media', ''],
      ['kakaotalk:민재', '2022-05-13T22:28:00+09:00', 'text', '첫째 줄\n둘째 줄'],
      ['kakaotalk:서연', '2022-05-14T09:00:00+09:00', 'media', ''],
    ]);
    expect(messages[5]!.attachments![0]!.fileName).toBe('회의록.docx');
  });

  it('I can read an English iOS export, with "You" as me and 12 AM as midnight', () => {
    expect(messagesOf(fixture('ios-en.txt')).map(brief)).toEqual([
      ['kakaotalk:me', '2015-07-09T00:34:00+09:00', 'system', 'Jun invited Mina and Leo.'],
      ['kakaotalk:Jun', '2015-07-09T00:35:00+09:00', 'text', 'hello team'],
      ['kakaotalk:me', '2015-07-09T12:35:00+09:00', 'text', 'hi!'],
      ['kakaotalk:Mina', '2015-07-09T21:43:00+09:00', 'media', ''],
      ['kakaotalk:Leo', '2015-07-09T22:00:00+09:00', 'text', '1. first\n2. second'],
      ['kakaotalk:Mina', '2015-07-10T08:05:00+09:00', 'sticker', ''],
    ]);
  });

  it('a Korean PC export under an English header (as older Windows versions wrote) is read as Korean, whatever the first line says, and lines out of time order come out in time order', () => {
    const text = '멘토님방 export 2015\nDate Saved : 2015-08-03 00:29:58\n\n--------------- 2015년 8월 1일 토요일 ---------------\n[수지] [오후 2:37] 슬랙 읽어주세요\n[서우석] [오전 12:30] 늦었네\n';
    const file = textFile('chat.txt', text);
    expect(kakaoTalkReader.detect(file)).toEqual({ format: 'kakaotalk', layout: 'pc-txt', locale: 'ko' });
    expect(messagesOf(file).map(brief)).toEqual([
      ['kakaotalk:서우석', '2015-08-01T00:30:00+09:00', 'text', '늦었네'],
      ['kakaotalk:수지', '2015-08-01T14:37:00+09:00', 'text', '슬랙 읽어주세요'],
    ]);
  });

  it('a newer Windows export with 24-hour times, a nameless notice and bare invite/leave lines is read', () => {
    const text = '테스트 님과 카카오톡 대화\n저장한 날짜 : 2021년 12월 18일 오후 7:17\n\n--------------- 2021년 12월 29일 수요일 ---------------\n[] [20:35] 시스템 알림\n[테스트] [20:36] ㅎㅇ\n이어지는 줄\n수아님을 초대하였습니다.\n테스트님이 나갔습니다.\n[회원님] [00:05] 반가워\n';
    const file = textFile('chat.txt', text);
    expect(kakaoTalkReader.detect(file)).toEqual({ format: 'kakaotalk', layout: 'pc-txt', locale: 'ko' });
    const parsed = kakaoTalkReader.parse(file, OPTIONS);
    expect(parsed.source.exportedAt).toBe('2021-12-18T10:17:00.000Z');
    expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual([
      ['kakaotalk:me', '2021-12-29T00:05:00+09:00', 'text', '반가워'],
      ['kakaotalk:me', '2021-12-29T20:35:00+09:00', 'system', '시스템 알림'],
      ['kakaotalk:테스트', '2021-12-29T20:36:00+09:00', 'text', 'ㅎㅇ\n이어지는 줄'],
      ['kakaotalk:me', '2021-12-29T20:36:00+09:00', 'system', '수아님을 초대하였습니다.'],
      ['kakaotalk:me', '2021-12-29T20:36:00+09:00', 'system', '테스트님이 나갔습니다.'],
    ]);
  });

  it('newer iOS exports are read: Korean lines with only the time under a day line, English 24-hour lines with "at", and nameless notices', () => {
    const ko = '팀 채팅방 카카오톡 대화\n저장한 날짜 : 2021년 12월 18일 오후 7:17\n\n\n2021년 12월 29일 수요일\n오전 12:05,  : 시스템 알림\n오후 8:36, 테스트 : Day 1 : https://example.com/one\nDay 2 : two\n오후 8:38, 테스트님이 나갔습니다.\n';
    const koFile = textFile('ko.txt', ko);
    expect(kakaoTalkReader.detect(koFile)).toEqual({ format: 'kakaotalk', layout: 'ios-txt', locale: 'ko' });
    const koMessages = messagesOf(koFile);
    expect(koMessages.map(brief)).toEqual([
      ['kakaotalk:me', '2021-12-29T00:05:00+09:00', 'system', '시스템 알림'],
      ['kakaotalk:테스트', '2021-12-29T20:36:00+09:00', 'text', 'Day 1 : https://example.com/one\nDay 2 : two'],
      ['kakaotalk:me', '2021-12-29T20:38:00+09:00', 'system', '테스트님이 나갔습니다.'],
    ]);
    expect(koMessages[1]!.wallClock).toBe('2021년 12월 29일 수요일 오후 8:36');
    const en = 'Talk_2026.4.25 10:20-1.txt\nDate Saved : Apr 25, 2026 at 10:38\n\n\nWednesday, December 31, 2014\nDec 31, 2014 at 19:12: 테스트 invited iPad .\nDec 31, 2014 at 19:12, 테스트 : hello\ncontinued line\n\nTuesday, February 17, 2015\nFeb 17, 2015 at 21:00, iPad : Photo\nFeb 17, 2015 at 21:01: iPad left this chatroom.\n';
    const enFile = textFile('Talk_2026.4.25 10_20-1.txt', en);
    expect(kakaoTalkReader.detect(enFile)).toEqual({ format: 'kakaotalk', layout: 'ios-txt', locale: 'en' });
    const parsed = kakaoTalkReader.parse(enFile, OPTIONS);
    expect(parsed.source.exportedAt).toBe('2026-04-25T01:38:00.000Z');
    expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual([
      ['kakaotalk:me', '2014-12-31T19:12:00+09:00', 'system', '테스트 invited iPad .'],
      ['kakaotalk:테스트', '2014-12-31T19:12:00+09:00', 'text', 'hello\ncontinued line'],
      ['kakaotalk:iPad', '2015-02-17T21:00:00+09:00', 'media', ''],
      ['kakaotalk:me', '2015-02-17T21:01:00+09:00', 'system', 'iPad left this chatroom.'],
    ]);
  });

  it('a message deleted for everyone is kept as a deleted message with no text', () => {
    const text = '민지 님과 카카오톡 대화\n저장한 날짜 : 2021-03-26 01:27:36\n\n--------------- 2021년 3월 25일 목요일 ---------------\n[민지] [오후 1:00] 삭제된 메시지입니다.\n[민지] [오후 1:01] 삭제된 메시지입니다. 농담이야\n';
    expect(messagesOf(textFile('chat.txt', text)).map(brief)).toEqual([
      ['kakaotalk:민지', '2021-03-25T13:00:00+09:00', 'deleted', ''],
      ['kakaotalk:민지', '2021-03-25T13:01:00+09:00', 'text', '삭제된 메시지입니다. 농담이야'],
    ]);
  });

  it('12-hour clocks convert both ways round midnight and noon', () => {
    expect([to24Hour(12, '오전'), to24Hour(12, '오후'), to24Hour(1, '오후'), to24Hour(11, '오전'), to24Hour(12, 'AM'), to24Hour(12, 'pm')]).toEqual([0, 12, 13, 11, 0, 12]);
    expect(to24Hour(13, '오후')).toBeUndefined();
  });

  it('--tz decides the offset, and the printed time is kept', () => {
    const [first] = messagesOf(fixture('KakaoTalkChats.txt'), { ...OPTIONS, timeZone: 'Europe/Berlin' });
    expect(first!.timestamp).toBe('2022-01-01T00:00:00+01:00');
    expect(first!.wallClock).toBe('2022년 1월 1일 오전 12:00');
    expect(kakaoTalkReader.parse(fixture('KakaoTalkChats.txt'), { ...OPTIONS, timeZone: 'Europe/Berlin' }).source.timeZone).toEqual({ status: 'assumed', zone: 'Europe/Berlin' });
  });

  it('converting the same file twice gives the same ids, every id is unique, and the counts told to the converter are right', () => {
    for (const name of ['pc-ko.txt', 'pc-en.txt', 'pc.csv', 'KakaoTalkChats.txt', 'android-en.txt', 'ios-ko.txt', 'ios-en.txt']) {
      const once = messagesOf(fixture(name)).map((m) => m.id);
      const parsedAgain = kakaoTalkReader.parse(fixture(name), OPTIONS);
      expect([...parsedAgain.conversations[0]!.messages()].map((m) => m.id), name).toEqual(once);
      expect(new Set(once).size, name).toBe(once.length);
      const { counts } = parsedAgain.conversations[0]!;
      const all = messagesOf(fixture(name));
      expect(counts, name).toEqual({ messages: all.length, attachments: all.flatMap((m) => m.attachments ?? []).length, notIncluded: all.flatMap((m) => m.attachments ?? []).filter((a) => a.notIncluded).length });
    }
  });

  it('a line shaped like a message but with an impossible time is kept as text of the message above, its line number is reported, and the archive validates', async () => {
    const text = '테스트 님과 카카오톡 대화\n저장한 날짜 : 2021년 12월 18일 오후 7:17\n\n2021년 12월 29일 오후 8:36\n2021년 12월 29일 오후 8:36, 테스트 : ㅎㅇ\n2021년 12월 29일 오후 13:37, 나 : ㅎㅇ\n2021년 12월 29일 오후 8:40, 나 : 다음\n';
    const parsed = kakaoTalkReader.parse(textFile('chat.txt', text), OPTIONS);
    expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual([
      ['kakaotalk:테스트', '2021-12-29T20:36:00+09:00', 'text', 'ㅎㅇ\n2021년 12월 29일 오후 13:37, 나 : ㅎㅇ'],
      ['kakaotalk:나', '2021-12-29T20:40:00+09:00', 'text', '다음'],
    ]);
    const notice = parsed.warnings.find((w) => w.code === 'suspicious_lines');
    expect(notice).toMatchObject({ args: ['1', '6'] });
    expect(notice!.text).toMatch(/impossible time or date\): line 6\./);
    expect(parsed.fidelity.find((n) => n.item === 'message.text')).toMatchObject({ count: 1 });
    const { zip } = await convertToZip([textFile('chat.txt', text)], OPTIONS, {}, [kakaoTalkReader]);
    expect(validateArchive(zip).errors).toEqual([]);
  });

  it('a day line that is not a real date is refused with the file, the line and what was expected, since every message under it would be misdated', () => {
    const broken = '민지 님과 카카오톡 대화\n저장한 날짜 : 2021-03-26 01:27:36\n\n--------------- 2021년 2월 30일 화요일 ---------------\n[민지] [오후 1:00] 안녕\n';
    let error: unknown;
    try {
      messagesOf(textFile('chat.txt', broken));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvertError);
    expect((error as ConvertError).line).toBe(4);
    expect((error as ConvertError).message).toMatch(/^chat\.txt:4: .*expected a real date/);
  });

  it('a CSV row with an empty User column is a system notice, and English notices are recognised', () => {
    const csv = 'Date,User,Message\n2021-12-29 20:37:30,"","시스템 알림"\n2021-12-29 20:38:00,"테스트","테스트 invited 나 and."\n2021-12-29 20:40:00,"Stewie","Stewie left this chatroom."\n';
    expect(messagesOf(textFile('chat.csv', csv)).map(brief)).toEqual([
      ['kakaotalk:me', '2021-12-29T20:37:30+09:00', 'system', '시스템 알림'],
      ['kakaotalk:테스트', '2021-12-29T20:38:00+09:00', 'system', '테스트 invited 나 and.'],
      ['kakaotalk:Stewie', '2021-12-29T20:40:00+09:00', 'system', 'Stewie left this chatroom.'],
    ]);
  });

  it('a broken CSV row is refused with its line, counting the lines inside quoted fields', () => {
    const csv = 'Date,User,Message\n2021-01-27 09:00:31,"a","one\ntwo"\n2021-13-27 09:00:31,"b","bad month"\n';
    expect(() => messagesOf(textFile('chat.csv', csv))).toThrow(/^chat\.csv:4: expected three fields/);
  });

  it('text before the first dated line is refused instead of dropped', () => {
    const text = 'KakaoTalk Chats with Hana\nDate Saved : 1:01am, August 3, 2015\nsomething odd\n8:00am, July 10, 2015\n8:00am, July 10, 2015, Hana : morning\n';
    expect(() => messagesOf(textFile('KakaoTalkChats.txt', text))).toThrow(/KakaoTalkChats\.txt:3: expected the header/);
  });

  it('I can give an export saved again as UTF-16, with or without a BOM, and am told how it was read', () => {
    const text = fixtureText('KakaoTalkChats.txt');
    const expected = messagesOf(fixture('KakaoTalkChats.txt')).map(brief);
    for (const bom of [true, false]) {
      const units = [...(bom ? [0xfeff] : []), ...Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))];
      const bytes = new Uint8Array(new Uint16Array(units).buffer); // little-endian on every machine Node runs on here
      const file: InputFile = { kind: 'file', name: 'KakaoTalkChats.txt', bytes };
      expect(kakaoTalkReader.detect(file), String(bom)).toEqual({ format: 'kakaotalk', layout: 'android-txt', locale: 'ko' });
      const parsed = kakaoTalkReader.parse(file, OPTIONS);
      expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual(expected);
      expect(parsed.warnings.map((w) => w.text)).toContain('The file is not UTF-8; it was read as UTF-16 (little-endian).');
    }
  });

  it('NUL bytes a bad copy left in the file are removed from names and texts, and counted', () => {
    const text = fixtureText('pc-ko.txt').replace('[민지] [오전 12:05] 아직', '[민\0지] [오전 12:05] 아직\0');
    const parsed = kakaoTalkReader.parse(textFile('pc-ko.txt', text), OPTIONS);
    expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual(messagesOf(fixture('pc-ko.txt')).map(brief));
    expect(parsed.warnings.find((w) => w.code === 'nul_removed')).toMatchObject({ args: ['2'] });
  });

  it('a file cut inside the timestamp of its last line converts without that line, and says it was cut', () => {
    const text = '민지 님과 카카오톡 대화\n저장한 날짜 : 2021-03-26 01:27:36\n\n--------------- 2021년 3월 25일 목요일 ---------------\n[민지] [오후 1:00] 안녕\n[민지] [오후 1:0';
    const parsed = kakaoTalkReader.parse(textFile('chat.txt', text), OPTIONS);
    expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual([['kakaotalk:민지', '2021-03-25T13:00:00+09:00', 'text', '안녕']]);
    expect(parsed.warnings.find((w) => w.code === 'truncated')!.text).toMatch(/line 6, "\[민지\] \[오후 1:0", stops inside a message's time/);
    // The same line with its time whole is a message, and nothing is said.
    const whole = kakaoTalkReader.parse(textFile('chat.txt', `${text}0] 또`), OPTIONS);
    expect([...whole.conversations[0]!.messages()]).toHaveLength(2);
    expect(whole.warnings.map((w) => w.code)).not.toContain('truncated');
  });

  it('a CSV export pasted twice into one file gives each message once, and says so', () => {
    const csv = fixtureText('pc.csv');
    const parsed = kakaoTalkReader.parse(textFile('pc.csv', `${csv.trimEnd()}\n${csv}`), { ...OPTIONS, me: 'min' });
    expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual(messagesOf(fixture('pc.csv'), { ...OPTIONS, me: 'min' }).map(brief));
    expect(parsed.warnings.map((w) => w.code)).toEqual(['exports_concatenated', 'messages_repeated_in_copies']);
    expect(parsed.warnings[1]!.args).toEqual(['6']);
  });

  it('two exports of one room whose histories overlap become one conversation with every message once', () => {
    const header = (saved: string) => `민지 님과 카카오톡 대화\n저장한 날짜 : ${saved}\n\n`;
    const day1 = '2021년 5월 1일 오후 2:00\n2021년 5월 1일 오후 2:00, 민지 : 안녕\n2021년 5월 1일 오후 2:01, 회원님 : 응\n';
    const day2 = '2021년 5월 2일 오전 9:00\n2021년 5월 2일 오전 9:00, 민지 : 좋은 아침\n';
    const parsed = kakaoTalkReader.parse(textFile('chat.txt', header('2021년 5월 1일 오후 3:00') + day1 + header('2021년 5월 2일 오전 10:00') + day1 + day2), OPTIONS);
    expect(parsed.conversations).toHaveLength(1);
    const messages = [...parsed.conversations[0]!.messages()];
    expect(messages.map((m) => m.text)).toEqual(['안녕', '응', '좋은 아침']);
    expect(parsed.conversations[0]!.counts).toEqual({ messages: 3, attachments: 0, notIncluded: 0 });
    expect(parsed.source.exportedAt).toBe('2021-05-02T01:00:00.000Z'); // the later of the two saved-on times
    expect(parsed.warnings.find((w) => w.code === 'exports_concatenated')).toMatchObject({ args: ['2', '7'] });
  });

  it('room names lose the member count and the iOS file-name suffix', () => {
    expect(roomTitle('동아리방 (4명)과 카카오톡 대화-1.txt')).toEqual({ title: '동아리방', members: 4 });
    expect(roomTitle('KakaoTalk Chats with Team room (4 people)-1.txt')).toEqual({ title: 'Team room', members: 4 });
    expect(roomTitle('민지 님과 카카오톡 대화')).toEqual({ title: '민지' });
    expect(roomTitle('멘토님방 with KakaoTalk Chats')).toEqual({ title: '멘토님방' });
  });

  it('I can convert an Android zip (KakaoTalkChats.txt with its media) into an archive that validates, told the media could not be matched', async () => {
    const zip = zipSync({ 'KakaoTalkChats.txt': fixture('KakaoTalkChats.txt').bytes, '2022-01-01-12-00-00.jpg': new Uint8Array([0xff, 0xd8, 0xff]) });
    const input: InputFile = { kind: 'file', name: 'KakaoTalk_export.zip', bytes: zip };
    const claims = detectInputs([input], [kakaoTalkReader]);
    expect(claims.map((c) => [c.file.name, c.detection.layout])).toEqual([['KakaoTalk_export.zip/KakaoTalkChats.txt', 'android-txt']]);
    const { zip: archive, result } = await convertToZip([input], OPTIONS, {}, [kakaoTalkReader]);
    expect(validateArchive(archive).errors).toEqual([]);
    expect(result.inputs[0]!.messages).toBe(7);
    expect(result.inputs[0]!.warnings.map((w) => w.text).join('\n')).toMatch(/1 media file beside the chat could not be matched/);
    const read = readArchive(archive);
    expect(read.manifest.sources[0]!.timeZone).toEqual({ status: 'assumed', zone: 'Asia/Seoul' });
  });

  it('every fixture is claimed by KakaoTalk alone among the registered formats, and converts into an archive that validates', async () => {
    for (const name of ['pc-ko.txt', 'pc-en.txt', 'pc.csv', 'KakaoTalkChats.txt', 'android-en.txt', 'ios-ko.txt', 'ios-en.txt']) {
      expect(detectInputs([fixture(name)], FILE_READERS).map((c) => c.reader.name), name).toEqual(['kakaotalk']);
      const { zip } = await convertToZip([fixture(name)], OPTIONS, {}, [kakaoTalkReader]);
      expect(validateArchive(zip).errors, name).toEqual([]);
    }
  });
});

describe.skipIf(!hasSamples)('real KakaoTalk exports (../shared/samples/kakaotalk)', () => {
  it('I can read the 2021 Android Korean export: 5 messages, the long multi-line one whole', () => {
    const file = fileAt(SAMPLES, 'android-ko-2021.txt');
    expect(kakaoTalkReader.detect(file)).toEqual({ format: 'kakaotalk', layout: 'android-txt', locale: 'ko' });
    expect(detectInputs([file], FILE_READERS).map((c) => c.reader.name)).toEqual(['kakaotalk']);
    const parsed = kakaoTalkReader.parse(file, OPTIONS);
    // A one-to-one room: "테스트" is the other person, so the file's one other name is a person too.
    expect(parsed.conversations[0]!.conversation).toMatchObject({ title: '테스트', kind: 'direct' });
    const messages = [...parsed.conversations[0]!.messages()];
    expect(messages).toHaveLength(5);
    expect(messages.slice(0, 4).map(brief)).toEqual([
      ['kakaotalk:테스트', '2021-12-29T20:36:00+09:00', 'text', 'ㅎㅇ'],
      ['kakaotalk:나', '2021-12-29T20:37:00+09:00', 'text', 'ㅎㅇ'],
      ['kakaotalk:테스트', '2021-12-29T20:41:00+09:00', 'text', 'ㅎㅇㅎㅇ'],
      ['kakaotalk:테스트', '2021-12-29T20:41:00+09:00', 'text', 'ㅎㅇㅎㅇ'],
    ]);
    expect(messages[4]!.timestamp).toBe('2021-12-30T22:06:00+09:00');
    expect(messages[4]!.text.split('\n')).toHaveLength(12);
    expect(messages[4]!.text).toMatch(/^Welcome to RegExr 0\.3b/);
    expect(messages[4]!.text).toMatch(/\[gskinner\.com\/products\/spl\]\.$/);
    expect(parsed.source.exportedAt).toBe('2021-12-18T10:17:00.000Z');
  });

  it('I can read the 2026 Android Korean demo: 9 messages, an invite as a system line, and mark "나" as me with --me', () => {
    const file = fileAt(SAMPLES, 'android-ko-2026-demo.txt');
    const messages = messagesOf(file, { ...OPTIONS, me: '나' });
    expect(messages).toHaveLength(9);
    expect(messages.filter((m) => m.kind === 'system').map(brief)).toEqual([['kakaotalk:나', '2026-04-25T15:22:00+09:00', 'system', '수아님을 초대하였습니다.']]);
    expect(messages.filter((m) => m.sender === 'kakaotalk:나')).toHaveLength(4);
    expect(messages[7]!.text).toBe('여러 줄 메시지도 이렇게 보여주면 좋겠다.\nREADME 스크린샷이랑 OG 이미지에 쓰기 딱 좋게.');
    const parsed = kakaoTalkReader.parse(file, { ...OPTIONS, me: '나' });
    expect(parsed.conversations[0]!.conversation).toMatchObject({ title: 'KakaoTalk Viewer 데모방', kind: 'group' });
    expect(parsed.warnings).toEqual([]);
  });
});
