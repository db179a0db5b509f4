/** LINE's notices: two-field lines carry no sender; a few events are printed under a member's name. */

/** Notices LINE prints under a sender's name (album events). */
const NOTICE_WITH_SENDER = [/ created an album\.$/, / added items to an album\.$/, / hat ein Album erstellt\.$/, /がアルバムを作成しました。?$/];

export const isNoticeWithSender = (text: string): boolean => NOTICE_WITH_SENDER.some((re) => re.test(text));
