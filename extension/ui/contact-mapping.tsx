/**
 * The contact-mapping table: each friend's address in the archive and the address they get in
 * the target account, one real text input per friend (labelled with the friend's name), and a
 * button that asks the new server which friends it knows (src/connectors/xmpp/mapping.ts).
 */
import { useState } from 'preact/hooks';
import type { XmppClientPort } from '../../src/connectors/xmpp/port.js';
import { addressProblem, editRow, prefillFromServer, type AddressProblem, type MappingRow } from '../../src/connectors/xmpp/mapping.js';
import { errorMessage } from './components.js';
import { formatNumber, t } from './i18n.js';
import { revealBidiControls as shown } from './safe-text.js';

const PROBLEM: Record<AddressProblem, () => string> = {
  'not-an-address': () => t('mappingProblemNotAddress'),
  'target-itself': () => t('mappingProblemTarget'),
};

function basisText(row: MappingRow, placeholders: boolean): string {
  const none = () => (placeholders ? t('mappingBasisNone') : t('mappingBasisNoneSkipped'));
  if (row.newAddress.trim() === '') return row.oldAddresses.length === 0 ? none() : t('mappingBasisEmpty');
  switch (row.basis) {
    case 'archive':
      return t('mappingBasisArchive');
    case 'server-profile':
      return row.profileName ? t('mappingBasisServer', shown(row.profileName)) : t('mappingBasisServerNoName');
    case 'typed':
      return t('mappingBasisTyped');
    case 'none':
      return none();
  }
}

/** How many rows hold an address the import would refuse. */
export function mappingProblems(rows: readonly MappingRow[], target: string): number {
  return rows.filter((row) => addressProblem(row, target) !== null).length;
}

export function ContactMappingTable(props: {
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  /** The account imported into; null until one is chosen. */
  target: string | null;
  /** The target's session, for asking its server; null until one is chosen. */
  port: Pick<XmppClientPort, 'vcard'> | null;
  disabled?: boolean;
  /** Whether friends without an address go in under a placeholder (the import page's choice); default yes. */
  placeholders?: boolean;
}) {
  const [lookup, setLookup] = useState<{ asked: number; found: number; failed: number } | null>(null);
  const [running, setRunning] = useState(false);
  const [lookupError, setLookupError] = useState<string | null>(null);

  async function askServer() {
    if (!props.port || !props.target) return;
    setRunning(true);
    setLookupError(null);
    try {
      const result = await prefillFromServer(props.rows, props.port, props.target);
      props.onChange(result.rows);
      setLookup({ asked: result.asked, found: result.found, failed: result.failed });
    } catch (e) {
      setLookupError(t('mappingLookupStopped', errorMessage(e)));
    } finally {
      setRunning(false);
    }
  }

  return (
    <div data-contact-mapping>
      <p class="muted">{t('mappingExplain')}</p>
      <p class="muted">{t('mappingLookupExplain')}</p>
      <div class="row">
        <button type="button" class="secondary" disabled={!props.port || running || props.disabled} onClick={askServer}>
          {t('mappingLookupButton')}
        </button>
      </div>
      {!props.port ? <p class="muted">{t('mappingLookupNeedsTarget')}</p> : null}
      <div aria-live="polite">
        {running ? <p>{t('mappingLookupRunning')}</p> : null}
        {lookup ? (
          <p class="ok" data-lookup-done>
            {t('mappingLookupDone', formatNumber(lookup.asked), formatNumber(lookup.found))}
            {lookup.failed ? ` ${t('mappingLookupFailed', formatNumber(lookup.failed))}` : null}
          </p>
        ) : null}
        {lookupError ? (
          <p class="error" role="alert">
            {lookupError}
          </p>
        ) : null}
      </div>
      <table class="counts mapping">
        <caption class="muted">{t('mappingCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mappingColFriend')}</th>
            <th scope="col">{t('mappingColOld')}</th>
            <th scope="col">{t('mappingColNew')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => {
            const problem = props.target ? addressProblem(row, props.target) : addressProblem(row, '');
            const noteId = `mapping-note-${i}`;
            return (
              <tr key={row.contactId} data-mapping-row={row.contactId} data-basis={row.basis}>
                <th scope="row">
                  <bdi>{shown(row.displayName)}</bdi>
                </th>
                <td>{row.oldAddresses.length ? <bdi>{shown(row.oldAddresses.join(', '))}</bdi> : <span class="muted">{t('mappingNoOldAddress')}</span>}</td>
                <td>
                  <input
                    type="text"
                    value={row.newAddress}
                    disabled={props.disabled}
                    spellcheck={false}
                    autocomplete="off"
                    aria-label={t('mappingInputLabel', row.displayName)}
                    aria-invalid={problem ? 'true' : undefined}
                    aria-describedby={noteId}
                    onInput={(e) => props.onChange(editRow(props.rows, row.contactId, (e.currentTarget as HTMLInputElement).value))}
                  />
                  <div id={noteId} class={problem ? 'error' : 'muted'} data-mapping-note>
                    {problem ? PROBLEM[problem]() : basisText(row, props.placeholders ?? true)}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
