/**
 * The export page's other source (issue #5): export files a messenger wrote (KakaoTalk, WhatsApp,
 * LINE, Telegram, Discord, Slack, Messenger/Instagram, vCard, Google/Outlook CSV), as files, zips
 * or folders, dropped or picked by keyboard. They are converted by `ferry convert`'s own core in a
 * Worker (workers/convert-worker.ts), and the page shows per input what was recognised, like the
 * CLI prints. The content then goes to the page's Save step; nothing is handed over when any
 * input fails, and the error names the file (and line).
 *
 * The core's two questions are asked here: the day/month order when a file cannot decide (a
 * ConvertError with code "date-order"), and who "me" is when a reader warns that it cannot tell.
 */
import { useRef, useState } from 'preact/hooks';
import type { InputReport } from '../../src/convert/convert.js';
import type { ConvertErrorCode, DateOrder } from '../../src/connectors/contract.js';
import { checkTimeZone, localTimeZone } from '../../src/connectors/kit/wall-clock.js';
import type { ConvertInput, ConvertPhase } from '../workers/convert-worker.js';
import { convertInWorker } from './convert.js';
import type { PageContent, PageFacts } from './page-content.js';
import { formatNumber, t, tParts } from './i18n.js';
import { revealBidiControls as shown } from './safe-text.js';
import { warningKey } from './warning-keys.js';

interface Failure {
  file: string;
  line?: number;
  problem: string;
  code?: ConvertErrorCode;
}

/** A folder's files grouped under their top folder (webkitdirectory gives "Top/sub/file"). */
function foldersOf(files: readonly File[]): ConvertInput[] {
  const folders = new Map<string, { path: string; file: File }[]>();
  const loose: ConvertInput[] = [];
  for (const file of files) {
    const relative = (file as File & { webkitRelativePath?: string }).webkitRelativePath || '';
    const slash = relative.indexOf('/');
    if (slash < 0) {
      loose.push({ kind: 'file', name: file.name, file });
      continue;
    }
    const top = relative.slice(0, slash);
    if (!folders.has(top)) folders.set(top, []);
    folders.get(top)!.push({ path: relative.slice(slash + 1), file });
  }
  return [...loose, ...[...folders].map(([name, entries]) => ({ kind: 'folder' as const, name, entries }))];
}

type Entry = { isFile: boolean; isDirectory: boolean; name: string };
type FileEntry = Entry & { file(ok: (f: File) => void, fail: (e: unknown) => void): void };
type DirectoryEntry = Entry & { createReader(): { readEntries(ok: (entries: Entry[]) => void, fail: (e: unknown) => void): void } };

/** Every file under a dropped folder, by its path inside it (readEntries answers in batches). */
async function walk(directory: DirectoryEntry, prefix: string, out: { path: string; file: File }[]): Promise<void> {
  const reader = directory.createReader();
  for (;;) {
    const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) return;
    for (const entry of batch) {
      if (entry.isDirectory) await walk(entry as DirectoryEntry, `${prefix}${entry.name}/`, out);
      else if (entry.isFile) out.push({ path: `${prefix}${entry.name}`, file: await new Promise<File>((ok, fail) => (entry as FileEntry).file(ok, fail)) });
    }
  }
}

async function droppedInputs(data: DataTransfer): Promise<ConvertInput[]> {
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => ({ item, entry: (item as DataTransferItem & { webkitGetAsEntry?: () => Entry | null }).webkitGetAsEntry?.() ?? null }));
  const inputs: ConvertInput[] = [];
  for (const { item, entry } of entries) {
    if (entry?.isDirectory) {
      const files: { path: string; file: File }[] = [];
      await walk(entry as unknown as DirectoryEntry, '', files);
      inputs.push({ kind: 'folder', name: entry.name, entries: files });
    } else {
      const file = item.getAsFile();
      if (file) inputs.push({ kind: 'file', name: file.name, file });
    }
  }
  return inputs;
}

const sizeOf = (input: ConvertInput) => (input.kind === 'file' ? input.file.size : input.entries.reduce((sum, e) => sum + e.file.size, 0));

/** What the core's error says, in the page's language where Ferry knows the case. */
function failureText(f: Failure): string {
  const file = shown(f.file);
  switch (f.code) {
    case 'not-recognised':
      return t('convertNotRecognised', file);
    case 'container-not-recognised':
      return t('convertContainerNotRecognised', file);
    case 'zip-damaged':
      return t('convertZipDamaged', file);
    case 'date-order':
      return t('convertDateOrderQuestion', file);
    default:
      return f.line === undefined ? t('convertFailedFile', file, f.problem) : t('convertFailedLine', file, f.line, f.problem);
  }
}

