/**
 * The npm `age-encryption` package (typage) as a whole process, the peer the issue names:
 *   tsx bench/support/age-encryption-cli.ts encrypt RECIPIENT IN OUT
 *   tsx bench/support/age-encryption-cli.ts decrypt IDENTITY IN OUT
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Decrypter, Encrypter } from 'age-encryption';

const [mode, key, input, output] = process.argv.slice(2) as [string, string, string, string];
const data = new Uint8Array(await readFile(input));
if (mode === 'encrypt') {
  const e = new Encrypter();
  e.addRecipient(key);
  await writeFile(output, await e.encrypt(data));
} else {
  const d = new Decrypter();
  d.addIdentity(key);
  await writeFile(output, await d.decrypt(data, 'uint8array'));
}
