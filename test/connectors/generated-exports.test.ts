/**
 * Generated exports (issue 16, "a generative test over the grammar"): random KakaoTalk exports in
 * every layout and random LINE histories in every language, written by
 * src/connectors/{kakaotalk,line}/generate.ts from the messages they hold, must be claimed by
 * their reader alone and read back to exactly those messages: count, sender, time, text, kind.
 * fast-check drives the generators through `fc.gen()`, so a failure shrinks to a small file and
 * prints its seed (replay with FUZZ_SEED, test/setup/fuzz-seed.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConvertOptions, InputFile } from '../../src/connectors/contract.js';
import { GENERATED_LAYOUTS, generateKakaoTalkExport, type GeneratedExport } from '../../src/connectors/kakaotalk/generate.js';
import { kakaoHandle, kakaoTalkReader } from '../../src/connectors/kakaotalk/read.js';
import type { Random } from '../../src/connectors/kit/generate.js';
import type { WallClock } from '../../src/connectors/kit/wall-clock.js';
import { GENERATED_LOCALES, generateLineHistory, type GeneratedHistory } from '../../src/connectors/line/generate.js';
import { lineHandle, lineReader } from '../../src/connectors/line/read.js';
import { FILE_READERS } from '../../src/connectors/registry.js';
import { detectInputs } from '../../src/convert/convert.js';
import type { Message } from '../../src/model/types.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const NOW = '2026-12-01T00:00:00.000Z';

/** fast-check's generator as the generators' source of choices, so failures shrink. */
const randomOf = (g: fc.GeneratorValue): Random => ({ int: (min, max) => g(fc.integer, { min, max }) });

const pad = (n: number) => String(n).padStart(2, '0');
const local = (w: WallClock) => `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second ?? 0)}`;

/** What a person checks in each message: who, when (the wall clock as printed), what, which kind. */
const seen = (m: Message) => ({ sender: m.sender, time: m.timestamp.slice(0, 19), kind: m.kind, text: m.text });

function readAll(reader: typeof kakaoTalkReader, file: InputFile, options: ConvertOptions) {
  const parsed = reader.parse(file, options);
  return { parsed, messages: parsed.conversations.flatMap((c) => [...c.messages()]) };
}

function describeFile(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).slice(0, 3000);
}

describe('generated KakaoTalk exports', () => {
  for (const layout of GENERATED_LAYOUTS) {
    it(`I get back exactly the messages of a random ${layout} export`, () => {
      fc.assert(
        fc.property(fc.gen(), (g) => {
          const generated: GeneratedExport = generateKakaoTalkExport(randomOf(g), layout);
          const file: InputFile = { kind: 'file', name: generated.fileName, bytes: generated.bytes };
          const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: NOW, ...(generated.me ? { me: generated.me } : {}) };
          const context = `${layout}\n${describeFile(generated.bytes)}`;
          expect(
            detectInputs([file], FILE_READERS).map((c) => c.reader.name),
            context,
          ).toEqual(['kakaotalk']);
          expect(kakaoTalkReader.detect(file), context).toEqual(generated.detection);
          const { parsed, messages } = readAll(kakaoTalkReader, file, options);
          const account = parsed.source.account;
          const expected = generated.messages.map((m) => ({
            sender: m.from === 'me' || m.from === 'system' ? account : kakaoHandle(m.from.name),
            time: local(m.time),
            kind: m.kind,
            text: m.text,
          }));
          expect(parsed.conversations, context).toHaveLength(1);
          expect(messages.map(seen), context).toEqual(expected);
          generated.messages.forEach((m, i) => {
            if (m.fileName) expect(messages[i]!.attachments?.[0]?.fileName, context).toBe(m.fileName);
          });
          expect(new Set(messages.map((m) => m.id)).size, context).toBe(messages.length);
          expect(
            parsed.warnings.map((w) => w.code),
            context,
          ).not.toContain('suspicious_lines');
          expect(
            parsed.warnings.map((w) => w.code),
            context,
          ).not.toContain('truncated');
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('generated LINE histories', () => {
  for (const locale of GENERATED_LOCALES) {
    it(`I get back exactly the messages of a random ${locale} history, with or without its header`, () => {
      fc.assert(
        fc.property(fc.gen(), (g) => {
          const generated: GeneratedHistory = generateLineHistory(randomOf(g), locale);
          const file: InputFile = { kind: 'file', name: generated.fileName, bytes: generated.bytes };
          const context = `${locale}\n${describeFile(generated.bytes)}`;
          expect(
            detectInputs([file], FILE_READERS).map((c) => c.reader.name),
            context,
          ).toEqual(['line']);
          const { parsed, messages } = readAll(lineReader, file, { timeZone: 'Asia/Tokyo', now: NOW });
          const account = parsed.source.account;
          const expected = generated.messages.map((m) => ({ sender: m.from === 'notice' ? account : lineHandle(m.from.name), time: local(m.time), kind: m.kind, text: m.text }));
          expect(
            parsed.conversations.map((c) => c.conversation.title),
            context,
          ).toEqual([generated.title]);
          expect(messages.map(seen), context).toEqual(expected);
          expect(new Set(messages.map((m) => m.id)).size, context).toBe(messages.length);
          expect(
            parsed.warnings.map((w) => w.code),
            context,
          ).not.toContain('suspicious_lines');
        }),
        { numRuns: RUNS },
      );
    });
  }
});
