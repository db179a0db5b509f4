/**
 * Every vendor export format Ferry reads, in the order detection asks them. Each lives in its
 * connector folder (src/connectors/<service>/) and is registered here once.
 */
import type { ExportFileFormat } from '../connectors/contract.js';
import { telegramFormat } from '../connectors/telegram/read.js';
import { discordFormat } from '../connectors/discord/read.js';
import { slackFormat } from '../connectors/slack/read.js';
import { messengerFormat, instagramFormat } from '../connectors/messenger/read.js';
import { googleContactsCsvFormat, outlookContactsCsvFormat } from '../connectors/contacts-csv/read.js';
import { vcardFormat } from '../connectors/vcard/read.js';
import { whatsappExportFormat } from '../connectors/whatsapp/index.js';
import { kakaoTalkFormat } from '../connectors/kakaotalk/read.js';
import { lineFormat } from '../connectors/line/read.js';

export const EXPORT_FILE_FORMATS: readonly ExportFileFormat[] = [
  telegramFormat,
  discordFormat,
  slackFormat,
  messengerFormat,
  instagramFormat,
  googleContactsCsvFormat,
  outlookContactsCsvFormat,
  vcardFormat,
  whatsappExportFormat,
  kakaoTalkFormat,
  lineFormat,
];
