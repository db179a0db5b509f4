/** DiscordChatExporter JSON (the de-facto Discord export). See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { discordReader } from './read.js';

export const connector: Connector = {
  id: 'discord',
  readers: [discordReader],
  writers: [],
};
