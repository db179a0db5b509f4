/** XMPP accounts, live (the extension through Converse.js, the CLI over its own connection: export.ts, import.ts), and XEP-0227 files for a server admin. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { xep0227Writer } from './write-xep0227.js';

export const connector: Connector = {
  id: 'xmpp',
  readers: [],
  writers: [xep0227Writer],
};
