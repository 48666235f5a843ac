// The "Files folder" setting: where this desktop keeps the case files' bytes, and moving them to
// another folder (a bigger disk, say) with progress and cancel. The core copies each file,
// checks it against its hash and only then uses the new folder (electron/core/api/files-mover.ts).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CasedeskApi, ChannelOutput } from '../../../shared/ipc/contract';
import { describeBytes } from '../../../shared/ipc/streams';
import { useFocusTrap } from '../ui/useFocusTrap';

type Folder = ChannelOutput<'files:folder'>;
const MOVE_JOB = 'files-move';

export function FilesFolderButton({ api }: { api: CasedeskApi }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Where this computer keeps the case files, and moving them">
        Files folder…
      </button>
      {open && <FilesFolderDialog api={api} onClose={() => setOpen(false)} />}
    </>
  );
}

const amount = (files: number, bytes: number) => `${files.toLocaleString()} file${files === 1 ? '' : 's'}, ${describeBytes(bytes)}`;

export function FilesFolderDialog({ api, onClose }: { api: CasedeskApi; onClose: () => void }) {
  const [folder, setFolder] = useState<Folder | null>(null);
  const [to, setTo] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number | null } | null>(null);
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useFocusTrap(form);

  const load = () =>
    api['files:folder']({}).then(
      (f) => {
        setFolder(f);
        setTo((typed) => typed || f.folder);
        if (f.moving) setProgress((p) => p ?? { done: 0, total: null });
      },
      (err: Error) => setSaid({ text: err.message, error: true }),
    );
  useEffect(() => void load(), [api]); 
  useEffect(
    () =>
      api.onEvent?.((event) => {
        if (event.type === 'progress' && event.job === MOVE_JOB) setProgress({ done: event.done, total: event.total });
      }),
    [api],
  );

  const moving = progress !== null;
  // Escape closes it (not during a move) wherever the focus is: a button disabled or replaced as
  // the move starts and ends drops the focus to the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !moving && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [moving, onClose]);
  const move = async (e: FormEvent) => {
    e.preventDefault();
    if (moving || !folder) return;
    setSaid(null);
    setProgress({ done: 0, total: null });
    try {
      const moved = await api['files:move']({ to });
      setSaid({ text: `Moved ${amount(moved.files, moved.bytes)} to ${moved.to}. Casedesk keeps the case files there from now on.`, error: false });
    } catch (err) {
      setSaid({ text: `Not moved: ${(err as Error).message}`, error: true });
    } finally {
      setProgress(null);
      void load();
    }
  };
  const cancel = () => void api['files:move-cancel']({}).catch((err: Error) => setSaid({ text: err.message, error: true }));

  return (
    <div className="dialog-backdrop">
      <form ref={form} className="dialog files-folder" role="dialog" aria-modal="true" aria-label="Files folder" onSubmit={(e) => void move(e)} tabIndex={-1}>
        <h2>Files folder</h2>
        {folder ? (
          <p>
            The case files on this computer are kept in <code className="folder-path">{folder.folder}</code> ({amount(folder.files, folder.bytes)}).
          </p>
        ) : (
          <p className="hint">Reading the folder…</p>
        )}
        {folder?.fixed ? (
          <p className="hint warning">Casedesk was started with --files, which chooses this folder. To move the files, close Casedesk and run casedesk files move DIR --db PATH, then start it without --files.</p>
        ) : (
          <>
            <label>
              Move them to (the folder’s full path)
              <input value={to} onChange={(e) => setTo(e.target.value)} disabled={moving} spellCheck={false} autoFocus aria-describedby="files-folder-hint" />
            </label>
            <p id="files-folder-hint" className="hint">
              Each file is copied and checked before the old copy goes; until the move is done Casedesk keeps using the old folder, the sync waits and attaching is paused.
            </p>
          </>
        )}
        {progress && (
          <div className="move-progress" role="status">
            <progress value={progress.total ? progress.done : undefined} max={progress.total ?? undefined} aria-label="Moving the case files" />
            <span>{progress.total ? `Moving… ${describeBytes(progress.done)} of ${describeBytes(progress.total)}` : 'Moving…'}</span>
          </div>
        )}
        {said && (
          <p className={said.error ? 'error' : 'note'} role={said.error ? 'alert' : 'status'}>
            {said.text}
          </p>
        )}
        <div className="actions">
          {moving ? (
            <button type="button" onClick={cancel}>
              Cancel the move
            </button>
          ) : (
            <>
              {!folder?.fixed && (
                <button type="submit" className="primary" disabled={!folder || !to.trim() || to.trim() === folder.folder}>
                  Move
                </button>
              )}
              <button type="button" onClick={onClose}>
                Close
              </button>
            </>
          )}
        </div>
      </form>
    </div>
  );
}
