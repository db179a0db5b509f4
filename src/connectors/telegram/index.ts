/** Telegram Desktop JSON exports, and the WhatsApp-format chats Telegram's apps import. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { telegramReader } from './read.js';
import { telegramWriter } from './write.js';

export const connector: Connector = {
  id: 'telegram',
  readers: [telegramReader],
  writers: [telegramWriter],
};
