/**
 * Export page, after an export: an opt-in XEP-0283 moved statement on the account the tab is
 * logged into (the old one). Only that account can publish it, which is why it lives here and
 * not on the import page.
 */
import { useState } from 'preact/hooks';
import { publishMovedStatement, checkMovedAddress } from '../../src/connectors/xmpp/moved.js';
import { xmppTabPort } from '../connectors/xmpp-tab-port.js';
import type { MessengerTab } from '../protocol.js';
import { errorMessage } from './components.js';
import { t, tParts } from './i18n.js';
import { revealBidiControls as shown } from './safe-text.js';

export function MovedStatement(props: { tab: MessengerTab }) {
  const [wanted, setWanted] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const checked = typed.trim() === '' ? null : checkMovedAddress(typed, props.tab.account);
  const problem = checked && 'problem' in checked ? checked.problem : null;

  async function publish() {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone((await publishMovedStatement(xmppTabPort(props.tab), typed)).newJid);
    } catch (e) {
      setError(t('movedPublishFailed', errorMessage(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-moved-statement>
      <label class="check">
        <input type="checkbox" data-moved-publish checked={wanted} disabled={busy} onChange={(e) => setWanted(e.currentTarget.checked)} />{' '}
        {tParts('movedPublishOption', <bdi>{shown(props.tab.account)}</bdi>)}
      </label>
      <p class="muted">{t('movedPublishExplain')}</p>
      {wanted ? (
        <div class="row">
          <label for="moved-new-jid">{t('movedNewAddressLabel')}</label>
          <input
            id="moved-new-jid"
            type="text"
            spellcheck={false}
            value={typed}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? 'moved-new-jid-problem' : undefined}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
          <button type="button" disabled={busy || !checked || problem !== null} onClick={publish}>
            {t('movedPublishButton')}
          </button>
        </div>
      ) : null}
      {wanted && problem ? (
        <p class="error" id="moved-new-jid-problem" data-moved-problem={problem}>
          {problem === 'same-account' ? t('movedProblemSameAccount') : t('movedProblemNotAddress')}
        </p>
      ) : null}
      {done ? (
        <p class="ok" data-moved-published={done} aria-live="polite">
          {tParts('movedPublished', <bdi>{shown(props.tab.account)}</bdi>, <bdi>{shown(done)}</bdi>)}
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
