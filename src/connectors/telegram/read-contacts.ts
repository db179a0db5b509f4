/**
 * People as archive contacts: the account's `contacts.list` (names and phones), and everyone
 * seen in the chats (the archive keeps names on contacts only, so a sender's name is not lost).
 */
import type { Contact } from '../../model/types.js';
import { isRecord } from '../kit/json-input.js';

type Json = Record<string, unknown>;

/** `contacts.list` of a whole-account export. */
export function listedContacts(root: Json): Contact[] {
  const contacts: Contact[] = [];
  if (isRecord(root.contacts) && Array.isArray(root.contacts.list)) {
    const used = new Set<string>();
    for (const c of root.contacts.list.filter(isRecord)) {
      const phone = typeof c.phone_number === 'string' ? c.phone_number.replace(/\s+/g, '') : '';
      const displayName = [c.first_name, c.last_name].filter((v) => typeof v === 'string' && v).join(' ') || phone;
      const handles = [...(c.user_id !== undefined ? [`telegram:user${String(c.user_id)}`] : []), ...(phone ? [`tel:${phone}`] : [])];
      let id = `telegram:contact/${c.user_id !== undefined ? `user${String(c.user_id)}` : phone || encodeURIComponent(displayName)}`;
      while (used.has(id)) id += '+';
      used.add(id);
      contacts.push({
        id,
        displayName,
        ...(c.first_name || c.last_name ? { name: { ...(c.first_name ? { given: String(c.first_name) } : {}), ...(c.last_name ? { family: String(c.last_name) } : {}) } } : {}),
        handles,
        ...(phone ? { phones: [{ value: phone, types: [] }] } : {}),
        groups: [],
      });
    }
  }
  return contacts;
}

/** Everyone who wrote, acted or reacted, by handle, as a contact under the name last seen. */
export function peopleContacts(people: ReadonlyMap<string, string>): Contact[] {
  const contacts: Contact[] = [];
  for (const [handle, displayName] of people) {
    const id = /^telegram:((?:user|channel|chat)\d+)$/.exec(handle)?.[1];
    contacts.push({ id: handle, displayName, handles: [handle], groups: [], ...(id ? { sourceIds: { 'telegram-id': id } } : {}) });
  }
  return contacts;
}
