/**
 * Names a person trusts at a glance (contact and conversation names, file names, key labels)
 * must not be able to hide or reorder characters: "evil\u202Egpj.exe" would read "evilexe.jpg",
 * and a zero-width space makes two names look alike. Such characters are shown as visible code
 * points ("[U+202E]") instead: the rule lives in src/model/display.ts, shared with the HTML
 * export. The surrounding page still isolates every name with <bdi>. Message text keeps them,
 * isolated (dir="auto").
 */
import { revealInvisible } from '../../src/model/display.js';

/** Every page calls it by this name: it reveals invisible characters too, not only bidi controls. */
export const revealBidiControls = revealInvisible;
