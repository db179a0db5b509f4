/**
 * The import page's preview (what the archive holds, what the chosen XMPP account can take, per
 * kind) and its final report (added, already there, not imported, each with the reason).
 * Both only render what the core computed (src/connectors/xmpp/preview.ts, import.ts).
 */
import type { ImportItem, ImportReport, NotImportedReason, PresentReason } from '../../src/connectors/xmpp/import.js';
import type { Fidelity, ImportPreview, PreviewKind, PreviewRow } from '../../src/connectors/xmpp/preview.js';
import { formatNumber, t, tParts } from './i18n.js';
import { revealBidiControls as shown } from './safe-text.js';

const KIND: Record<PreviewKind, { label: () => string; how: () => string }> = {
  contacts: { label: () => t('previewKindContacts'), how: () => t('previewHowContacts') },
  'contacts-placeholder': { label: () => t('previewKindContactsPlaceholder'), how: () => t('previewHowContactsPlaceholder') },
  'contacts-skipped': { label: () => t('previewKindContactsSkipped'), how: () => t('previewHowContactsSkipped') },
  'contact-groups': { label: () => t('previewKindGroups'), how: () => t('previewHowGroups') },
  'contact-details': { label: () => t('previewKindDetails'), how: () => t('previewHowDetails') },
  'contact-avatars': { label: () => t('previewKindAvatars'), how: () => t('previewHowAvatars') },
  'own-profile': { label: () => t('previewKindOwnProfile'), how: () => t('previewHowOwnProfile') },
  'direct-conversations': { label: () => t('previewKindDirect'), how: () => t('previewHowDirect') },
  'group-conversations': { label: () => t('previewKindGroupChats'), how: () => t('previewHowGroupChats') },
  messages: { label: () => t('previewKindMessages'), how: () => t('previewHowMessages') },
  attachments: { label: () => t('previewKindAttachments'), how: () => t('previewHowAttachments') },
  reactions: { label: () => t('previewKindReactions'), how: () => t('previewHowReactions') },
  edits: { label: () => t('previewKindEdits'), how: () => t('previewHowEdits') },
  replies: { label: () => t('previewKindReplies'), how: () => t('previewHowReplies') },
  forwards: { label: () => t('previewKindForwards'), how: () => t('previewHowForwards') },
  formatting: { label: () => t('previewKindFormatting'), how: () => t('previewHowFormatting') },
  'special-messages': { label: () => t('previewKindSpecial'), how: () => t('previewHowSpecial') },
  'empty-messages': { label: () => t('previewKindEmpty'), how: () => t('previewHowEmpty') },
};

const FIDELITY: Record<Fidelity, () => string> = {
  full: () => t('fidelityFull'),
  partial: () => t('fidelityPartial'),
  none: () => t('fidelityNone'),
};

export const REASON: Record<NotImportedReason, () => string> = {
  'no-xmpp-address': () => t('reasonNoXmppAddress'),
  'target-itself': () => t('reasonTargetItself'),
  'skipped-by-you': () => t('reasonSkippedByYou'),
  'invalid-address': () => t('reasonInvalidAddress'),
};

const PRESENT: Record<PresentReason, () => string> = {
  'on-roster': () => t('presentOnRoster'),
  'imported-before': () => t('presentImportedBefore'),
  'same-address-as-another': () => t('presentSameAddress'),
};

function detailOf(row: PreviewRow): string | null {
  if (row.detail === undefined) return null;
  const n = formatNumber(row.detail);
  if (row.kind === 'attachments') return t('previewDetailFiles', n);
  if (row.kind === 'edits') return t('previewDetailVersions', n);
  return t('previewDetailMessages', n);
}

export function ImportPreviewTable(props: { preview: ImportPreview }) {
  return (
    <table class="counts preview" data-preview-table>
      <caption class="muted">{t('previewCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('previewColKind')}</th>
          <th scope="col">{t('previewColCount')}</th>
          <th scope="col">{t('previewColFidelity')}</th>
          <th scope="col">{t('previewColHow')}</th>
        </tr>
      </thead>
      <tbody>
        {props.preview.rows.map((row) => {
          const detail = detailOf(row);
          return (
            <tr key={row.kind} data-preview={row.kind} data-fidelity={row.fidelity}>
              <th scope="row">{KIND[row.kind].label()}</th>
              <td style={{ whiteSpace: 'nowrap' }}>
                <span data-preview-count>{formatNumber(row.count)}</span>
                {detail ? <span class="muted"> ({detail})</span> : null}
              </td>
              <td>{FIDELITY[row.fidelity]()}</td>
              <td>
                {KIND[row.kind].how()}
                {row.reasons ? (
                  <ul>
                    {(Object.entries(row.reasons) as [NotImportedReason, number][]).map(([reason, count]) => (
                      <li key={reason} data-reason={reason}>
                        {t('previewReasonCount', REASON[reason](), formatNumber(count))}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ItemLine(props: { item: ImportItem }) {
  const { item } = props;
  const name = <bdi>{shown(item.displayName)}</bdi>;
  if (item.outcome === 'added' && item.via === 'placeholder') {
    return (
      <li data-item={item.outcome} data-via={item.via}>
        {tParts('reportPlaceholderItem', name, <bdi>{shown(item.address)}</bdi>)}
      </li>
    );
  }
  if (item.outcome === 'added') return <li data-item={item.outcome} data-via={item.via}>{tParts('reportAddedItem', name, <bdi>{shown(item.address)}</bdi>)}</li>;
  const reason = item.outcome === 'present' ? PRESENT[item.reason]() : REASON[item.reason]();
  if (!item.address) return <li data-item={item.outcome} data-reason={item.reason}>{tParts('importNotImportedItem', name, reason)}</li>;
  return (
    <li data-item={item.outcome} data-reason={item.reason}>
      {tParts('reportReasonItem', name, <bdi>{shown(item.address)}</bdi>, reason)}
    </li>
  );
}

export function ImportReportView(props: { report: ImportReport }) {
  const { report } = props;
  const groups: [ImportItem['outcome'], string][] = [
    ['added', t('reportAddedHeading')],
    ['present', t('reportPresentHeading')],
    ['skipped', t('reportSkippedHeading')],
  ];
  return (
    <div data-import-report aria-live="polite">
      <p class="ok">
        {tParts(
          'importReport',
          <bdi>{shown(report.target)}</bdi>,
          <span data-added>{report.added}</span>,
          <span data-present>{report.alreadyPresent}</span>,
          <span data-skipped>{report.notImported.length}</span>,
        )}
      </p>
      <p class="muted" data-mapped-count={report.mapped} data-placeholder-count={report.placeholders}>
        {t('reportMapped', formatNumber(report.mapped), formatNumber(report.placeholders))}
      </p>
      {report.movedFrom ? (
        <p class="muted" data-moved-sent>
          {tParts('reportMovedSent', <span data-moved-count>{report.items.filter((i) => i.outcome === 'added' && i.via !== 'placeholder').length}</span>, <bdi>{shown(report.movedFrom)}</bdi>)}
        </p>
      ) : null}
      {groups.map(([outcome, heading]) => {
        const items = report.items.filter((i) => i.outcome === outcome);
        return items.length ? (
          <section key={outcome} data-report-group={outcome}>
            <h3>{heading}</h3>
            <ul>
              {items.map((item) => (
                <ItemLine key={item.contactId} item={item} />
              ))}
            </ul>
          </section>
        ) : null;
      })}
    </div>
  );
}
