/**
 * vCard files (.vcf) as an export file `ferry convert` reads: the contacts of a phone or address
 * book become the contacts of an archive. The reading itself is read-cards.ts (lines into cards)
 * and read-contacts.ts (cards into contacts); this wraps it in the reader contract: detection,
 * errors with a line, fidelity notes with counts.
 */
import type { FidelityNote, Source } from '../../model/types.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { VCardError } from './cards.js';
import { contactsFromVCard } from './read-contacts.js';
import { withoutNulBytes } from '../kit/text.js';
import { nulsRemoved, warning } from '../kit/warnings.js';

/** One char per byte: the structure of a vCard is ASCII whatever its values' charsets. */
const binary = new TextDecoder('latin1');

function versionsOf(text: string): string[] {
  const versions = new Set<string>();
  for (const m of text.matchAll(/^VERSION:\s*([0-9.]+)\s*$/gim)) versions.add(m[1]!);
  return [...versions].sort();
}

/** Chat exports that carry shared contact cards as media: a .vcf beside one of these is an attachment, not an address book. */
const CHAT_EXPORT_FILES = /(^|\/)(_chat\.txt|WhatsApp Chat[^/]*\.txt|KakaoTalkChats\.txt|result\.json|message_\d+\.json)$/i;

export function detectVCard(file: InputFile): Detection | undefined {
  if (file.kind !== 'file') return undefined;
  if (file.siblings) for (const key of file.siblings.keys()) if (CHAT_EXPORT_FILES.test(key)) return undefined;
  let head = binary.decode(file.bytes.subarray(0, 4096));
  if (head.startsWith('\u00ef\u00bb\u00bf')) head = head.slice(3);
  const first = head.split(/\r\n|\r|\n/).find((line) => line.trim() !== '');
  if (!first || !/^BEGIN:VCARD\s*$/i.test(first.trim())) return undefined;
  const versions = versionsOf(head);
  return { format: 'vcard', layout: versions.length === 1 ? `vcard-${versions[0]}` : versions.length ? 'vcard-mixed' : 'vcard' };
}

export function parseVCardFile(file: InputFile, options: ConvertOptions): ParsedExport {
  const { bytes, removed: nuls } = withoutNulBytes(file.bytes);
  const text = binary.decode(bytes);
  let read: ReturnType<typeof contactsFromVCard>;
  try {
    read = contactsFromVCard(bytes);
  } catch (error) {
    // A card begun inside another without an AGENT, or never ended, is a file cut short or pasted together: say where.
    if (error instanceof VCardError) throw new ConvertError(file.name, error.line, error.message);
    throw error;
  }
  if (read.contacts.length === 0) throw new ConvertError(file.name, 1, 'this file holds no vCard (no BEGIN:VCARD ... END:VCARD). Export the contacts again as vCard (.vcf).');
  // Every BEGIN:VCARD (an AGENT's too) should have become a contact; one that did not is worth a word.
  const cards = text.match(/BEGIN:VCARD/gi)?.length ?? 0;
  const account = options.me ? (options.me.includes('@') ? `mailto:${options.me}` : `vcard:${encodeURIComponent(options.me)}`) : 'vcard:me';
  const fidelity: FidelityNote[] = [...read.dropped]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([property, count]) => ({
      stage: 'export',
      account,
      // Fidelity items are dotted words; a garbled line's "property" is cleaned, and named in full in the reason.
      item: `contact.vcard.${property.replace(/[^A-Za-z0-9_-]+/g, '_') || '_'}`,
      count,
      reason: `The vCard property ${property} has no place in Ferry's contact model yet.`,
      at: options.now,
    }));
  const versions = versionsOf(text);
  const source: Source = { service: 'vcard', account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } };
  return {
    detection: { format: 'vcard', layout: versions.length === 1 ? `vcard-${versions[0]}` : versions.length ? 'vcard-mixed' : 'vcard' },
    source,
    contacts: read.contacts,
    conversations: [],
    attachments: read.attachments,
    fidelity,
    warnings: [...nulsRemoved(nuls), ...(read.contacts.length === cards ? [] : [warning('cards_dropped', [cards, read.contacts.length], `The file has ${cards} cards but ${read.contacts.length} became contacts.`)])],
  };
}

export const vcardReader: FileReader = {
  name: 'vcard',
  detect: (file) => detectVCard(file),
  parse: parseVCardFile,
};
