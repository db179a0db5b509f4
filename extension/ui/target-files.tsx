/**
 * The import page's step "Files for a service Ferry cannot reach live" (issue #7): pick a target,
 * give what it needs, see what it keeps and drops before anything is written, then download.
 * The writers are src/connectors/registry.ts's, the same ones `ferry export-format` runs, so the
 * counts here are the CLI's. Plain-text files leave the extension only on the person's click
 * after a warning (issue #8).
 */
import { zipSync } from 'fflate';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { WriterInputError, type WriterProblem, type WriterResult } from '../../src/connectors/contract.js';
import { localTimeZone } from '../../src/connectors/kit/wall-clock.js';
import { droppedLines } from '../../src/connectors/kit/writing.js';
import { FILE_WRITERS, writerFor } from '../../src/connectors/registry.js';
import type { ArchiveContent } from '../../src/model/types.js';
import { ErrorText, Step, errorMessage } from './components.js';
import { formatNumber, t, tParts } from './i18n.js';
import { revealBidiControls as shown } from './safe-text.js';
import { itemLabel } from './target-items.js';

/** Each writer's name and explanation in the UI language; test/extension/target-items.test.ts checks every writer has one. */
export const TARGET_TEXT: Record<string, { name: () => string; explain: () => string }> = {
  telegram: { name: () => t('targetTelegram'), explain: () => t('targetTelegramExplain') },
  'telegram-json': { name: () => t('targetTelegramJson'), explain: () => t('targetTelegramJsonExplain') },
  vcard: { name: () => t('targetVcard'), explain: () => t('targetVcardExplain') },
  'google-csv': { name: () => t('targetGoogleCsv'), explain: () => t('targetGoogleCsvExplain') },
  mattermost: { name: () => t('targetMattermost'), explain: () => t('targetMattermostExplain') },
  'slack-csv': { name: () => t('targetSlackCsv'), explain: () => t('targetSlackCsvExplain') },
  html: { name: () => t('targetHtml'), explain: () => t('targetHtmlExplain') },
  vcon: { name: () => t('targetVcon'), explain: () => t('targetVconExplain') },
  xep0227: { name: () => t('targetXep0227'), explain: () => t('targetXep0227Explain') },
};

/** Where a writer's `kept` keys are known; an unknown key is shown as the writer named it. */
const KEPT_KIND: Record<string, () => string> = {
  contacts: () => t('targetKeptContacts'),
  profile: () => t('targetKeptProfile'),
  conversations: () => t('targetKeptConversations'),
  messages: () => t('targetKeptMessages'),
  lines: () => t('targetKeptLines'),
  attachments: () => t('targetKeptAttachments'),
  channels: () => t('targetKeptChannels'),
  directChannels: () => t('targetKeptDirectChannels'),
  users: () => t('targetKeptUsers'),
  posts: () => t('targetKeptPosts'),
  replies: () => t('targetKeptReplies'),
  reactions: () => t('targetKeptReactions'),
  images: () => t('targetKeptImages'),
  files: () => t('targetKeptFiles'),
  edits: () => t('targetKeptEdits'),
  members: () => t('targetKeptMembers'),
  rooms: () => t('targetKeptRooms'),
  parties: () => t('targetKeptParties'),
};

/** The item in the UI language; a code without a label yet is shown as the writer named it. */
function itemName(item: string) {
  const label = itemLabel(item);
  return label ? t(label.key, ...(label.arg ? [label.arg] : [])) : <code>{item}</code>;
}

const PROBLEM: Record<WriterProblem, () => string> = {
  'owner-missing': () => t('targetOwnerMissing'),
  'owner-invalid': () => t('targetOwnerInvalid'),
  'zone-invalid': () => t('targetZoneInvalid'),
  'team-invalid': () => t('targetTeamInvalid'),
  'team-reserved': () => t('targetTeamReserved'),
  'vcard-version': () => t('targetVcardVersionInvalid'),
};

