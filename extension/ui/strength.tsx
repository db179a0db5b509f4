/** The passphrase strength meter shown under a new passphrase (the estimate: passphrase-strength.ts). */
import { useMemo } from 'preact/hooks';
import { passphraseStrength } from './passphrase-strength.js';

export function StrengthMeter(props: { passphrase: string }) {
  const result = useMemo(() => (props.passphrase ? passphraseStrength(props.passphrase) : null), [props.passphrase]);
  if (!result) return null;
  return (
    <p class="muted" data-strength={result.score}>
      <meter aria-label="Strength" min={0} max={4} low={2} high={3} optimum={4} value={result.score} /> {result.label}
      {result.warning ? ` · ${result.warning}` : ''}
      {result.suggestions.length ? ` · ${result.suggestions.join(' ')}` : ''}
    </p>
  );
}
