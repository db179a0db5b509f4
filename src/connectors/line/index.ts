/** LINE's chat history txt, in every language LINE writes it. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { lineReader } from './read.js';

export const connector: Connector = {
  id: 'line',
  readers: [lineReader],
  writers: [],
};
