/**
 * The shared text-export helpers (src/connectors/kit/text-files.ts, copies.ts, time-order.ts):
 * what a person's damaged or odd file turns into before any reader looks at its lines.
 */
import { describe, expect, it } from 'vitest';
import { CopyRepeats } from '../../src/connectors/kit/copies.js';
import { decodeTextFile, exportLines, FileDamage } from '../../src/connectors/kit/text-files.js';
import { timeOrdered, type Unnumbered } from '../../src/connectors/kit/time-order.js';
import { nobleSha256Hex } from '../../src/connectors/kit/content-ids.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const units = [...(bom ? [0xfeff] : []), ...Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))];
  const out = new Uint8Array(units.length * 2);
  units.forEach((u, i) => {
    out[2 * i + (endian === 'le' ? 0 : 1)] = u & 0xff;
    out[2 * i + (endian === 'le' ? 1 : 0)] = u >> 8;
  });
  return out;
}

const SAMPLE = '민지 님과 카카오톡 대화\r\n저장한 날짜 : 2021년 5월 2일 오후 3:00\r\n\r\n2021년 5월 1일 오후 2:00, 민지 : 내일 몇 시에 만나? 🙂\r\n';

describe('decoding text exports', () => {
  it('a UTF-8 file with or without its BOM reads the same, and nothing is reported', () => {
    for (const bytes of [utf8(SAMPLE), new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SAMPLE)])]) {
      expect(decodeTextFile(bytes)).toEqual({ text: SAMPLE, encoding: 'utf-8', cutCharacter: false, nuls: 0 });
    }
  });

  it('I can give a file saved as UTF-16 ("Unicode" in Windows Notepad), either byte order, with or without a BOM', () => {
    for (const endian of ['le', 'be'] as const) {
      for (const bom of [true, false]) {
        expect(decodeTextFile(utf16(SAMPLE, endian, bom)), `${endian} ${bom}`).toEqual({ text: SAMPLE, encoding: `utf-16${endian}`, cutCharacter: false, nuls: 0 });
      }
    }
  });

  it('a UTF-8 file with a few stray NUL bytes is read without them, and they are counted', () => {
    const bytes = utf8(SAMPLE.replace('민지 :', '민\0지 :').replace('만나?', '만나?\0\0'));
    expect(decodeTextFile(bytes)).toEqual({ text: SAMPLE, encoding: 'utf-8', cutCharacter: false, nuls: 3 });
  });

  it('a file cut inside its last character keeps the whole characters and says it was cut', () => {
    const full = utf8('끝 봐'); // 봐 is three bytes, 🙂 four
    expect(decodeTextFile(full.subarray(0, full.length - 1))).toMatchObject({ text: '끝 ', cutCharacter: true });
    expect(decodeTextFile(full.subarray(0, full.length - 2))).toMatchObject({ text: '끝 ', cutCharacter: true });
    const emoji = utf8('a🙂');
    for (let cut = 1; cut <= 3; cut++) expect(decodeTextFile(emoji.subarray(0, emoji.length - cut)), String(cut)).toMatchObject({ text: 'a', cutCharacter: true });
    expect(decodeTextFile(emoji)).toMatchObject({ text: 'a🙂', cutCharacter: false });
    const wide = utf16('x🙂', 'le', true);
    expect(decodeTextFile(wide.subarray(0, wide.length - 1))).toMatchObject({ text: 'x', cutCharacter: true });
    expect(decodeTextFile(wide.subarray(0, wide.length - 2))).toMatchObject({ text: 'x', cutCharacter: true });
  });

  it('a U+FEFF at the start of a line (a second export pasted in) is not part of the line', () => {
    expect(exportLines('a\n\uFEFFb\r\nc\uFEFF')).toEqual(['a', 'b', 'c\uFEFF']);
  });

  it('the notices name what was repaired: the encoding, the NULs, the cut, the suspicious lines', () => {
    const damage = FileDamage.of({ text: '', encoding: 'utf-16le', cutCharacter: true, nuls: 2 });
    damage.suspicious.push(12, 40);
    const byCode = Object.fromEntries(damage.warnings().map((w) => [w.code, w]));
    expect(Object.keys(byCode)).toEqual(['not_utf8', 'nul_removed', 'suspicious_lines', 'truncated']);
    expect(byCode.suspicious_lines).toMatchObject({ args: ['2', '12, 40'] });
    expect(byCode.suspicious_lines!.text).toBe('2 lines looked like the start of a new message but cannot be one (an impossible time or date): lines 12, 40. They were kept as text of the message above; check them in the file.');
    expect(damage.fidelity('line:me', '2026-01-01T00:00:00Z').map((n) => [n.item, n.count])).toEqual([
      ['message.text', 2],
      ['message', 0],
    ]);
  });
});

describe('a chat pasted or exported twice into one file', () => {
  it('each record is kept as often as the copy that has it most, so a message really sent twice stays twice', () => {
    const repeats = new CopyRepeats();
    const seen = (copy: number, keys: string[]) => keys.filter((k) => !repeats.repeats(copy, k));
    expect(seen(0, ['a', 'b', 'b', 'c'])).toEqual(['a', 'b', 'b', 'c']);
    // The second copy repeats all of it and adds d; a third copy adds a third b.
    expect(seen(1, ['a', 'b', 'b', 'c', 'd'])).toEqual(['d']);
    expect(seen(2, ['b', 'b', 'b'])).toEqual(['b']);
    expect(repeats.dropped).toBe(6);
  });
});

describe('time order and ids', () => {
  const at = (minute: number, text: string): Unnumbered => ({ conversationId: 'x:room/a', sender: 'x:A', timestamp: `2024-01-01T10:${String(minute).padStart(2, '0')}:00Z`, kind: 'text', text });

  it('a file out of time order comes out sorted, ties in file order, and two equal messages at one time never share an id', () => {
    // The same "ok" at 10:01 twice, with a 10:00 message between them in the file.
    const file = [at(1, 'ok'), at(0, 'earlier'), at(1, 'ok'), at(2, 'later')];
    const messages = [...timeOrdered(() => file, false, nobleSha256Hex)()];
    expect(messages.map((m) => [m.timestamp.slice(11, 16), m.text])).toEqual([
      ['10:00', 'earlier'],
      ['10:01', 'ok'],
      ['10:01', 'ok'],
      ['10:02', 'later'],
    ]);
    expect(new Set(messages.map((m) => m.id)).size).toBe(4);
  });

  it('a file in time order gets the same ids whether or not it is sorted', () => {
    const file = [at(0, 'a'), at(0, 'a'), at(1, 'b')];
    expect([...timeOrdered(() => file, true, nobleSha256Hex)()]).toEqual([...timeOrdered(() => file, false, nobleSha256Hex)()]);
  });
});
