/**
 * Names a person trusts at a glance (contact and conversation names, file names, key labels)
 * must not be able to reorder themselves: "evil\u202Egpj.exe" would read "evilexe.jpg".
 * Explicit bidi embeddings, overrides and isolates are shown as visible code points instead;
 * the surrounding page still isolates every name with <bdi>. Message text keeps them, isolated.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function revealBidiControls(name: string): string {
  return name.replace(BIDI_CONTROLS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase()}]`);
}
