/**
 * KakaoTalk's own notices when they stand on a line of their own: PC txt prints join, leave and
 * invite notices with no time between the messages, and CSV under the inviter's name.
 */

const SYSTEM_TEXT = [
  /님이 들어왔습니다\.?$/,
  /님이 나갔습니다\.?$/,
  /님을 초대(?:했|하였)습니다\.?$/,
  /님을 내보냈습니다\.?$/,
  /^\S.* invited .+\.$/,
  /^\S.* (?:left|joined) (?:this|the) chat(?:room)?\.$/,
  /^\S.* (?:has left|has joined|was removed)\.?$/,
];

export const isSystemText = (text: string): boolean => !text.includes('\n') && SYSTEM_TEXT.some((re) => re.test(text));
