/** KakaoTalk's "대화 내보내기" files: PC txt, Mac/PC CSV, Android and iOS txt. See README.md for what it reads and writes, and how faithfully. */
import type { Connector } from '../contract.js';
import { kakaoTalkReader } from './read.js';

export const connector: Connector = {
  id: 'kakaotalk',
  readers: [kakaoTalkReader],
  writers: [],
};
