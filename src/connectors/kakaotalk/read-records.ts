/**
 * The txt layouts as records: one per message or notice, in file order, produced afresh on every
 * pass. Lines without a timestamp continue the record above; so does a line shaped like a
 * timestamped one that cannot be (오후 13:37), which the first pass reports.
 */
import { ConvertError } from '../contract.js';
import type { Day } from '../kit/text.js';
import type { FileDamage } from '../kit/text-files.js';
import type { WallClock } from '../kit/wall-clock.js';
import type { Grammar } from './read-layouts.js';
import { isSystemText } from './read-system.js';

export interface RawRecord {
  /** 1-based line where the record starts. */
  line: number;
  wall: WallClock;
  wallText: string;
  /** Undefined for system lines that name no sender. */
  sender?: string;
  text: string;
  system: boolean;
  /** A PC notice printed with no time, which took the time of the message before it. */
  undated?: true;
}

/** One export inside the file: lines [start, end), the first `header` of them its header. */
export interface ExportPart {
  start: number;
  end: number;
  header: number;
  grammar: Grammar;
}

export function* txtRecords(fileName: string, lines: readonly string[], part: ExportPart, damage?: FileDamage): Generator<RawRecord> {
  const { grammar } = part;
  let day: Day | undefined;
  let dayText = '';
  let last: { hour: number; minute: number; time: string } | undefined;
  let pending: { rec: RawRecord; parts: string[] } | undefined;
  const flush = (): RawRecord | undefined => {
    if (!pending) return undefined;
    const parts = pending.parts;
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    pending.rec.text = parts.join('\n');
    const rec = pending.rec;
    pending = undefined;
    return rec;
  };
  for (let i = part.start + part.header; i < part.end; i++) {
    const line = lines[i]!;
    const info = grammar.classify(line);
    if (info?.type === 'bad') {
      // A day line dates every message below it, and a line with nothing above it has no
      // message to join: either is an error. Any other one is kept as text, and reported.
      if (info.day || !pending) {
        throw new ConvertError(
          fileName,
          i + 1,
          `this line starts like a KakaoTalk ${grammar.layout} line but is not one: expected ${info.expected}, found "${line.slice(0, 80)}". If the file was edited by hand, restore the line; otherwise please report it with this line.`,
        );
      }
      pending.parts.push(line);
      damage?.suspicious.push(i + 1);
      continue;
    }
    if (info?.type === 'day') {
      const done = flush();
      if (done) yield done;
      day = info.day;
      dayText = line.replace(/^-+ | -+$/g, '');
      last = undefined;
      continue;
    }
    if (info?.type === 'message' || info?.type === 'system') {
      const done = flush();
      if (done) yield done;
      const onDay = info.day ?? day;
      if (!onDay) {
        throw new ConvertError(fileName, i + 1, `a message before any date line: expected a line like "--------------- 2021년 3월 25일 목요일 ---------------" first. Export the chat again from KakaoTalk; a file cut at the top cannot be dated.`);
      }
      last = { hour: info.hour, minute: info.minute, time: info.time };
      const wallText = info.day ? info.time : `${dayText} ${info.time}`;
      pending = {
        rec: { line: i + 1, wall: { ...onDay, hour: info.hour, minute: info.minute }, wallText, ...(info.type === 'message' ? { sender: info.sender } : {}), text: '', system: info.type === 'system' },
        parts: [info.text],
      };
      continue;
    }
    // PC txt prints join/leave/invite notices as bare lines between messages.
    if (grammar.layout === 'pc-txt' && day && isSystemText(line)) {
      const done = flush();
      if (done) yield done;
      const at = last ?? { hour: 0, minute: 0, time: '' };
      pending = { rec: { line: i + 1, wall: { ...day, hour: at.hour, minute: at.minute }, wallText: at.time ? `${dayText} ${at.time}` : dayText, text: '', system: true, undated: true }, parts: [line] };
      continue;
    }
    if (pending) {
      pending.parts.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    throw new ConvertError(fileName, i + 1, `expected the header ("방 이름 님과 카카오톡 대화", "저장한 날짜 : ...") or a first dated line like ${grammar.shape}, found "${line.slice(0, 80)}". Give the file exactly as KakaoTalk exported it.`);
  }
  const done = flush();
  if (done) yield done;
}
