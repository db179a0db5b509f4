/** Reactions' names (`+1`, `tada`, custom ones) as the emoji the archive stores. */

const EMOJI: Record<string, string> = {
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  heart: '❤️',
  joy: '😂',
  smile: '😄',
  laughing: '😆',
  slightly_smiling_face: '🙂',
  tada: '🎉',
  eyes: '👀',
  white_check_mark: '✅',
  pray: '🙏',
  fire: '🔥',
  '100': '💯',
  rocket: '🚀',
  ok_hand: '👌',
  clap: '👏',
  thinking_face: '🤔',
  wave: '👋',
  raised_hands: '🙌',
  sob: '😭',
  grinning: '😀',
  heart_eyes: '😍',
};

/** Slack's reaction name to an emoji: the common ones as characters, the rest as ":name:" (custom emoji have no character). */
export function slackEmoji(name: string): string {
  const base = name.replace(/::skin-tone-\d$/, '');
  return EMOJI[base] ?? `:${name}:`;
}
