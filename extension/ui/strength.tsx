/** The passphrase strength meter shown under a new passphrase (the estimate: passphrase-strength.ts). */
import { useMemo } from 'preact/hooks';
import { passphraseStrength } from './passphrase-strength.js';
import { t, uiLanguage } from './i18n.js';

export function StrengthMeter(props: { passphrase: string }) {
  const result = useMemo(() => (props.passphrase ? passphraseStrength(props.passphrase) : null), [props.passphrase]);
  if (!result) return null;
  // zxcvbn's warnings and suggestions exist in English only: shown to English readers, not mixed into Korean.
  const english = uiLanguage().toLowerCase().startsWith('en');
  return (
    <p class="muted" data-strength={result.score}>
      <meter aria-label={t('strengthLabel')} min={0} max={4} low={2} high={3} optimum={4} value={result.score} /> {t(`strength${result.score}`)}
      {english && result.warning ? ` · ${result.warning}` : ''}
      {english && result.suggestions.length ? ` · ${result.suggestions.join(' ')}` : ''}
    </p>
  );
}
