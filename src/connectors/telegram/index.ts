/** Telegram Desktop JSON exports, the WhatsApp-format chats Telegram's apps import, and Telegram Desktop's result.json written back out. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { telegramReader } from './read.js';
import { telegramWriter } from './write.js';
import { telegramJsonWriter } from './write-json.js';

export const connector: Connector = {
  id: 'telegram',
  readers: [telegramReader],
  writers: [telegramWriter, telegramJsonWriter],
};
