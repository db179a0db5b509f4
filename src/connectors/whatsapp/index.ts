/**
 * WhatsApp as a vendor export format for `ferry convert`: the reader of "Export chat" files.
 * (A writer of the same format, for importing into Telegram, lives beside it in write.ts.)
 */
import type { ExportFileFormat } from '../contract.js';
import { detectWhatsApp, parseWhatsApp, SERVICE } from './read.js';

export const whatsappExportFormat: ExportFileFormat = {
  name: SERVICE,
  detect: detectWhatsApp,
  parse: parseWhatsApp,
};
