/** Mattermost's bulk import (JSONL and a zip for mmctl). See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { mattermostWriter } from './write.js';

export const connector: Connector = {
  id: 'mattermost',
  readers: [],
  writers: [mattermostWriter],
};