const ZONES: string[] = (() => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();

function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** One file as it is; several as one zip (a folder in the CLI). */
function bundleOf(out: WriterResult, base: string): { name: string; bytes: Uint8Array } {
  if (out.files.length === 1) return out.files[0]!;
  return { name: `${base}-${out.target}.zip`, bytes: zipSync(Object.fromEntries(out.files.map((f) => [f.name, f.bytes]))) };
}

/** What a target kept, per kind, and what it dropped or changed, with the writer's reason: for files and for the live rooms route alike. */
export function KeptAndDropped(props: { kept: Record<string, number>; fidelity: WriterResult['fidelity'] }) {
  const out = props;
  const dropped = droppedLines(out.fidelity);
  return (
    <>
      <table class="counts">
        <caption class="muted">{t('targetKeptCaption')}</caption>
        <tbody>
          {Object.entries(out.kept).map(([kind, count]) => (
            <tr key={kind} data-kept={kind}>
              <th scope="row">{KEPT_KIND[kind]?.() ?? kind}</th>
              <td data-kept-count>{formatNumber(count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {dropped.length ? (
        <section>
          <h3>{t('targetDroppedHeading')}</h3>
          <p class="muted">{t('targetDroppedExplain')}</p>
          <ul data-dropped-list>
            {dropped.map((d, i) => (
              <li key={`${d.item}-${i}`} data-dropped={d.item} data-dropped-count={d.count}>
                {tParts('targetDroppedItem', <strong>{formatNumber(d.count)}</strong>, itemName(d.item))}
                <br />
                <span class="muted small">{tParts('targetDroppedWhy', <span lang="en">{d.reason}</span>)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p class="ok" data-dropped-none>
          {t('targetDroppedNone')}
        </p>
      )}
    </>
  );
}

function Report(props: { out: WriterResult }) {
  const { out } = props;
  const zones = out.notes.flatMap((n) => (n.kind === 'zone' ? [n] : []));
  const htmlZone = out.notes.find((n) => n.kind === 'html-zone');
  const placeholders = out.notes.filter((n) => n.kind === 'placeholder').length;
  const teamSize = out.notes.find((n) => n.kind === 'team-size');
  const renamed = out.notes.filter((n) => n.kind === 'channel-name');
  const nothing = out.notes.find((n) => n.kind === 'nothing');
  return (
    <div data-target-report={out.target}>
      <KeptAndDropped kept={out.kept} fidelity={out.fidelity} />
      {zones.length ? (
        <ul class="muted">
          {zones.map((z) => (
            <li key={z.file} data-zone-note={z.from}>
              {tParts('targetZoneOfFile', <bdi>{shown(z.file)}</bdi>, z.zone, z.from === 'source' ? t('targetZoneFromSource') : t('targetZoneFromChoice'))}
            </li>
          ))}
        </ul>
      ) : null}
      {htmlZone?.kind === 'html-zone' ? <p class="muted">{t('targetHtmlZone', htmlZone.zone)}</p> : null}
      {placeholders ? <p class="muted">{t('targetPlaceholders', formatNumber(placeholders))}</p> : null}
      {out.notes.some((n) => n.kind === 'no-password') ? <p class="muted">{t('targetNoPassword')}</p> : null}
      {teamSize?.kind === 'team-size' ? (
        <p class="error" role="note" data-team-size={teamSize.users}>
          {t('targetTeamSize', formatNumber(teamSize.users), formatNumber(teamSize.limit))}
        </p>
      ) : null}
      {renamed.length ? (
        <section>
          <p class="muted">{t('targetChannelNames')}</p>
          <ul data-channel-names>
            {renamed.map((n) => (n.kind === 'channel-name' ? (
              <li key={n.name} data-channel-name={n.name}>
                <code>{n.name}</code> ← <bdi>{shown(n.original)}</bdi>
              </li>
            ) : null))}
          </ul>
        </section>
      ) : null}
      {nothing?.kind === 'nothing' ? (
        <p class="error" role="note" data-target-nothing={nothing.what}>
          {t(nothing.what === 'contacts' ? 'targetNothingContacts' : 'targetNothingConversations')}
        </p>
      ) : null}
    </div>
  );
}

export function TargetFilesStep(props: { content: ArchiveContent; fileName: string }) {
  const [target, setTarget] = useState<string>(FILE_WRITERS[0]!.id);
  const [zone, setZone] = useState(localTimeZone());
  const [owner, setOwner] = useState('');
  const [team, setTeam] = useState('ferry');
  const [vcardVersion, setVcardVersion] = useState<'3.0' | '4.0'>('3.0');
  const [out, setOut] = useState<WriterResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const writer = writerFor(target)!;
  const needs = writer.needs;
  // Any change of target, archive or option makes the shown report stale: it is computed again on request.
  useEffect(() => {
    setOut(null);
    setSaved(null);
    setError(null);
  }, [props.content, target, zone, owner, team, vcardVersion]);
  const base = useMemo(() => props.fileName.replace(/\.(age|zip)$/i, '').replace(/[^\p{L}\p{N}._@-]+/gu, '_') || 'ferry', [props.fileName]);

  function prepare() {
    setError(null);
    try {
      setOut(writer.write(props.content, { timeZone: zone.trim(), owner, team: team.trim(), vcardVersion, at: new Date().toISOString() }));
    } catch (e) {
      setOut(null);
      setError(e instanceof WriterInputError ? PROBLEM[e.code]() : t('targetWriteFailed', errorMessage(e)));
    }
  }

  function save() {
    if (!out) return;
    const file = bundleOf(out, base);
    download(file.name, file.bytes);
    setSaved(file.name);
  }

  return (
    <Step id="target-files" title={t('targetStepTitle')}>
      <p class="muted">{t('targetStepExplain')}</p>
      <fieldset style={{ maxHeight: 'none' }}>
        <legend>{t('targetPickLegend')}</legend>
        {FILE_WRITERS.map(({ id }) => (
          <div key={id}>
            <label class="check" for={`target-${id}`}>
              <input type="radio" id={`target-${id}`} name="target" value={id} checked={target === id} onChange={() => setTarget(id)} aria-describedby={`target-${id}-explain`} />
              <strong>{TARGET_TEXT[id]!.name()}</strong>
            </label>
            <p id={`target-${id}-explain`} class="muted small">
              {TARGET_TEXT[id]!.explain()}
            </p>
          </div>
        ))}
      </fieldset>
      {target === 'telegram' ? <p data-telegram-howto>{t('targetTelegramHowTo')}</p> : null}
      {needs.timeZone ? (
        <div>
          <label for="target-zone">{t('targetZoneLabel')}</label>
          <input id="target-zone" type="text" list="target-zones" value={zone} onInput={(e) => setZone(e.currentTarget.value)} aria-describedby="target-zone-help" />
          <datalist id="target-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <p id="target-zone-help" class="muted">
            {t('targetZoneHelp')}
          </p>
        </div>
      ) : null}
      {needs.owner ? (
        <div>
          <label for="target-owner">{t('targetOwnerLabel')}</label>
          <input id="target-owner" type="text" autocomplete="off" spellcheck={false} value={owner} onInput={(e) => setOwner(e.currentTarget.value)} aria-describedby="target-owner-help" />
          <p id="target-owner-help" class="muted">
            {t('targetOwnerHelp')}
          </p>
        </div>
      ) : null}
      {needs.team ? (
        <div>
          <label for="target-team">{t('targetTeamLabel')}</label>
          <input id="target-team" type="text" autocomplete="off" spellcheck={false} value={team} onInput={(e) => setTeam(e.currentTarget.value)} />
        </div>
      ) : null}
      {needs.vcardVersion ? (
        <fieldset>
          <legend>{t('targetVcardVersionLegend')}</legend>
          {(['3.0', '4.0'] as const).map((v) => (
            <label class="check" key={v} for={`vcard-version-${v}`}>
              <input type="radio" id={`vcard-version-${v}`} name="vcard-version" value={v} checked={vcardVersion === v} onChange={() => setVcardVersion(v)} />
              {t(v === '3.0' ? 'targetVcardVersion30' : 'targetVcardVersion40')}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div class="row">
        <button type="button" class="secondary" onClick={prepare}>
          {t('targetPrepareButton', TARGET_TEXT[target]!.name())}
        </button>
      </div>
      <ErrorText error={error} />
      {out ? (
        <div>
          <Report out={out} />
          {out.plaintext ? (
            <p class="error" role="note" data-plaintext-warning>
              {t('targetPlaintextWarning')}
            </p>
          ) : null}
          {out.files.length ? (
            <div class="row">
              <button type="button" onClick={save} data-target-download={out.target}>
                {out.files.length === 1 ? t('targetDownloadOne', out.files[0]!.name) : t('targetDownloadZip', formatNumber(out.files.length))}
              </button>
            </div>
          ) : null}
          {saved ? (
            <p class="ok" aria-live="polite" data-target-saved={saved}>
              {tParts('targetSaved', <bdi>{shown(saved)}</bdi>)}
            </p>
          ) : null}
        </div>
      ) : null}
    </Step>
  );
}
