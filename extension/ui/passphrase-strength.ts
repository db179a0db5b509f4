/**
 * How strong a passphrase is, as zxcvbn-ts (with its common-language dictionaries) estimates it:
 * how long a guesser would need, not a character-class checklist. The score is advice; the
 * archive's real protection is scrypt at work factor 18 on top of whatever the passphrase holds.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
// Only the English sentences for warnings and suggestions; without them zxcvbn returns bare keys.
import { translations } from '@zxcvbn-ts/language-en';

export const STRENGTH_LABELS = ['very weak', 'weak', 'fair', 'strong', 'very strong'] as const;

export interface PassphraseStrength {
  /** 0 (guessed at once) to 4 (very strong), zxcvbn's scale. */
  score: 0 | 1 | 2 | 3 | 4;
  label: (typeof STRENGTH_LABELS)[number];
  warning: string | null;
  suggestions: string[];
}

let factory: ZxcvbnFactory | undefined;

/** Only the first 256 characters count: zxcvbn's cost grows quickly with length, and more adds nothing. */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, translations });
  const result = factory.check(passphrase.slice(0, 256));
  const score = result.score as PassphraseStrength['score'];
  return { score, label: STRENGTH_LABELS[score], warning: result.feedback.warning || null, suggestions: result.feedback.suggestions };
}
