import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleLabel, revealInvisible, senderNames } from '../../src/model/display.js';

describe('names as every page and the HTML export show them', () => {
  it.each([
    ['invoice_\u202Egnp.exe', 'invoice_[U+202E]gnp.exe'],
    ['pay\u200Bpal', 'pay[U+200B]pal'],
    ['\u2067مرحبا\u2069', '[U+2067]مرحبا[U+2069]'],
    ['Mina\u200E', 'Mina[U+200E]'],
    ['line\nbreak\u2028', 'line[U+000A]break[U+2028]'],
    ['\u3164', '[U+3164]'],
    ['soft\u00ADhyphen', 'soft[U+00AD]hyphen'],
    ['\uFEFFbom', '[U+FEFF]bom'],
    ['a\u200Db', 'a[U+200D]b'],
    ['x\u{E0041}y', 'x[U+E0041]y'],
  ])('a name hiding or reordering characters is shown with them visible: %j', (name, shown) => {
    expect(revealInvisible(name)).toBe(shown);
  });

  it.each([
    ['family emoji joined by ZWJ', '가족 👨‍👩‍👧‍👦 🏳️‍🌈'],
    ['Persian with ZWNJ', 'می\u200Cخواهم'],
    ['Devanagari with ZWJ', 'क्\u200Dष'],
    ['the flag of England (tag sequence)', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}'],
    ['Korean, NFD Korean, accents', `김민준 ${'안녕'.normalize('NFD')} José`],
  ])('a name whose script or emoji needs its joiners keeps them: %s', (_, name) => {
    expect(revealInvisible(name)).toBe(name);
  });

  it('after revealing, no name holds a bidi control or a zero-width space, whatever it held', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200B', '\u200E', '\u200F', '\u061C', '\u2060', '\uFEFF'), fc.string({ unit: 'grapheme', maxLength: 1 })) }), (name) => {
        expect(revealInvisible(name)).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\u061C\u2060\uFEFF]/);
      }),
    );
  });

  it('a handle no contact names is shown by the name it carries, decoded, never as its URI', () => {
    expect(handleLabel('whatsapp:name:Dmitry%20S')).toBe('Dmitry S');
    expect(handleLabel('telegram:name/%EC%B2%A0%EC%88%98')).toBe('철수');
    expect(handleLabel('kakaotalk:%EB%AF%BC%EC%A7%80')).toBe('민지');
    expect(handleLabel('xmpp:kim@old.localhost')).toBe('kim@old.localhost');
    expect(handleLabel('xmpp:team@muc.old.localhost/Mina%20K')).toBe('Mina K');
    expect(handleLabel('line:bad%E0%A4')).toBe('bad%E0%A4');
    const nameOf = senderNames([{ id: 'c1', displayName: ' 김민준 ', handles: ['xmpp:kim@old.localhost'] }]);
    expect([nameOf('c1'), nameOf('xmpp:kim@old.localhost'), nameOf('whatsapp:name:Ana')]).toEqual(['김민준', '김민준', 'Ana']);
  });
});
