/** A Slack workspace export (zip or folder), and Slack's CSV import. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { slackReader } from './read.js';
import { slackCsvWriter } from './write-csv.js';

export const connector: Connector = {
  id: 'slack',
  readers: [slackReader],
  writers: [slackCsvWriter],
};
