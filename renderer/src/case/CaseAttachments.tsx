// The case's files: listed with who added them and when; "Attach files… (a)", a drop on the case
// or a pasted screenshot send them (useAttachUploads), with progress and Cancel. A picture is shown
// from its bytes as a picture (PNG, JPEG, GIF, WebP only: an SVG or an HTML file is never drawn or
// run, only saved); a text file's beginning is shown as text. A file another desktop attached is
// taken from the server when it is opened (attachment:fetch), with its progress. Remove is a
// change like the others: undone with u.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CaseChange, CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import { displayName } from '../../../shared/files/file-names';
import { streamFailure, streamsOf } from '../api/client';
import { saveBlob } from '../files/save-blob';
import { Moment } from '../ui/Moment';
import { refusalOf } from './case-actions';
import { LogViewer } from './LogViewer';
import { inDesktopApp, ScreenCapture } from './ScreenCapture';
import { progressText, sizeText, type Upload } from './useAttachUploads';

type Attachment = CaseDetail['attachments'][number];

/** Pictures drawn from their bytes: raster formats only, never SVG (it can carry script). */
const PICTURES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** Shown as text: plain text and the like — never HTML (shown as its text would be misleading, and it is saved instead). */
const TEXTS = /^(text\/(plain|csv|x-log)|application\/(json|xml))$/;
/** What opens in the log viewer: text, and a gzip log (unpacked as it is read). */
const LOGS = new Set(['text/plain', 'application/gzip']);
/** How much of a text file the preview shows (the log viewer opens the whole). */
const TEXT_PREVIEW_BYTES = 64 * 1024;

interface Props {
  api: CasedeskApi;
  detail: CaseDetail;
  picker: RefObject<HTMLInputElement | null>;
  uploads: Upload[];
  said: { text: string; error: boolean } | null;
  onFiles: (files: File[]) => void;
  change: (name: CaseChange, args: Record<string, unknown>) => Promise<boolean>;
  busy: boolean;
}

type Preview = { sha256: string; picture?: string; text?: string; cut?: boolean; error?: string; log?: boolean };

