/** vCon (IETF draft-ietf-vcon-vcon-core) written out: one vCon per conversation. See README.md for what it writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { vconWriter } from './write.js';

export const connector: Connector = {
  id: 'vcon',
  readers: [],
  writers: [vconWriter],
};
