/**
 * Issue 18: reading is linear in the input, whatever the text holds. For each reader part that
 * once went quadratic on some text (Slack and Discord markup with unclosed markers, contacts CSV
 * rows it skips, a Messenger thread of many senders, a quoted-printable vCard note of many soft
 * breaks), the time for n and for 4n units, best of three each. A linear reader shows a ratio
 * near 4; a quadratic one near 16. Printed, never asserted: machines here are shared and noisy.
 */
import { outlookContactsReader } from '../src/connectors/contacts-csv/read.js';
import type { ConvertOptions, InputFile } from '../src/connectors/contract.js';
import { discordMarkdown } from '../src/connectors/discord/markdown.js';
import { messengerReader } from '../src/connectors/messenger/read.js';
import { slackText } from '../src/connectors/slack/read.js';
import { contactsFromVCard } from '../src/connectors/vcard/read-contacts.js';
import { report } from './report.js';

const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };
const file = (name: string, text: string): InputFile => ({ kind: 'file', name, bytes: new TextEncoder().encode(text) });

const best = (run: () => void) =>
  Math.min(
    ...[0, 1, 2].map(() => {
      const t = performance.now();
      run();
      return performance.now() - t;
    }),
  );

function measure(label: string, read: (text: string) => unknown, unit: string, n: number): void {
  read(unit.repeat(n)); // warm up
  const small = best(() => read(unit.repeat(n)));
  const large = best(() => read(unit.repeat(n * 4)));
  report({ bench: 'readers-linear', metric: `${label}: ms for ${n} units`, value: Math.round(small * 10) / 10, peer: null, ratio: null });
  report({ bench: 'readers-linear', metric: `${label}: time for 4x the input / time for 1x (linear ~4, quadratic ~16)`, value: Math.round((large / Math.max(small, 0.1)) * 100) / 100, peer: null, ratio: null });
}

export async function run(): Promise<void> {
  for (const unit of ['*a ', 'a* ', '_a ', '<a>', '`a\n', '&gt; a\n', 'plain text ']) measure(`slack ${JSON.stringify(unit)}`, (t) => slackText(t, () => undefined), unit, 100_000);
  for (const unit of ['*a ', '_a ', '**a ', '`a\n', '> a\n', 'plain text ']) measure(`discord ${JSON.stringify(unit)}`, discordMarkdown, unit, 100_000);
  measure('outlook csv, skipped rows', (t) => outlookContactsReader.parse(file('c.csv', `First Name,Last Name,E-mail Address\r\n${t}`), options), ',,not-an-address\r\n', 5_000);
  const thread = (t: string) => JSON.stringify({ participants: [], messages: t.split('').map((_, i) => ({ sender_name: `p${i}`, timestamp_ms: 1.7e12 + i, content: 'x' })) });
  measure('messenger, one sender per message', (t) => messengerReader.parse(file('facebook/message_1.json', thread(t)), options), 'x', 5_000);
  const qp = (n: number) => new TextEncoder().encode(`BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nNOTE;ENCODING=QUOTED-PRINTABLE:${'abc=3D=\r\n'.repeat(n)}x\r\nN:${'a\\;'.repeat(n)};b\r\nEND:VCARD\r\n`);
  measure('vcard, quoted-printable soft breaks', (t) => contactsFromVCard(qp(t.length)), 'x', 20_000);
}
