/** Archive ids of Slack's people, conversations and messages: the export's own ids, so a re-export gives the same. */

// Slack ids are letters and digits; encoding only matters for a damaged file, whose handles must still be URIs.
export const slackHandleOf = (userId: string): string => `slack:user/${encodeURIComponent(userId)}`;
export const slackConversationIdOf = (channelId: string): string => `slack:channel/${channelId}`;
export const slackMessageIdOf = (channelId: string, ts: string): string => `slack:channel/${channelId}#ts:${ts}`;
