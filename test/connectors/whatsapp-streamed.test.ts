/**
 * The CLI gives a big file to the WhatsApp reader as its head and a source it reads a window at
 * a time (src/cli/node-file-source.ts), so the file is never held whole. The archive must be the
 * very same bytes as from the whole file, whatever the window: every fixture and field sample,
 * and files whose layout is decided only by their last lines, read through windows of a few
 * bytes (every boundary crossed) up to more than the file.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertToZip } from '../../src/convert/convert.js';
import type { InputFileSource, ConvertOptions, InputFile } from '../../src/connectors/contract.js';

const OPTIONS: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00.000Z' };
const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/whatsapp/fixtures');
const CORPUS = resolve(import.meta.dirname, '../corpus/whatsapp');

/** A file read through a source the way the CLI reads it, with `window` bytes per read, counting what it read. */
function streamed(name: string, bytes: Uint8Array, window: number, head = 16_384): { file: InputFile; reads: { max: number } } {
  const reads = { max: 0 };
  const source: InputFileSource = {
    size: bytes.length,
    window,
    readAt(into, position) {
      const n = Math.min(into.length, bytes.length - position);
      into.set(bytes.subarray(position, position + n));
      reads.max = Math.max(reads.max, n);
      return n;
    },
  };
  return { file: { kind: 'file', name, bytes: bytes.slice(0, head), source }, reads };
}

/** The archive bytes and the printed reports, or the error the conversion ends with. */
async function outcome(file: InputFile, options: ConvertOptions = OPTIONS): Promise<unknown> {
  try {
    const { zip, result } = await convertToZip([file], options);
    return { zip: Buffer.from(zip).toString('base64'), inputs: result.inputs.map((i) => ({ ...i, name: undefined })) };
  } catch (error) {
    return { error: String(error) };
  }
}

const texts = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(dir, f))) })) : []);

describe('WhatsApp reader: a file streamed from disk', () => {
  const files = [...texts(FIXTURES), ...texts(CORPUS)];

  it('finds the fixtures and field samples to compare', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const { name, bytes } of files) {
    it(`I get the same archive from ${name} read a few bytes at a time as from the whole file`, async () => {
      const whole = await outcome({ kind: 'file', name, bytes });
      for (const window of [1, 7, 100, 4096, bytes.length + 1]) {
        expect(await outcome(streamed(name, bytes, window).file), `window ${window}`).toEqual(whole);
      }
    });
  }

  // Day/month order is known only from a date past the 12th in the last message; the first pass
  // reads every line before it as either order and must decide at the end, from disk.
  const lines = (days: string[], last: string) => [...days.map((d, i) => `${d}, 10:0${i % 10} - Ann: message ${i}`), last, ''].join('\n');
  const lateMonthFirst = lines(['1/2/24', '1/3/24', '2/3/24', '3/4/24', '4/5/24'], '5/25/24, 11:00 - Ben: a day past the 12th, so month first');
  const lateDayFirst = lines(['1/2/24', '1/3/24', '2/3/24', '3/4/24', '4/5/24'], '25/5/24, 11:00 - Ben: a day past the 12th, so day first');
  const outOfOrder = lines(['5/6/24', '3/2/24', '25/1/24', '1/3/24'], '4/3/24, 09:00 - Ann: last');
  const longMessage = `20/03/2024, 09:15 - Ann: ${'a long line '.repeat(5000)}\r\n${'more text\r\n'.repeat(2000)}21/03/2024, 10:00 - Ben: ok\r\n`;
  const cases: [string, string, Partial<ConvertOptions>][] = [
    ['month first, decided by the last line', lateMonthFirst, {}],
    ['day first, decided by the last line', lateDayFirst, {}],
    ['not in time order (read again message by message)', outOfOrder, {}],
    ['one message longer than many windows, CRLF lines', longMessage, {}],
    ['undecidable without --date-order', lines(['1/2/24', '2/3/24'], '3/4/24, 11:00 - Ben: still only days up to 12'), {}],
    ['undecidable, answered by --date-order mdy', lines(['1/2/24', '2/3/24'], '3/4/24, 11:00 - Ben: still only days up to 12'), { dateOrder: 'mdy' }],
    ['cut short inside its last header', `${lateDayFirst}26/5/24, 1`, {}],
  ];
  for (const [what, text, extra] of cases) {
    it(`I get the same archive (or the same error) from a file streamed from disk: ${what}`, async () => {
      const bytes = new TextEncoder().encode(text);
      const options = { ...OPTIONS, ...extra };
      const whole = await outcome({ kind: 'file', name: 'WhatsApp Chat with Ben.txt', bytes }, options);
      for (const window of [1, 5, 64, 1000, bytes.length + 1]) {
        expect(await outcome(streamed('WhatsApp Chat with Ben.txt', bytes, window, 64).file, options), `window ${window}`).toEqual(whole);
      }
    });
  }

  it('reads the file a window at a time, never all of it at once', async () => {
    const text = lines(Array.from({ length: 2000 }, (_, i) => `${(i % 28) + 1}/${(i % 12) + 1}/24`).sort(), '28/12/24, 23:59 - Ben: end');
    const bytes = new TextEncoder().encode(text);
    const { file, reads } = streamed('WhatsApp Chat with Ben.txt', bytes, 4096);
    const { result } = await convertToZip([file], OPTIONS);
    expect(result.inputs[0]!.messages).toBeGreaterThan(2000);
    expect(bytes.length).toBeGreaterThan(40_000);
    expect(reads.max).toBeLessThanOrEqual(4096);
  });

  it('a file no streaming reader claims is read whole and converted as before', async () => {
    const bytes = new TextEncoder().encode('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTEL:+821012345678\r\nEND:VCARD\r\n');
    const whole = await outcome({ kind: 'file', name: 'contacts.vcf', bytes });
    expect(await outcome(streamed('contacts.vcf', bytes, 3, 10).file)).toEqual(whole);
    expect(whole).toHaveProperty('zip');
  });
});
