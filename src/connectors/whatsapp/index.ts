/** WhatsApp's "Export chat" txt or zip, Android and iOS. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { whatsappReader } from './read.js';

export const connector: Connector = {
  id: 'whatsapp',
  readers: [whatsappReader],
  writers: [],
};
