import { test, expect, generateExport } from 'ferry/testing';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const ferryCli = createRequire(import.meta.url).resolve('ferry/package.json').replace(/package\.json$/, 'bin/ferry.mjs');
const PASSPHRASE = 'whatsapp 부산 passphrase';

test('I can convert a generated WhatsApp export and read it in the viewer', async ({ viewer }, testInfo) => {
  const generated = generateExport('whatsapp', { locale: 'ko', messages: 300, seed: 11 });
  const input = testInfo.outputPath(generated.fileName);
  writeFileSync(input, generated.bytes);
  const output = testInfo.outputPath('whatsapp.age');
  const run = spawnSync(process.execPath, [ferryCli, 'convert', input, ...generated.convertArgs, '--tz', 'Asia/Seoul', '-o', output], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: PASSPHRASE } });
  expect(run.status, run.stderr).toBe(0);
  const archive = { path: output, passphrase: PASSPHRASE };
  await expect(archive).toHoldMessages(generated.messages);

  await viewer.open(archive);
  const found = await viewer.search('부산');
  const expected = new TextDecoder().decode(generated.bytes).split('\n').filter((l) => l.includes('부산')).length;
  expect(found.count).toBe(expected);
  expect(found.texts.every((t) => t.includes('부산'))).toBe(true);
});
