/** A self-contained HTML page of the archive that any browser opens offline. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { htmlWriter } from './write.js';

export const connector: Connector = {
  id: 'html',
  readers: [],
  writers: [htmlWriter],
};
