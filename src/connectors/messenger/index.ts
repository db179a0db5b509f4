/** Facebook Messenger and Instagram "Download your information" JSON. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { messengerReader, instagramReader } from './read.js';

export const connector: Connector = {
  id: 'messenger',
  readers: [messengerReader, instagramReader],
  writers: [],
};
