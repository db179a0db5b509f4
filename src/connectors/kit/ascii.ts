/**
 * Names for targets that take only ASCII identifiers (Mattermost usernames, team and channel
 * names; Slack channel and user names): a readable transliteration where Ferry has one (Latin
 * letters without their marks, Hangul by Revised Romanization, Cyrillic and Greek), else a short
 * hash of the name, so the identifier is stable and never empty. The original name always
 * travels beside it (display name, nickname, channel purpose). Browser-safe.
 */
import { sha256Hex } from '../../model/ids.js';

// Revised Romanization of Korean, letter by letter (no sound-change rules: 김민지 -> gimminji).
const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const VOWELS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
const FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};
const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', đ: 'd', ł: 'l', þ: 'th', ı: 'i' };

/** Lower-case ASCII letters and digits for the letters Ferry can spell; anything else becomes a space. */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').toLowerCase()) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xac00 && code <= 0xd7a3) {
      const s = code - 0xac00;
      out += INITIALS[Math.floor(s / 588)]! + VOWELS[Math.floor((s % 588) / 28)]! + FINALS[s % 28]!;
    } else if (CYRILLIC[ch] !== undefined) out += CYRILLIC[ch];
    else if (GREEK[ch] !== undefined) out += GREEK[ch];
    else if (SPECIAL[ch] !== undefined) out += SPECIAL[ch];
    else {
      const bare = ch.normalize('NFKD').replace(/\p{M}+/gu, '');
      out += /^[a-z0-9]+$/.test(bare) ? bare : ' ';
    }
  }
  return out;
}

export const shortHash = (seed: string, length = 8) => sha256Hex(new TextEncoder().encode(seed)).slice(0, length);

export interface SlugRules {
  /** Characters allowed besides a-z and 0-9; the first listed joins words. */
  joiners: string;
  max: number;
  min?: number;
  /** Prefix for a hash-based identifier when nothing readable is left. */
  prefix: string;
  /** Must start with a letter (Mattermost usernames). */
  letterFirst?: boolean;
}

/**
 * An identifier from a name: transliterated, words joined, trimmed to `max`; a hash when the name
 * has too few spellable letters (a name in Han or Arabic script). `seed` makes the hash stable.
 */
export function slug(name: string, seed: string, rules: SlugRules): string {
  const joiner = rules.joiners[0]!;
  let id = transliterate(name).trim().split(/\s+/).filter(Boolean).join(joiner).slice(0, rules.max);
  id = id.replace(new RegExp(`^[${escape(rules.joiners)}]+|[${escape(rules.joiners)}]+$`, 'g'), '');
  const readable = id.length >= (rules.min ?? 2) && (!rules.letterFirst || /^[a-z]/.test(id));
  if (!readable) id = `${rules.prefix}${joiner}${shortHash(seed)}`;
  return id.slice(0, rules.max);
}

function escape(chars: string): string {
  return chars.replace(/[-\\\]^]/g, (c) => `\\${c}`);
}
