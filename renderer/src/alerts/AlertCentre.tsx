// The header's alerts: a bell with the count of alerts not yet seen and of cases at risk; the list
// of recent alerts, each opening its case; a mute for an hour; the engineer's preferences. A new
// alert that pops up also shows in the app itself for a moment — a Severity-1 until dismissed —
// and, in the browser host, as a browser notification once allowed (the desktop app shows a native
// one from its main process). The list is the core's (alerts:get), kept current by its events.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertPreferences } from '../../../shared/alerts/alert-audience';
import type { AlertNotice, AlertsState, CasedeskApi } from '../../../shared/ipc/contract';
import { useFocusTrap } from '../ui/useFocusTrap';
import { Moment } from '../ui/Moment';
import { AlertPreferencesForm } from './AlertPreferencesForm';

const HOUR = 3_600_000;
/** How long an alert other than a Severity-1 stays on screen. */
const TOAST_MS = 15_000;
const inBrowser = () => !('casedesk' in window) && typeof Notification !== 'undefined';

interface Props {
  api: CasedeskApi;
  /** The engineer's name as the header has it: "my cases" are theirs. */
  me: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onOpenCase: (caseId: string) => void;
}

export function AlertCentre({ api, me, open, onOpenChange, onOpenCase }: Props) {
  const [state, setState] = useState<AlertsState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [toasts, setToasts] = useState<AlertNotice[]>([]);
  const [permission, setPermission] = useState(() => (inBrowser() ? Notification.permission : 'denied'));

  // The preferences as last changed here: a change is a patch on them, not on what was last shown.
  const preferences = useRef<AlertPreferences | null>(null);
  const change = useCallback(
    async (input: Parameters<CasedeskApi['alerts:set']>[0]) => {
      try {
        const next = await api['alerts:set'](input);
        preferences.current = next.preferences;
        setState(next);
        setError(null);
      } catch (err) {
        setError((err as Error).message);
      }
    },
    [api],
  );

  useEffect(() => {
    let live = true;
    api['alerts:get']({}).then(
      (s) => {
        if (!live) return;
        preferences.current = s.preferences;
        setState(s);
      },
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const openCase = useCallback(
    (notice: AlertNotice) => {
      setToasts((list) => list.filter((t) => t.id !== notice.id));
      onOpenChange(false);
      onOpenCase(notice.caseId);
    },
    [onOpenCase, onOpenChange],
  );
  const openCaseRef = useRef(openCase);
  openCaseRef.current = openCase;

  // The core's events keep the list and the counts current.
  useEffect(
    () =>
      api.onEvent?.((event) => {
        if (event.type === 'alerts-status') setState((s) => (s ? { ...s, ...event.summary } : s));
        if (event.type !== 'alert') return;
        const notice = event.notice;
        setState((s) => (s ? { ...s, recent: [notice, ...s.recent.filter((n) => n.id !== notice.id)].slice(0, 100), unseen: s.unseen + 1 } : s));
        if (!notice.popup) return;
        setToasts((list) => [notice, ...list.filter((n) => n.id !== notice.id)].slice(0, 3));
        if (inBrowser() && Notification.permission === 'granted') {
          const shown = new Notification(notice.title, { body: notice.body, tag: notice.id, requireInteraction: notice.critical, silent: !notice.sound });
          shown.onclick = () => {
            window.focus();
            openCaseRef.current(notice);
            shown.close();
          };
        }
      }),
    [api],
  );

  // A toast other than a Severity-1's goes by itself.
  useEffect(() => {
    const passing = toasts.filter((t) => !t.critical);
    if (passing.length === 0) return;
    const timer = setTimeout(() => setToasts((list) => list.filter((t) => t.critical || Date.now() - t.raisedAt < TOAST_MS)), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toasts]);

  // The name typed in the header is who "my cases" belong to (a moment after typing stops).
  useEffect(() => {
    if (!state || state.me === me.trim()) return;
    const timer = setTimeout(() => void change({ me }), 400);
    return () => clearTimeout(timer);
  }, [me, state, change]);

  // Opening the list marks what it shows as seen.
  useEffect(() => {
    if (open && state && state.unseen > 0) void change({ seen: true });
  }, [open, state, change]);

  const changePreferences = useCallback(
    (patch: Partial<AlertPreferences>) => {
      if (!preferences.current) return;
      preferences.current = { ...preferences.current, ...patch };
      void change({ preferences: preferences.current });
    },
    [change],
  );

  const unseen = state?.unseen ?? 0;
  const atRisk = state?.atRisk ?? 0;
  return (
    <div className="alerts">
      <button
        type="button"
        className={`alerts-button${atRisk > 0 ? ' at-risk' : ''}`}
        aria-expanded={open}
        aria-label={`Alerts: ${unseen} new, ${atRisk} case${atRisk === 1 ? '' : 's'} at risk`}
        title="Alerts (!): what is due, breached or closing by itself"
        onClick={() => onOpenChange(!open)}
      >
        <BellIcon /> Alerts
        {unseen > 0 && <span className="count">{unseen}</span>}
        {atRisk > 0 && <span className="risk">{atRisk} at risk</span>}
      </button>
      {state?.mutedUntil != null && (
        <span className="note muted-note">
          muted until <Moment ms={state.mutedUntil} />
        </span>
      )}
      {open && <AlertPanel state={state} error={error} permission={permission} onPermission={setPermission} onChange={change} onPreferences={changePreferences} onOpenCase={openCase} onClose={() => onOpenChange(false)} />}
      {toasts.length > 0 && (
        <div className="alert-toasts">
          {toasts.map((t) => (
            <div key={t.id} className={`alert-toast${t.critical ? ' critical' : ''}`} role={t.critical ? 'alert' : 'status'}>
              <strong>{t.title}</strong>
              <span>{t.body}</span>
              <div className="alert-toast-actions">
                <button type="button" onClick={() => openCase(t)}>
                  Open case {t.number}
                </button>
                <button type="button" aria-label={`Dismiss: ${t.title}`} onClick={() => setToasts((list) => list.filter((n) => n.id !== t.id))}>
                  Dismiss
                </button>
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function AlertPanel({
  state,
  error,
  permission,
  onPermission,
  onChange,
  onPreferences,
  onOpenCase,
  onClose,
}: {
  state: AlertsState | null;
  error: string | null;
  permission: NotificationPermission;
  onPermission: (p: NotificationPermission) => void;
  onChange: (input: Parameters<CasedeskApi['alerts:set']>[0]) => Promise<void>;
  onPreferences: (patch: Partial<AlertPreferences>) => void;
  onOpenCase: (notice: AlertNotice) => void;
  onClose: () => void;
}) {
  const panel = useRef<HTMLDivElement>(null);
  useFocusTrap(panel);
  return (
    <div className="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog alerts-panel" role="dialog" aria-label="Alerts" tabIndex={-1} ref={panel}>
        <h2>Alerts</h2>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!state ? (
          <p className="hint">Loading…</p>
        ) : (
          <>
            <p className="hint">
              {state.atRisk === 0 ? 'No open case is at risk.' : `${state.atRisk} open case${state.atRisk === 1 ? ' is' : 's are'} breached or breaching within 2 hours.`}{' '}
              {state.mutedUntil !== null ? (
                <>
                  Alerts other than Severity-1 are muted until <Moment ms={state.mutedUntil} />.{' '}
                  <button type="button" onClick={() => void onChange({ muteFor: 0 })}>
                    Unmute
                  </button>
                </>
              ) : (
                <button type="button" onClick={() => void onChange({ muteFor: HOUR })}>
                  Mute for 1 hour
                </button>
              )}
            </p>
            {inBrowser() && permission === 'default' && (
              <p>
                <button type="button" onClick={() => void Notification.requestPermission().then(onPermission)}>
                  Also show alerts as browser notifications
                </button>
              </p>
            )}
            {state.recent.length === 0 ? (
              <p className="hint">No alert yet. Casedesk tells you here, and as a notification, before a response or resolution is due, when it breaches, and before a case closes by itself.</p>
            ) : (
              <ul className="alert-list" aria-label="Recent alerts">
                {state.recent.map((n) => (
                  <li key={n.id} className={n.critical ? 'critical' : undefined}>
                    <button type="button" className="link" onClick={() => onOpenCase(n)}>
                      {n.title}
                    </button>
                    <span>{n.body}</span>
                    <small>
                      <Moment ms={n.raisedAt} /> · {n.reason}
                      {n.held && ` · not shown as a notification (${n.held})`}
                    </small>
                  </li>
                ))}
              </ul>
            )}
            <details>
              <summary>Preferences</summary>
              <AlertPreferencesForm preferences={state.preferences} onChange={onPreferences} />
            </details>
          </>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

/** A bell drawn in the text's colour (no emoji font needed). */
function BellIcon() {
  return (
    <svg aria-hidden="true" width="12" height="12" viewBox="0 0 16 16" fill="currentColor" className="bell">
      <path d="M8 1.5a1 1 0 0 1 1 1v.6a4.5 4.5 0 0 1 3.5 4.4v2.8l1.3 1.9a.5.5 0 0 1-.4.8H2.6a.5.5 0 0 1-.4-.8l1.3-1.9V7.5A4.5 4.5 0 0 1 7 3.1v-.6a1 1 0 0 1 1-1ZM6.3 14h3.4a1.7 1.7 0 0 1-3.4 0Z" />
    </svg>
  );
}
