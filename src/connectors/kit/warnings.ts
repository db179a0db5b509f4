/**
 * What a reader tells the person about a file that is not an error ("3 join/leave notices had
 * no time"). Each notice has a code and its values, so the extension says it in the person's
 * language (`_locales/<lang>/messages.json`: `convertWarning_<code>`, values as $1, $2, ...; a test
 * checks every code has a sentence in both), and the English sentence the CLI prints, which may
 * name CLI options such as --me.
 */
export const WARNING_CODES = [
  'me_unknown',
  'me_not_found',
  'message_repeated',
  'messages_repeated_across_days',
  'count_mismatch',
  'not_utf8',
  'record_skipped',
  'unknown_chat_type',
  'no_chats',
  'service_actions',
  'zone_assumed',
  'undated_notices',
  'unmatched_media',
  'not_time_ordered',
  'folder_not_listed',
  'service_ambiguous',
  'cards_dropped',
  'suspicious_lines',
  'truncated',
  'nul_removed',
  'exports_concatenated',
  'messages_repeated_in_copies',
] as const;

export type WarningCode = (typeof WARNING_CODES)[number];

export interface ConvertWarning {
  code: WarningCode;
  /** The values the sentence names, in order ($1, $2, ... in the translations). */
  args: string[];
  /** The English sentence, as the CLI prints it. */
  text: string;
}

export function warning(code: WarningCode, args: (string | number)[], text: string): ConvertWarning {
  return { code, args: args.map(String), text };
}

/** The notice for NUL characters a reader removed (kit/json-input.ts JsonRepairs, or raw NUL bytes in a text format). */
export function nulsRemoved(count: number): ConvertWarning[] {
  return count > 0 ? [warning('nul_removed', [count], `${count} NUL character(s) (U+0000) were removed from names and texts: no app writes them, so the file was probably damaged. Check the messages around them.`)] : [];
}