function ReportItem(props: { report: InputReport }) {
  const { report } = props;
  const { detection } = report;
  const zone = report.source.timeZone;
  // The assumed zone has its own line above the notices; the reader's notice would repeat it.
  const notices = report.warnings.filter((w) => !(w.code === 'zone_assumed' && zone.status === 'assumed'));
  return (
    <li data-input-report={report.name} data-format={detection.format} data-messages={report.messages} data-contacts={report.contacts}>
      <bdi>{shown(report.name)}</bdi>
      {': '}
      <span data-detection>{t('convertDetected', detection.format, detection.layout ?? '—', detection.locale ?? '—')}</span>
      <br />
      <span data-report-counts>
        {t('convertReportCounts', formatNumber(report.conversations), formatNumber(report.contacts), formatNumber(report.messages), formatNumber(report.attachments), formatNumber(report.notIncluded))}
      </span>
      {zone.status === 'assumed' ? (
        <>
          <br />
          <span class="muted">{t('convertZoneAssumed', zone.zone ?? '—')}</span>
        </>
      ) : null}
      {notices.length > 0 ? (
        <ul class="muted" data-warnings>
          {notices.map((w) => (
            <li data-warning={w.code}>{t(warningKey(w.code), ...w.args.map(shown))}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** How a sender reads for a person: a contact's name, the name inside a name handle, a phone number. */
function senderLabel(handle: string, names: ReadonlyMap<string, string>): string {
  const named = names.get(handle);
  if (named) return named;
  const m = /^[a-z][a-z0-9+.-]*:name[:/](.+)$/i.exec(handle);
  if (m) {
    try {
      return decodeURIComponent(m[1]!);
    } catch {
      return m[1]!;
    }
  }
  return handle.startsWith('tel:') ? handle.slice(4) : handle;
}

const SENDERS_SHOWN = 12;

/**
 * Who wrote how many messages, per conversation: the quickest check that a file was read
 * right (a reader that took messages for notices, or one sender for another, shows here).
 */
function Senders(props: { content: PageFacts }) {
  const { content } = props;
  const names = new Map<string, string>();
  for (const c of content.contacts) for (const h of c.handles) if (c.displayName) names.set(h, c.displayName);
  return (
    <ul data-senders>
      {content.conversations.map((conversation) => {
        const facts = content.facts.get(conversation.id);
        const counts = facts?.senders ?? new Map<string, number>();
        const notices = facts?.notices ?? 0;
        const rows = [...counts].sort((a, b) => b[1] - a[1]);
        return (
          <li data-conversation-senders={conversation.id}>
            <bdi>{shown(conversation.title ?? conversation.id)}</bdi>
            {': '}
            {rows.slice(0, SENDERS_SHOWN).map(([handle, n], i) => {
              const label = senderLabel(handle, names);
              return (
                <>
                  {i > 0 ? ', ' : ''}
                  <span data-sender={label} data-count={n}>
                    {tParts('convertSenderItem', <bdi>{shown(label)}</bdi>, formatNumber(n))}
                  </span>
                </>
              );
            })}
            {rows.length > SENDERS_SHOWN ? <>, {t('convertSendersMore', formatNumber(rows.length - SENDERS_SHOWN))}</> : null}
            {notices > 0 ? (
              <>
                {rows.length > 0 ? ', ' : ''}
                <span data-notices={notices}>{t('convertNoticesItem', formatNumber(notices))}</span>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export function ConvertFiles(props: { onContent: (content: PageContent | null) => void }) {
  const [inputs, setInputs] = useState<ConvertInput[]>([]);
  const [zone, setZone] = useState(localTimeZone());
  const [dateOrder, setDateOrder] = useState<DateOrder | ''>('');
  const [askDateOrder, setAskDateOrder] = useState(false);
  const [me, setMe] = useState('');
  const [phase, setPhase] = useState<ConvertPhase | null>(null);
  const [reports, setReports] = useState<InputReport[] | null>(null);
  const [content, setContent] = useState<PageContent | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [took, setTook] = useState<number | null>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const add = (more: ConvertInput[]) => {
    if (more.length === 0) return;
    setInputs((list) => [...list, ...more]);
    setReports(null);
    setFailure(null);
    setProblem(null);
  };

  async function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer) add(await droppedInputs(event.dataTransfer));
  }

  async function convert() {
    setFailure(null);
    setProblem(null);
    setReports(null);
    setTook(null);
    props.onContent(null);
    try {
      checkTimeZone(zone.trim());
    } catch {
      setProblem(t('convertZoneInvalid', zone));
      return;
    }
    setPhase('reading');
    const reply = await convertInWorker(
      {
        inputs,
        options: { timeZone: zone.trim(), ...(dateOrder ? { dateOrder } : {}), ...(me.trim() ? { me: me.trim() } : {}), now: new Date().toISOString() },
      },
      setPhase,
    );
    setPhase(null);
    if ('converted' in reply) {
      setReports(reply.converted.reports);
      setContent(reply.converted.content);
      setTook(reply.converted.millis);
      props.onContent(reply.converted.content);
    } else if ('failure' in reply) {
      setFailure(reply.failure);
      if (reply.failure.code === 'date-order') setAskDateOrder(true);
    } else {
      setProblem(t('convertFailedUnexpected', reply.error.replace(/\.\s*$/, '')));
    }
  }

  const asksMe = reports?.some((r) => r.warnings.some((w) => w.code === 'me_unknown' || w.code === 'me_not_found')) ?? false;
  const busy = phase !== null;

  return (
    <div data-convert-files>
      <p class="muted">{t('convertExplain')}</p>
      <div
        class={dragging ? 'dropzone dragging' : 'dropzone'}
        data-dropzone
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('convertDropHere')}</p>
        <label for="convert-files-input">{t('convertPickFiles')}</label>
        <input
          id="convert-files-input"
          ref={filesInput}
          type="file"
          multiple
          onChange={(e) => {
            add(foldersOf([...(e.currentTarget.files ?? [])]));
            e.currentTarget.value = '';
          }}
        />
        <label for="convert-folder-input">{t('convertPickFolder')}</label>
        <input
          id="convert-folder-input"
          ref={folderInput}
          type="file"
          multiple
          {...{ webkitdirectory: true }}
          onChange={(e) => {
            add(foldersOf([...(e.currentTarget.files ?? [])]));
            e.currentTarget.value = '';
          }}
        />
      </div>
      {inputs.length > 0 ? (
        <>
          <h3>{t('convertChosenHeading', formatNumber(inputs.length))}</h3>
          <ul data-chosen>
            {inputs.map((input, i) => (
              <li data-chosen-input={input.name}>
                <bdi>{shown(input.name)}</bdi>{' '}
                <span class="muted">
                  {input.kind === 'folder' ? t('convertChosenFolder', formatNumber(input.entries.length), formatNumber(sizeOf(input))) : t('convertChosenFile', formatNumber(sizeOf(input)))}
                </span>{' '}
                <button type="button" class="secondary" disabled={busy} aria-label={t('convertRemove', shown(input.name))} onClick={() => setInputs((list) => list.filter((_, j) => j !== i))}>
                  {t('convertRemoveShort')}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <label for="convert-zone">{t('convertZoneLabel')}</label>
      <input id="convert-zone" type="text" spellcheck={false} value={zone} onInput={(e) => setZone(e.currentTarget.value)} />
      <p class="muted">{t('convertZoneHint')}</p>
      {askDateOrder || dateOrder ? (
        <>
          <label for="convert-date-order">{t('convertDateOrderLabel')}</label>
          <select id="convert-date-order" value={dateOrder} onChange={(e) => setDateOrder(e.currentTarget.value as DateOrder | '')}>
            <option value="">{t('convertDateOrderAuto')}</option>
            <option value="dmy">{t('convertDateOrderDmy')}</option>
            <option value="mdy">{t('convertDateOrderMdy')}</option>
            <option value="ymd">{t('convertDateOrderYmd')}</option>
          </select>
        </>
      ) : null}
      {asksMe || me ? (
        <>
          <label for="convert-me">{t('convertMeLabel')}</label>
          <input id="convert-me" type="text" spellcheck={false} value={me} onInput={(e) => setMe(e.currentTarget.value)} />
          <p class="muted">{t('convertMeHint')}</p>
        </>
      ) : null}
      <div class="row">
        <button type="button" data-convert disabled={inputs.length === 0 || busy} onClick={convert}>
          {failure || reports ? t('convertAgainButton') : t('convertButton')}
        </button>
        {inputs.length > 0 ? (
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => {
              setInputs([]);
              setReports(null);
              setFailure(null);
              setProblem(null);
              props.onContent(null);
            }}
          >
            {t('convertClear')}
          </button>
        ) : null}
      </div>
      {phase ? (
        <p aria-live="polite" data-convert-phase={phase}>
          {phase === 'reading' ? t('convertPhaseReading') : phase === 'converting' ? t('convertPhaseConverting') : t('convertPhaseChecking')}
        </p>
      ) : null}
      {failure ? (
        <div class="error" role="alert" data-convert-error={failure.code ?? 'other'}>
          <p>{failureText(failure)}</p>
          {failure.code ? (
            <p class="muted" lang="en">
              {failure.line === undefined ? t('convertCoreSaid', failure.problem) : t('convertCoreSaidLine', failure.line, failure.problem)}
            </p>
          ) : null}
          <p>{failure.code === 'date-order' ? t('convertDateOrderAnswer') : t('convertNothingSaved')}</p>
        </div>
      ) : null}
      {problem ? (
        <p class="error" role="alert" data-convert-error="other">
          {problem}
        </p>
      ) : null}
      {reports ? (
        <>
          <h3>{t('convertReportHeading')}</h3>
          <ul data-reports>
            {reports.map((r) => (
              <ReportItem report={r} />
            ))}
          </ul>
          {content ? (
            <>
              <h3>{t('convertSendersHeading')}</h3>
              <Senders content={content} />
            </>
          ) : null}
          {asksMe ? <p data-asks-me>{t('convertMeQuestion')}</p> : null}
          <p class="ok" data-converted data-millis={took ?? undefined}>
            {t('convertDone')}
          </p>
        </>
      ) : null}
    </div>
  );
}
