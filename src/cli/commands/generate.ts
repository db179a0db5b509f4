import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, generateExport } from '../../generate/index.js';
import { UsageError } from '../io.js';
import { writeOutput } from '../output.js';

export const usage = 'ferry generate FORMAT --locale L --messages N [--seed S] -o FILE   write a made-up export file (for tests and benchmarks)';

export const help = `
Writes a synthetic export file in the layout Ferry's reader for FORMAT takes, with made-up
people and messages: the same file for the same seed. For QA suites, benchmarks and bug
reports that must not carry anyone's real chats.

  FORMAT          ${EXPORT_FORMATS.join(', ')}
                  (vcard: --messages is the number of cards; xmpp-seed: the account the
                  ferry/testing "account" fixture seeds into an XMPP server, as JSON)
  --locale L      language of names and texts, and the app's layout where it has one:
                  ko, en, ja, zh, de (default en)
  --messages N    how many messages (1 to 5,000,000)
  --seed S        a whole number (default 1)
  -o FILE         where to write it (required); --force replaces an existing file

It prints what \`ferry convert\` needs besides the file, when a layout needs it (--me, --date-order).

Example:
  ferry generate whatsapp --locale ko --messages 5000 --seed 7 -o chat.txt
  ferry convert chat.txt --date-order ymd -o chat.age
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { locale: { type: 'string' }, messages: { type: 'string' }, seed: { type: 'string' }, output: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError(`Name one format to generate: ${EXPORT_FORMATS.join(', ')}.`);
  if (!values.output) throw new UsageError('Say where to write the file with -o FILE.');
  if (values.messages === undefined) throw new UsageError('Say how many messages with --messages N.');
  const whole = (name: string, text: string) => {
    if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(text)}.`);
    return Number(text);
  };
  let file;
  try {
    file = generateExport(positionals[0]!, { messages: whole('messages', values.messages), ...(values.locale ? { locale: values.locale } : {}), ...(values.seed !== undefined ? { seed: whole('seed', values.seed) } : {}) });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
  await writeOutput(values.output, file.bytes, { force: values.force ?? false });
  const what = file.format === 'vcard' ? 'cards' : 'messages';
  process.stdout.write(`${values.output}: ${file.format}, ${file.messages.toLocaleString('en-US')} ${what} (as ${file.fileName})${file.convertArgs.length ? `; convert it with: ferry convert ${values.output} ${file.convertArgs.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}` : ''}\n`);
  return 0;
}
