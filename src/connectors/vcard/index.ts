/** vCard 2.1, 3.0 and 4.0 files, and the friend list written as vCard 4.0. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { vcardReader } from './read.js';
import { vcardWriter } from './write.js';

export const connector: Connector = {
  id: 'vcard',
  readers: [vcardReader],
  writers: [vcardWriter],
};