export function CaseAttachments({ api, detail, picker, uploads, said, onFiles, change, busy }: Props) {
  const [preview, setPreview] = useState<Preview | null>(null);
  // A picture's address is let go once it is no longer shown (another preview, none, or the case closed).
  const shownPicture = useRef<string | undefined>(undefined);
  useEffect(() => {
    const previous = shownPicture.current;
    shownPicture.current = preview?.picture;
    if (previous && previous !== preview?.picture) URL.revokeObjectURL(previous);
  }, [preview?.picture]);
  useEffect(
    () => () => {
      if (shownPicture.current) URL.revokeObjectURL(shownPicture.current);
    },
    [],
  );
  const [saying, setSaying] = useState<string | null>(null);
  const [capturing, setCapturing] = useState(false);
  /** Files being taken from the server: how far, or why not; and those that arrived since the case was read. */
  const [fetching, setFetching] = useState<Map<string, { received: number; size: number; error: string | null }>>(new Map());
  const [arrived, setArrived] = useState<Set<string>>(new Set());
  const isHere = (file: Attachment) => file.here || arrived.has(file.sha256);
  /** The file's bytes on this desktop: taken from the server first when they are not (false: they could not be). */
  const ensureHere = async (file: Attachment): Promise<boolean> => {
    if (isHere(file)) return true;
    const caseId = detail.record.id;
    for (;;) {
      let answer: { here: boolean; received: number; size: number; error: string | null };
      try {
        answer = await api['attachment:fetch']({ caseId, sha256: file.sha256 });
      } catch (err) {
        answer = { here: false, received: 0, size: file.size, error: (err as Error).message };
      }
      setFetching((known) => new Map(known).set(file.sha256, answer));
      if (answer.here) {
        setArrived((known) => new Set(known).add(file.sha256));
        setFetching((known) => {
          const next = new Map(known);
          next.delete(file.sha256);
          return next;
        });
        return true;
      }
      if (answer.error) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  /** A picture's zoom: null fits it to the panel, else a scale of its own size. */
  const [zoom, setZoom] = useState<number | null>(null);
  const open = streamsOf(api);
  const caseId = String(detail.record.id);

  const bytesOf = async (file: Attachment) => {
    const response = await open('attachment:read', { caseId, sha256: file.sha256 });
    if (!response.ok) throw new Error(await streamFailure(response, 'the file could not be read'));
    return response;
  };

  const show = async (file: Attachment) => {
    if (preview?.sha256 === file.sha256 && !preview.log) {
      setPreview(null);
      return;
    }
    setPreview({ sha256: file.sha256 });
    setZoom(null);
    if (!(await ensureHere(file))) return setPreview(null);
    try {
      const response = await bytesOf(file);
      if (PICTURES.has(file.mediaType)) {
        const blob = new Blob([await response.blob()], { type: file.mediaType });
        setPreview({ sha256: file.sha256, picture: URL.createObjectURL(blob) });
        return;
      }
      // The beginning only: the rest is not read.
      const reader = response.body!.getReader();
      const parts: Uint8Array[] = [];
      let length = 0;
      while (length < TEXT_PREVIEW_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        length += value.length;
      }
      void reader.cancel();
      const bytes = new Uint8Array(Math.min(length, TEXT_PREVIEW_BYTES));
      let at = 0;
      for (const part of parts) {
        bytes.set(part.subarray(0, bytes.length - at), at);
        at += Math.min(part.length, bytes.length - at);
      }
      setPreview({ sha256: file.sha256, text: new TextDecoder().decode(bytes), cut: file.size > bytes.length });
    } catch (err) {
      setPreview({ sha256: file.sha256, error: (err as Error).message });
    }
  };

  const save = async (file: Attachment) => {
    if (!(await ensureHere(file))) return;
    setSaying(`Saving ${displayName(file.name)}…`);
    try {
      saveBlob(await (await bytesOf(file)).blob(), file.name);
      setSaying(null);
    } catch (err) {
      setSaying(`${displayName(file.name)} was not saved: ${(err as Error).message}`);
    }
  };

  const remove = async (file: Attachment) => {
    if (await change('removeAttachment', { sha256: file.sha256 })) setSaying(`Removed ${displayName(file.name)} from the case: u undoes it`);
  };

  const files = detail.attachments;
  const removeRefused = files.length ? refusalOf(detail, 'removeAttachment') : null;
  return (
    <section className="attachments" aria-label="Attachments">
      <h3>
        Files{files.length ? ` (${files.length})` : ''}
        <button type="button" className="attach" onClick={() => picker.current?.click()} title="Or drop files on the case, or paste a screenshot">
          Attach files… <kbd>a</kbd>
        </button>
        {inDesktopApp(api) && (
          <button type="button" className="attach" onClick={() => setCapturing(true)} title="A screenshot of a screen or a window, attached to the case">
            Capture screen…
          </button>
        )}
      </h3>
      {capturing && <ScreenCapture api={api} onFile={(file) => onFiles([file])} onClose={() => setCapturing(false)} />}
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        aria-label="Files to attach"
        onChange={(e) => {
          const chosen = [...(e.target.files ?? [])];
          e.target.value = '';
          onFiles(chosen);
        }}
      />
      {uploads.length > 0 && (
        <ul className="uploads" aria-label="Files being attached">
          {uploads.map((u) => (
            <li key={u.key}>
              <span className="name">{displayName(u.name)}</span>
              <progress max={u.size || 1} {...(u.sent !== null ? { value: u.sent } : {})} aria-label={`${displayName(u.name)}: ${progressText(u)}`} />
              <span className="note">{progressText(u)}</span>
              <button type="button" onClick={u.cancel}>
                Cancel
              </button>
            </li>
          ))}
        </ul>
      )}
      {(said || saying) && (
        <p className={said?.error ? 'error' : 'note'} role={said?.error ? 'alert' : 'status'}>
          {[said?.text, saying].filter(Boolean).join('. ')}
        </p>
      )}
      {files.length === 0 && uploads.length === 0 && <p className="note">No files yet: logs, screenshots and traces the customer sends belong here.</p>}
      <ul className="files">
        {files.map((file) => (
          <li key={file.sha256}>
            <div className="file-line">
              <span className="name" title={`${displayName(file.name)} · SHA-256 ${file.sha256}`}>
                {displayName(file.name)}
              </span>
              <span className="note">
                {sizeText(file.size)} · {file.mediaType} · {file.addedBy ? `${file.addedBy}, ` : ''}
                <Moment ms={Date.parse(file.addedAt)} policyZone={detail.policyZone} />
                {!isHere(file) && <FetchState state={fetching.get(file.sha256)} />}
              </span>
              {(PICTURES.has(file.mediaType) || TEXTS.test(file.mediaType)) && (
                <button type="button" aria-expanded={preview?.sha256 === file.sha256 && !preview.log} onClick={() => void show(file)}>
                  {preview?.sha256 === file.sha256 && !preview.log ? 'Hide' : 'Show'}
                </button>
              )}
              {LOGS.has(file.mediaType) && (
                <button
                  type="button"
                  aria-expanded={preview?.sha256 === file.sha256 && preview.log === true}
                  onClick={() => {
                    if (preview?.sha256 === file.sha256 && preview.log) return setPreview(null);
                    void ensureHere(file).then((here) => here && setPreview({ sha256: file.sha256, log: true }));
                  }}
                >
                  Open as log
                </button>
              )}
              <button type="button" onClick={() => void save(file)}>
                Save
              </button>
              <button type="button" disabled={busy || removeRefused !== null} title={removeRefused ?? 'Take the file off the case (u undoes it)'} onClick={() => void remove(file)}>
                Remove
              </button>
            </div>
            {file.note && <p className="note">{file.note}</p>}
            {preview?.sha256 === file.sha256 && (
              <div className="preview">
                {preview.log && <LogViewer api={api} caseId={caseId} sha256={file.sha256} name={displayName(file.name)} />}
                {preview.error && <p className="error">{preview.error}</p>}
                {preview.picture && (
                  <>
                    <div className="zoom" role="group" aria-label="Zoom">
                      <button type="button" aria-pressed={zoom === null} onClick={() => setZoom(null)}>
                        Fit
                      </button>
                      {[1, 2, 4].map((scale) => (
                        <button key={scale} type="button" aria-pressed={zoom === scale} onClick={() => setZoom(scale)}>
                          {scale * 100}%
                        </button>
                      ))}
                    </div>
                    <div className={`picture${zoom === null ? ' fit' : ''}`}>
                      <img
                        src={preview.picture}
                        alt={displayName(file.name)}
                        title={zoom === null ? 'Click for its own size' : 'Click to fit'}
                        onClick={() => setZoom(zoom === null ? 1 : null)}
                        onLoad={(e) => e.currentTarget.style.setProperty('--own-width', `${e.currentTarget.naturalWidth}px`)}
                        style={zoom === null ? undefined : { width: `calc(var(--own-width) * ${zoom})`, maxWidth: 'none', maxHeight: 'none' }}
                      />
                    </div>
                  </>
                )}
                {preview.text !== undefined && (
                  <>
                    <pre tabIndex={0} aria-label={`The beginning of ${displayName(file.name)}`}>
                      {preview.text}
                    </pre>
                    {preview.cut && <p className="note">The first {sizeText(TEXT_PREVIEW_BYTES)} of {sizeText(file.size)}: Save to read the whole.</p>}
                  </>
                )}
                {!preview.log && !preview.error && !preview.picture && preview.text === undefined && <p className="note">Reading…</p>}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Where a file that is not on this desktop stands: on the server, coming (how far), or why it cannot come. */
function FetchState({ state }: { state: { received: number; size: number; error: string | null } | undefined }) {
  if (!state) return <span className="on-server"> · on the server (opening it takes it from there)</span>;
  if (state.error) return <span className="error" role="alert"> · not taken from the server: {state.error}</span>;
  return (
    <span className="on-server" role="status">
      {' '}
      · taking it from the server: {state.size ? Math.floor((state.received / state.size) * 100) : 0}%
    </span>
  );
}
