// The case workspace: the case as it stands (status, first report, policy, what is missing), and
// its panels — both SLA clocks (CaseClocks), the actions that carry out the policy, each one a
// named change the core checks and records (CaseActions), the fields edited in place (CaseFields),
// the files (CaseAttachments: dropped on the case, pasted, or chosen) and the timeline
// (CaseTimeline). Each panel fails on its own (PanelBoundary). A dialog: Tab
// stays in it, and the focus goes back where it was when it closes.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { lastEventInForce } from '../../../shared/cases/case-timeline';
import type { CaseChange, CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import { useShortcuts } from '../keyboard/useShortcuts';
import { viewerZone } from '../time-format';
import { Moment } from '../ui/Moment';
import { PanelBoundary } from '../ui/PanelBoundary';
import { useFocusTrap } from '../ui/useFocusTrap';
import { CaseActions } from './CaseActions';
import { CaseAttachments } from './CaseAttachments';
import { CaseDiagnosis } from './CaseDiagnosis';
import { pastedName, useAttachUploads } from './useAttachUploads';
import { caseActions, refusalOf } from './case-actions';
import { CaseClocks } from './CaseClocks';
import { CaseFields } from './CaseFields';
import { CaseTimeline } from './CaseTimeline';

interface Props {
  api: CasedeskApi;
  id: string;
  me: string;
  onClose: () => void;
  onChanged: () => void;
  /** The sync's data version: when it changes, the case is read again. */
  dataVersion?: number;
  /** Whether the case's shortcuts have the keyboard (not while the help is up). */
  keysActive?: boolean;
}

export function CaseWorkspace({ api, id, me, onClose, onChanged, dataVersion = 0, keysActive = true }: Props) {
  const [detail, setDetail] = useState<CaseDetail | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  /** Why an action chosen is not offered now: said, not sent. */
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<CaseChange | 'request' | null>(null);
  const [busy, setBusy] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  useFocusTrap(panel);
  useEffect(() => {
    setDetail(undefined);
    api['case:get']({ idOrNumber: id, viewerZone: viewerZone() }).then(setDetail, (err: Error) => setError(err.message));
  }, [api, id]);
  /** Read the case again, keeping what is shown if that fails. */
  const refresh = useCallback(() => {
    api['case:get']({ idOrNumber: id, viewerZone: viewerZone() }).then((d) => d && setDetail(d), () => undefined);
  }, [api, id]);
  const reload = useCallback(() => {
    refresh();
    onChanged();
  }, [refresh, onChanged]);
  const picker = useRef<HTMLInputElement>(null);
  const { uploads, said, attach } = useAttachUploads(api, detail ? String(detail.record.id) : null, me, reload);
  const [dropping, setDropping] = useState(false);
  // A sync brought changes in: show the case as it now stands (drafts of fields being edited stay).
  const shownVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion === shownVersion.current) return;
    shownVersion.current = dataVersion;
    refresh();
  }, [refresh, dataVersion]);

  /** Make a change; a refusal is shown at `onProblem` when given (a field says it at the field), else above. */
  const change = async (name: CaseChange, args: Record<string, unknown>, onProblem?: (message: string) => void): Promise<boolean> => {
    if (!me) {
      setError('Say who you are first (top right: "I am"): every change records its author.');
      return false;
    }
    setBusy(true);
    try {
      setDetail(await api['case:change']({ name, args: { caseId: String(detail!.record.id), author: me, ...args }, viewerZone: viewerZone() }));
      setError(null);
      setNotice(null);
      onChanged();
      return true;
    } catch (err) {
      if (onProblem) onProblem((err as Error).message);
      else setError((err as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const policy = detail?.policy;
  const actions = useMemo(() => (policy ? caseActions(policy) : []), [policy]);
  const events = (detail?.record.events as { type: string; retracts?: unknown; author?: unknown }[] | undefined) ?? [];
  // The last change still in force, if it is mine: it can be undone (the core checks the rest).
  const lastIndex = lastEventInForce(events);
  const undoable = lastIndex >= 0 && events[lastIndex]!.author === me && me !== '' ? events[lastIndex]! : null;

  const refused = (name: CaseChange) => (detail ? refusalOf(detail, name) : null);
  const choose = (what: CaseChange | 'request' | null) => {
    const why = what && what !== 'request' ? refused(what) : null;
    setNotice(why);
    if (!why) setOpen(what);
  };
  useShortcuts(
    'case',
    {
      act: (name) => choose(name),
      requestMissing: () => choose('request'),
      attachFiles: () => picker.current?.click(),
      undo: () => {
        if (!detail || !undoable || busy) return;
        const why = refused('undoLastChange');
        if (why) setNotice(why);
        else void change('undoLastChange', {});
      },
    },
    keysActive,
  );

  const record = detail?.record;
  return (
    <aside
      ref={panel}
      className={`details${dropping ? ' dropping' : ''}`}
      role="dialog"
      aria-modal="true"
      aria-label={`Case ${detail?.number ?? id}`}
      tabIndex={-1}
      // Files dropped anywhere on the case, or a screenshot pasted (outside a text field), are attached to it.
      onDragOver={(e) => {
        if (!detail || !e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDropping(false)}
      onDrop={(e) => {
        setDropping(false);
        if (!detail || e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        void attach([...e.dataTransfer.files]);
      }}
      onPaste={(e) => {
        const target = e.target as HTMLElement;
        if (!detail || target.closest('input, textarea, [contenteditable]')) return;
        const files = [...e.clipboardData.files];
        if (files.length === 0) return;
        e.preventDefault();
        void attach(files, files.map((f) => pastedName(f)));
      }}
    >
      <header>
        <h2>{detail && record ? `${detail.number} · ${String(record.summary ?? record.id)}` : id}</h2>
        <button ref={close} onClick={onClose} aria-label="Close (Esc)">
          ×
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {detail === null && <p>No such case.</p>}
      {detail && record && (
        <>
          <p className="status">
            <span className={`sev sev-${detail.severity}`}>{detail.severity}</span> {detail.status} · first report <Moment ms={Date.parse(String(record.loggedAt))} policyZone={detail.policyZone} /> · policy {detail.policy.id} v
            {detail.policy.version}
          </p>
          {detail.missing.length > 0 && <p className="missing">Missing: {detail.missing.map((m) => m.label).join(', ')}</p>}
          <PanelBoundary name="SLA clocks">
            <CaseClocks detail={detail} />
          </PanelBoundary>
          <PanelBoundary name="Actions">
            <CaseActions api={api} detail={detail} actions={actions} open={open} onOpen={choose} busy={busy} undoable={undoable} change={change} me={me} onRefused={setNotice} />
          </PanelBoundary>
          <PanelBoundary name="Fields">
            <CaseFields detail={detail} busy={busy} change={change} />
          </PanelBoundary>
          <PanelBoundary name="Diagnosis">
            <CaseDiagnosis api={api} detail={detail} change={change} busy={busy} />
          </PanelBoundary>
          <PanelBoundary name="Files">
            <CaseAttachments api={api} detail={detail} picker={picker} uploads={uploads} said={said} onFiles={(files) => void attach(files)} change={change} busy={busy} />
          </PanelBoundary>
          <PanelBoundary name="Timeline">
            <CaseTimeline detail={detail} />
          </PanelBoundary>
        </>
      )}
    </aside>
  );
}
