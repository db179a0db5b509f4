/**
 * How names from an archive are shown, wherever they are shown (the extension's pages, the HTML
 * export): names a person trusts at a glance (senders, contacts, conversation titles, file
 * names, key labels) must not be able to hide or reorder characters. "invoice_\u202Egnp.exe"
 * would read "invoice_exe.png"; "pay\u200Bpal" looks like "paypal"; a Hangul filler or a
 * zero-width space makes two names look the same. Such characters are shown as visible code
 * points ("[U+202E]") instead. Message texts keep them, isolated by the page (dir="auto").
 *
 * Also the name shown for a handle that no contact names: WhatsApp's `whatsapp:name:Dmitry%20S`
 * is shown as "Dmitry S", never as its URI. Browser-safe.
 */

/**
 * Characters that change direction or are invisible, and that no name needs: bidi embeddings,
 * overrides, isolates and marks; zero-width spaces and joiners used outside the scripts and
 * emoji that need them; word joiner and invisible operators; the BOM; soft hyphen; Hangul and
 * Khmer fillers; C0 and C1 controls, line and paragraph separators; tag characters outside an
 * emoji tag sequence.
 */
const ALWAYS_HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]/u;
const CANDIDATES = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/gu;

/** Scripts whose spelling needs ZWJ/ZWNJ between letters (Persian, Indic, Sinhala, ...): there they are shown as they are. */
const JOINING_SCRIPT = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Mongolian}\p{M}]/u;
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{fe0f}\u{20e3}]/u;
const TAG_BASE = /\u{1f3f4}/u;

const codePoint = (c: string) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;

/** Whether the joiner at `index` of `chars` sits where a script or an emoji sequence needs it. */
function joinerNeeded(chars: readonly string[], index: number): boolean {
  const before = chars[index - 1];
  const after = chars[index + 1];
  if (before === undefined || after === undefined) return false;
  if (chars[index] === '\u200d' && EMOJI_PART.test(before) && EMOJI_PART.test(after)) return true;
  return JOINING_SCRIPT.test(before) && JOINING_SCRIPT.test(after);
}

/** Whether the tag character at `index` belongs to an emoji tag sequence (the flags of England, Scotland, Wales). */
function inTagSequence(chars: readonly string[], index: number): boolean {
  let i = index;
  while (i > 0 && /[\u{e0020}-\u{e007f}]/u.test(chars[i - 1]!)) i--;
  return i > 0 && TAG_BASE.test(chars[i - 1]!);
}

/** `name` with every hiding or reordering character shown as "[U+XXXX]"; anything else untouched. */
export function revealInvisible(name: string): string {
  CANDIDATES.lastIndex = 0;
  if (!CANDIDATES.test(name)) return name;
  const chars = [...name];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const hidden =
      ALWAYS_HIDDEN.test(c) ||
      ((c === '\u200c' || c === '\u200d') && !joinerNeeded(chars, i)) ||
      (/[\u{e0000}-\u{e007f}]/u.test(c) && !inTagSequence(chars, i));
    out += hidden ? codePoint(c) : c;
  }
  return out;
}

/** Kinds of handle that carry a name rather than an id: "name:", "name/", "contact/", "bot/". */
const NAMED = /^(?:name[:/]|contact\/|bot\/|user\/|room\/)/;

/**
 * What to show for a handle nobody in the contacts names: the part after the network's scheme,
 * percent-decoded ("whatsapp:name:Dmitry%20S" -> "Dmitry S", "xmpp:kim@old.localhost" ->
 * "kim@old.localhost"; a room occupant "xmpp:room@muc.host/Mina" -> "Mina").
 */
export function handleLabel(handle: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(handle)?.[0] ?? '';
  let rest = handle.slice(scheme.length);
  rest = rest.replace(NAMED, '');
  if (scheme === 'xmpp:' && rest.includes('/')) rest = rest.slice(rest.indexOf('/') + 1);
  let decoded = rest;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    // not percent-encoded after all: shown as written
  }
  return decoded.trim() || handle;
}

/** Display names by handle (and contact id), from the contacts; `nameOf` falls back to handleLabel. */
export function senderNames(contacts: readonly { id: string; displayName: string; handles: readonly string[] }[]): (handle: string) => string {
  const names = new Map<string, string>();
  for (const contact of contacts) {
    const name = contact.displayName.trim();
    if (!name) continue;
    for (const key of [contact.id, ...contact.handles]) if (!names.has(key)) names.set(key, name);
  }
  return (handle) => names.get(handle) ?? handleLabel(handle);
}
