/**
 * A Telegram message's text: `text_entities` (newer exports) or `text` (a string, or an array of
 * strings and {type, text} objects in older ones) into plain text and the archive's entities.
 */
import type { TextEntity } from '../../model/types.js';
import { isRecord, type Tally } from '../kit/json-input.js';

type Json = Record<string, unknown>;

const ENTITY_TYPES: Record<string, TextEntity['type'] | undefined> = {
  bold: 'bold',
  italic: 'italic',
  underline: 'underline',
  strikethrough: 'strikethrough',
  code: 'code',
  pre: 'pre',
  spoiler: 'spoiler',
  blockquote: 'quote',
  text_link: 'link',
  link: 'link',
  email: 'link',
  phone: 'link',
  mention: 'mention',
  mention_name: 'mention',
};

/** Plain text and entities from `text_entities` (newer) or `text` (a string, or an array of strings and {type, text}). */
export function textOf(raw: Json, dropped: Tally): { text: string; entities: TextEntity[] } {
  const parts: unknown[] = Array.isArray(raw.text_entities) ? raw.text_entities : Array.isArray(raw.text) ? raw.text : [typeof raw.text === 'string' ? raw.text : ''];
  let text = '';
  const entities: TextEntity[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    if (!isRecord(part)) continue;
    const piece = typeof part.text === 'string' ? part.text : '';
    const kind = typeof part.type === 'string' ? part.type : 'plain';
    const type = ENTITY_TYPES[kind];
    if (type && piece.length) {
      const entity: TextEntity = { type, offset: text.length, length: piece.length };
      if (kind === 'text_link' && typeof part.href === 'string') entity.url = part.href;
      else if (kind === 'link') entity.url = piece;
      else if (kind === 'email') entity.url = `mailto:${piece}`;
      else if (kind === 'phone') entity.url = `tel:${piece.replace(/\s+/g, '')}`;
      else if (kind === 'mention') entity.handle = `telegram:${piece.startsWith('@') ? piece : `@${piece}`}`;
      else if (kind === 'mention_name' && part.user_id !== undefined) entity.handle = `telegram:user${String(part.user_id)}`;
      entities.push(entity);
    } else if (kind !== 'plain' && piece.length) dropped.add(`entity type "${kind}"`);
    text += piece;
  }
  return { text, entities };
}
