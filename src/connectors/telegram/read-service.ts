/**
 * Service messages (`"type": "service"`): what each `action` did, in words for the archive's
 * system messages, and how a call ended.
 */
import type { Message } from '../../model/types.js';

type Json = Record<string, unknown>;

function listOf(members: unknown): string {
  return Array.isArray(members) ? members.map((m) => String(m ?? 'a deleted account')).join(', ') : '';
}

export const SERVICE_TEXT: Record<string, (raw: Json) => string> = {
  create_group: (r) => `created the group "${String(r.title ?? '')}"`,
  create_channel: (r) => `created the channel "${String(r.title ?? '')}"`,
  migrate_to_supergroup: () => 'converted this group to a supergroup',
  migrate_from_group: (r) => `converted the group "${String(r.title ?? '')}" to this supergroup`,
  invite_members: (r) => `added ${listOf(r.members)}`,
  remove_members: (r) => `removed ${listOf(r.members)}`,
  join_group_by_link: () => 'joined the group by invite link',
  join_group_by_request: () => 'joined the group by request',
  edit_group_title: (r) => `changed the title to "${String(r.title ?? '')}"`,
  edit_group_photo: () => 'changed the group photo',
  delete_group_photo: () => 'removed the group photo',
  pin_message: () => 'pinned a message',
  joined_telegram: () => 'joined Telegram',
  clear_history: () => 'cleared the history',
  score_in_game: (r) => `scored ${String(r.score ?? '')}`,
  screenshot_taken: () => 'took a screenshot',
  contact_sign_up: () => 'joined Telegram',
  set_messages_ttl: (r) => `set messages to auto-delete after ${String(r.period_seconds ?? r.period ?? '')} seconds`,
  group_call: () => 'started a voice chat',
  topic_created: (r) => `created the topic "${String(r.title ?? '')}"`,
};

export function callOutcome(raw: Json): NonNullable<Message['call']>['outcome'] {
  switch (raw.discard_reason) {
    case 'missed':
      return 'missed';
    case 'busy':
      return 'declined';
    case 'hangup':
      return typeof raw.duration_seconds === 'number' && raw.duration_seconds > 0 ? 'answered' : 'cancelled';
    default:
      return undefined;
  }
}
