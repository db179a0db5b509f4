/** Contacts as Google Contacts and Outlook export them (CSV), and the friend list written as Google Contacts CSV. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { googleContactsReader, outlookContactsReader } from './read.js';
import { googleCsvWriter } from './write.js';

export const connector: Connector = {
  id: 'contacts-csv',
  readers: [googleContactsReader, outlookContactsReader],
  writers: [googleCsvWriter],
};
