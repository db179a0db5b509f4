/**
 * The rooms route's report on the import page: per room its address, whether it was made now,
 * who was invited and who is named in the messages only, then what the route kept and dropped
 * as every target reports it. It only renders what the core computed (history-rooms.ts).
 */
import type { RoomsReport } from '../../src/connectors/xmpp/history-rooms.js';
import { formatNumber, t, tParts } from './i18n.js';
import { revealBidiControls as shown } from './safe-text.js';
import { KeptAndDropped } from './target-files.js';

const list = (names: string[]) => <bdi>{shown(names.join(', '))}</bdi>;

export function RoomsReportView(props: { report: RoomsReport }) {
  const { report } = props;
  if (report.rooms.length === 0) {
    return (
      <p class="muted" data-rooms-report aria-live="polite">
        {t('roomsReportNone')}
      </p>
    );
  }
  return (
    <div data-rooms-report aria-live="polite">
      <p class="ok">
        {tParts(
          'roomsReport',
          <bdi>{shown(report.service)}</bdi>,
          <span data-rooms-count>{report.rooms.length}</span>,
          <span data-rooms-sent>{report.sent}</span>,
          <span data-rooms-present>{report.alreadyPresent}</span>,
          <span data-rooms-invited>{report.invited}</span>,
        )}
      </p>
      <ul>
        {report.rooms.map((room) => (
          <li key={room.room} data-room={room.room} data-room-conversation={room.conversationId}>
            {tParts('roomsReportRoom', <bdi>{shown(room.title)}</bdi>, <bdi>{shown(room.room)}</bdi>)}
            {room.created ? <span class="muted"> ({t('roomsReportCreated')})</span> : null}
            <ul>
              {room.invited.length ? <li data-room-invited>{tParts('roomsReportInvited', list(room.invited))}</li> : null}
              {room.members.length ? <li data-room-members>{tParts('roomsReportMembers', list(room.members))}</li> : null}
              {room.unmapped.length ? <li data-room-unmapped>{tParts('roomsReportUnmapped', list(room.unmapped))}</li> : null}
            </ul>
          </li>
        ))}
      </ul>
      <KeptAndDropped kept={report.kept} fidelity={report.fidelity} />
    </div>
  );
}

export const roomsProgressText = (p: { done: number; total: number }) => t('importRoomsProgress', formatNumber(p.done), formatNumber(p.total));
