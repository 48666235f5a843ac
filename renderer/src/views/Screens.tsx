// What is on screen: the queue, always; over it the open case, the new-case dialog and the
// shortcut help, and a toast saying what was just done; at first start, before all of them, who
// the engineer is. This is the one place that opens and
// closes them; the global shortcuts (`?`, Esc) act here, and each part has the keyboard only
// while nothing is open over it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CasedeskApi } from '../../../shared/ipc/contract';
import { CaseWorkspace } from '../case/CaseWorkspace';
import { NewCaseDialog } from '../case/NewCaseDialog';
import { ShortcutHelp } from '../keyboard/ShortcutHelp';
import { useShortcuts } from '../keyboard/useShortcuts';
import { QueuePage } from '../queue/QueuePage';
import { PanelBoundary } from '../ui/PanelBoundary';
import { WhoAmIDialog } from './WhoAmIDialog';

interface Props {
  api: CasedeskApi;
  me: string;
  /** A followed casedesk:// link (a new object each time, so the same link twice works). */
  linkedCase?: { id: string } | null;
  /** The sync's data version: it changes when a sync brought cases in. */
  dataVersion?: number;
  /** No name yet (first start, not signed in): ask it before anything else (WhoAmIDialog). */
  askName?: ((name: string) => void) | null;
  /** The `!` shortcut: show or hide the header's alerts. */
  onToggleAlerts?: () => void;
}

const isField = (t: EventTarget | null) => t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;

export function Screens({ api, me, linkedCase = null, dataVersion = 0, askName = null, onToggleAlerts }: Props) {
  const [openCase, setOpenCase] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [helping, setHelping] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  // Counts every change of the cases the queue shows: a sync's, or one made here.
  const [changes, setChanges] = useState(0);
  const changed = useCallback(() => setChanges((n) => n + 1), []);
  const shownVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion === shownVersion.current) return;
    shownVersion.current = dataVersion;
    changed();
  }, [dataVersion, changed]);

  // The core tells what changed (shared/ipc/events.ts): an import, another window's change, a
  // sync. A burst of events reloads the queue once.
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = api.onEvent?.((event) => {
      if (event.type !== 'cases-changed' || pending) return;
      pending = setTimeout(() => {
        pending = null;
        changed();
      }, 100);
    });
    // A reload still waiting when the screen goes would update nothing.
    return () => {
      if (pending) clearTimeout(pending);
      unsubscribe?.();
    };
  }, [api, changed]);

  useEffect(() => {
    if (linkedCase) setOpenCase(linkedCase.id);
  }, [linkedCase]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(timer);
  }, [toast]);

  useShortcuts('global', {
    toggleHelp: () => setHelping((h) => !h),
    toggleAlerts: () => onToggleAlerts?.(),
    escape: (e) => {
      if (helping) setHelping(false);
      // Esc in a field of the case leaves the field first (which saves it); the next Esc closes.
      else if (openCase && isField(e.target)) (e.target as HTMLElement).blur();
      else if (openCase || creating) {
        setOpenCase(null);
        setCreating(false);
      } else if (isField(e.target)) (e.target as HTMLElement).blur();
    },
  });

  const closeCase = useCallback(() => setOpenCase(null), []);
  const newCase = useCallback(() => setCreating(true), []);
  return (
    <>
      <QueuePage api={api} me={me} dataVersion={changes} onOpenCase={setOpenCase} onNewCase={newCase} keysActive={!openCase && !creating && !helping && !askName} />
      {openCase && (
        <PanelBoundary name="Case">
          <CaseWorkspace api={api} id={openCase} me={me} dataVersion={dataVersion} onClose={closeCase} onChanged={changed} keysActive={!helping} />
        </PanelBoundary>
      )}
      {creating && (
        <PanelBoundary name="New case">
          <NewCaseDialog
            api={api}
            me={me}
            onCancel={() => setCreating(false)}
            onDone={(created) => {
              setCreating(false);
              setToast(`Case ${created.number} created`);
              changed();
              // The engineer goes on with the case they just opened.
              setOpenCase(created.id);
            }}
          />
        </PanelBoundary>
      )}
      {toast && <div className="toast" role="status">{toast}</div>}
      {askName && <WhoAmIDialog onName={askName} />}
      {helping && (
        <PanelBoundary name="Keyboard shortcuts">
          <ShortcutHelp onClose={() => setHelping(false)} />
        </PanelBoundary>
      )}
    </>
  );
}
