/**
 * KakaoTalk's own notices when they stand on a line of their own: PC txt prints join, leave,
 * invite and kick notices with no time between the messages, and CSV under the member's or
 * inviter's name. Open chats (오픈채팅) add the operation-policy sentence, which the PC file glues
 * straight onto a join notice: `user1님이 들어왔습니다.운영정책을 위반한 메시지로 … 있습니다. `.
 */

/** The sentence an open chat prints under every join notice. */
export const OPEN_CHAT_POLICY = '운영정책을 위반한 메시지로 신고 접수 시 카카오톡 이용에 제한이 있을 수 있습니다.';

const SYSTEM_TEXT = [
  /님이 들어왔습니다\.?$/,
  /님이 들어왔습니다\.?\s*운영정책을 위반한 메시지로 신고 접수 시 카카오톡 이용에 제한이 있을 수 있습니다\.?$/,
  /님이 나갔습니다\.?$/,
  /님을 초대(?:했|하였)습니다\.?$/,
  /님을 내보냈습니다\.?$/,
  /^채팅방 관리자가 메시지를 가렸습니다\.?$/,
  /^\S.* invited .+\.$/,
  /^\S.* (?:left|joined) (?:this|the) chat(?:room)?\.$/,
  /^\S.* (?:has left|has joined|was removed)\.?$/,
];

/** Whether a line (or a CSV message) is one of KakaoTalk's notices; trailing spaces, which the PC file leaves after some, do not count. */
export function isSystemText(text: string): boolean {
  if (text.includes('\n')) return false;
  const trimmed = text.trimEnd();
  return SYSTEM_TEXT.some((re) => re.test(trimmed));
}
