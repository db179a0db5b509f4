/**
 * The history as records, one per message or notice, in file order; lines without a time continue
 * the one above, and so does a line with a time that cannot be one (25:61), which the first pass
 * reports.
 */
import { ConvertError } from '../contract.js';
import type { Day } from '../kit/text.js';
import type { FileDamage } from '../kit/text-files.js';
import type { WallClock } from '../kit/wall-clock.js';
import { parseDayLine } from './read-days.js';
import { parseMessageLine } from './read-messages.js';

export interface RawRecord {
  line: number;
  wall: WallClock;
  wallText: string;
  /** Undefined for LINE's notices (no sender field, or an empty one). */
  sender?: string;
  text: string;
}

/** One export inside the file: lines [start, end), the first `header` of them its header. */
export interface ExportPart {
  start: number;
  end: number;
  header: number;
}

/** Multi-line messages in some LINE versions are wrapped in double quotes, with inner quotes doubled. */
function unquote(parts: string[]): string {
  const text = parts.join('\n');
  if (parts.length > 1 && text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replace(/""/g, '"');
  return text;
}

export function* records(fileName: string, lines: readonly string[], part: ExportPart, damage?: FileDamage): Generator<RawRecord> {
  let day: { day: Day; text: string } | undefined;
  let pending: { rec: RawRecord; parts: string[] } | undefined;
  const flush = (): RawRecord | undefined => {
    if (!pending) return undefined;
    const parts = pending.parts;
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    pending.rec.text = unquote(parts);
    const rec = pending.rec;
    pending = undefined;
    return rec;
  };
  const first = part.start + part.header;
  for (let i = first; i < part.end; i++) {
    const line = lines[i]!;
    const info = parseMessageLine(line);
    if (info?.type === 'bad') {
      if (!pending) {
        throw new ConvertError(
          fileName,
          i + 1,
          `this line starts like a LINE message but is not one: expected ${info.expected}, found "${line.slice(0, 80)}". If the file was edited by hand, restore the line; otherwise please report it with this line.`,
        );
      }
      pending.parts.push(line);
      damage?.suspicious.push(i + 1);
      continue;
    }
    if (info) {
      const done = flush();
      if (done) yield done;
      if (!day) {
        throw new ConvertError(fileName, i + 1, `a message before any date line: expected a day line such as "Fri, 8/16/2019" or "2024/1/23(火)" first. Send the chat history again from LINE; a file cut at the top cannot be dated.`);
      }
      pending = {
        rec: { line: i + 1, wall: { ...day.day, hour: info.hour, minute: info.minute }, wallText: `${day.text} ${info.time}`, ...(info.type === 'message' ? { sender: info.sender } : {}), text: '' },
        parts: [info.text],
      };
      continue;
    }
    // A day line ends the message above only after a blank line (or at the top): a message may
    // itself contain a line that looks like a date. A day line dates every message under it, so
    // one that is not a real date is an error, not text.
    const previousBlank = i === first || lines[i - 1]!.trim() === '' || !pending;
    const dayInfo = previousBlank ? parseDayLine(line.trim()) : undefined;
    if (dayInfo && 'bad' in dayInfo) {
      throw new ConvertError(fileName, i + 1, `this line looks like a LINE day line but is not a real date: expected ${dayInfo.bad}, found "${line.slice(0, 80)}". Restore the line as LINE wrote it.`);
    }
    if (dayInfo) {
      const done = flush();
      if (done) yield done;
      day = dayInfo;
      continue;
    }
    if (pending) {
      pending.parts.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    throw new ConvertError(fileName, i + 1, `expected a day line ("Fri, 8/16/2019", "2024/1/23(火)") or a message ("14:30<TAB>Name<TAB>text"), found "${line.slice(0, 80)}". Give the file exactly as LINE saved it.`);
  }
  const done = flush();
  if (done) yield done;
}
