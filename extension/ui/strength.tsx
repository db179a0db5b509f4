/**
 * A passphrase strength meter (zxcvbn-ts with its common-language dictionaries): how long a
 * guesser would need, not a character-class checklist. The score is advice; the archive's real
 * protection is scrypt at work factor 18 on top of whatever the passphrase holds.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { useMemo } from 'preact/hooks';

let factory: ZxcvbnFactory | undefined;
const WORDS = ['very weak', 'weak', 'fair', 'strong', 'very strong'];

export function StrengthMeter(props: { passphrase: string }) {
  const result = useMemo(() => {
    if (!props.passphrase) return null;
    factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
    return factory.check(props.passphrase.slice(0, 256));
  }, [props.passphrase]);
  if (!result) return null;
  return (
    <p class="muted" data-strength={result.score}>
      <meter aria-label="Strength" min={0} max={4} low={2} high={3} optimum={4} value={result.score} /> {WORDS[result.score]}
      {result.feedback.warning ? ` · ${result.feedback.warning}` : ''}
      {result.feedback.suggestions.length ? ` · ${result.feedback.suggestions.join(' ')}` : ''}
    </p>
  );
}
