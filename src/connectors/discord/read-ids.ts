/**
 * Archive ids from Discord's snowflakes, which are unique across all of Discord: the same message
 * exported by two people is the same message.
 */

// Snowflakes are digits; encoding only matters for a damaged file, whose handles must still be URIs.
export const discordHandleOf = (userId: string): string => `discord:user/${encodeURIComponent(userId)}`;
export const discordMessageIdOf = (messageId: string): string => `discord:message/${messageId}`;
export const discordChannelIdOf = (channelId: string): string => `discord:channel/${channelId}`;
