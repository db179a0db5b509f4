/**
 * Text exports as people actually hand them over: UTF-8 with or without a BOM, UTF-16 (Windows
 * "Unicode", with or without a BOM), stray NUL bytes from a bad copy, a file cut inside its last
 * character, and a U+FEFF at the start of a line where two exports were pasted together. The
 * line-based readers (KakaoTalk, LINE) decode through here so each repair is made once and told
 * the same way (FileDamage.warnings). Browser-safe: TextDecoder only.
 */
import type { FidelityNote } from '../../model/types.js';
import { splitLines } from './text.js';
import { nulsRemoved, warning, type ConvertWarning } from './warnings.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  /** The text, without its BOM and without NULs. */
  text: string;
  encoding: TextEncodingName;
  /** The bytes end inside a character (a UTF-8 sequence or a UTF-16 unit or pair cut short); those bytes are left out of `text`. */
  cutCharacter: boolean;
  /** NUL characters removed from the text (a UTF-16 file's own zero bytes are not counted: they are part of its characters). */
  nuls: number;
}

const decoders = new Map<TextEncodingName, TextDecoder>();
function decoderFor(encoding: TextEncodingName): TextDecoder {
  let d = decoders.get(encoding);
  // ignoreBOM: the BOM is dropped here, by hand, so that one in the middle of a file stays visible to the reader.
  if (!d) decoders.set(encoding, (d = new TextDecoder(encoding, { ignoreBOM: true })));
  return d;
}

/**
 * UTF-16 without a BOM: the zero high bytes of ASCII characters (digits, spaces, colons, line
 * ends: every chat export has many) fall on one side only. Stray NULs in a UTF-8 file fall on
 * both sides, and too few of them to reach a tenth of the characters.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= Math.max(2, pairs / 10) && even * 8 <= odd) return 'utf-16le';
  if (even >= Math.max(2, pairs / 10) && odd * 8 <= even) return 'utf-16be';
  return undefined;
}

/** Where a UTF-8 text must end to hold only whole characters: before a lead byte whose sequence the bytes cut short. */
function wholeUtf8End(bytes: Uint8Array, from: number): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= from; back++) {
    const b = bytes[end - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for its lead
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
    return need > back ? end - back : end;
  }
  return end;
}

export function decodeTextFile(bytes: Uint8Array): DecodedText {
  let encoding: TextEncodingName = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  else encoding = utf16WithoutBom(bytes) ?? 'utf-8';

  let end = bytes.length;
  if (encoding === 'utf-8') end = wholeUtf8End(bytes, start);
  else {
    if ((end - start) % 2 === 1) end--;
    // A high surrogate as the last unit: its pair was cut off.
    const last = end - 2 >= start ? (encoding === 'utf-16le' ? bytes[end - 2]! | (bytes[end - 1]! << 8) : (bytes[end - 2]! << 8) | bytes[end - 1]!) : 0;
    if (last >= 0xd800 && last <= 0xdbff) end -= 2;
  }
  let text = decoderFor(encoding).decode(bytes.subarray(start, end));
  let nuls = 0;
  if (text.includes('\0')) {
    const before = text.length;
    text = text.replace(/\0/g, '');
    nuls = before - text.length;
  }
  return { text, encoding, cutCharacter: end < bytes.length, nuls };
}

/** Lines of a decoded export, each without the U+FEFF a pasted-in second export leaves at its start. */
export function exportLines(text: string): string[] {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) if (lines[i]!.charCodeAt(0) === 0xfeff) lines[i] = lines[i]!.replace(/^\uFEFF+/, '');
  return lines;
}

/** At most this many line numbers are spelled out in a notice; the count always covers all. */
const LISTED = 100;

function lineList(lines: readonly number[]): string {
  const shown = lines.slice(0, LISTED).join(', ');
  return lines.length > LISTED ? `${shown} and ${lines.length - LISTED} more` : shown;
}

/**
 * What was wrong with a file and repaired or worked around while reading it, told once in the
 * same words by every line-based reader. Fill it during the reader's first pass.
 */
export class FileDamage {
  /** 1-based lines that looked like a message's first line but cannot be one (impossible time or date), kept as text. */
  readonly suspicious: number[] = [];
  encoding: TextEncodingName = 'utf-8';
  nuls = 0;
  cutCharacter = false;
  /** The broken-off last line, left out, when the file stops inside a message's first line. */
  cutLine?: { line: number; text: string };
  /** 1-based lines where a second, third, ... export begins inside the file. */
  readonly concatenated: number[] = [];
  /** Messages a later copy of the same chat repeated, kept once. */
  repeated = 0;

  static of(decoded: DecodedText): FileDamage {
    const damage = new FileDamage();
    damage.encoding = decoded.encoding;
    damage.nuls = decoded.nuls;
    damage.cutCharacter = decoded.cutCharacter;
    return damage;
  }

  get truncated(): boolean {
    return this.cutCharacter || this.cutLine !== undefined;
  }

  warnings(): ConvertWarning[] {
    const out: ConvertWarning[] = [];
    if (this.encoding !== 'utf-8') {
      const name = this.encoding === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)';
      out.push(warning('not_utf8', [name], `The file is not UTF-8; it was read as ${name}.`));
    }
    out.push(...nulsRemoved(this.nuls));
    const n = this.suspicious.length;
    const listed = lineList(this.suspicious);
    const [lines, were, them] = n === 1 ? ['line', 'It was', 'it'] : ['lines', 'They were', 'them'];
    const said = `${n} ${lines} looked like the start of a new message but cannot be one (an impossible time or date): ${lines} ${listed}. ${were} kept as text of the message above; check ${them} in the file.`;
    if (n > 0) out.push(warning('suspicious_lines', [n, listed], said));
    if (this.truncated) {
      const how = this.cutLine
        ? `in the middle of its last line (line ${this.cutLine.line}, "${this.cutLine.text.slice(0, 40)}", stops inside a message's time; it was left out)`
        : 'in the middle of a character (its last bytes are missing; the broken character was left out)';
      out.push(warning('truncated', [], `The file ends ${how}: it looks cut short. If messages are missing at the end, export it again.`));
    }
    const parts = this.concatenated.length + 1;
    const starts = lineList(this.concatenated);
    if (parts > 1)
      out.push(
        warning('exports_concatenated', [parts, starts], `The file holds ${parts} exports one after another (a new one begins at line${parts === 2 ? '' : 's'} ${starts}); each was read, and a room exported more than once is one conversation.`),
      );
    if (this.repeated > 0)
      out.push(warning('messages_repeated_in_copies', [this.repeated], `${this.repeated} message${this.repeated === 1 ? ' was' : 's were'} in the file more than once because the same chat was exported or pasted again; each is kept once.`));
    return out;
  }

  /** What the archive's fidelity notes must say (what is lost, not what was repaired). */
  fidelity(account: string, at: string): FidelityNote[] {
    const out: FidelityNote[] = [];
    if (this.suspicious.length > 0) {
      out.push({ stage: 'export', account, item: 'message.text', count: this.suspicious.length, reason: 'lines that looked like new messages but had an impossible time or date were kept as text of the message before them.', at });
    }
    if (this.truncated) out.push({ stage: 'export', account, item: 'message', count: 0, reason: 'the file is cut short: whatever followed the cut is missing, and how much cannot be told.', at });
    return out;
  }
}
