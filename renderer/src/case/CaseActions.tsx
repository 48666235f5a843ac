// The actions bar of a case: undo of my last change, the request for missing information, and
// every action with its form (a severity change shows the deadlines it would give). Which form is
// open is the workspace's (its shortcuts open them too).
import type { CaseChange, CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import { ActionForm } from './ActionForm';
import type { Action } from './case-actions';
import { MissingInfoRequest } from './MissingInfoRequest';
import { askableMissing } from './missing-info-message';
import { SeverityPreview } from './SeverityPreview';

interface Props {
  api: CasedeskApi;
  detail: CaseDetail;
  actions: Action[];
  /** The open form: an action, the request for missing information, or nothing. */
  open: CaseChange | 'request' | null;
  onOpen: (what: CaseChange | 'request' | null) => void;
  busy: boolean;
  /** The last change in force, if it is mine and can be undone. */
  undoable: { type: unknown } | null;
  change: (name: CaseChange, args: Record<string, unknown>) => Promise<boolean>;
}

export function CaseActions({ api, detail, actions, open, onOpen, busy, undoable, change }: Props) {
  const action = actions.find((a) => a.change === open) ?? null;
  // Only what the customer knows is asked of them: no request when the rest is ours to fill in.
  const askable = askableMissing(detail);
  const requesting = open === 'request' && askable.length > 0;
  return (
    <>
      {undoable && (
        <p className="undo">
          <button disabled={busy} onClick={() => void change('undoLastChange', {})}>
            Undo {String(undoable.type)} (u)
          </button>
        </p>
      )}
      <nav className="actions-bar" aria-label="Actions">
        {askable.length > 0 && (
          <button className={requesting ? 'active' : ''} onClick={() => onOpen(requesting ? null : 'request')}>
            Request missing information
          </button>
        )}
        {actions.map((a) => (
          <button key={a.change} className={open === a.change ? 'active' : ''} onClick={() => onOpen(open === a.change ? null : a.change)}>
            {a.label}
          </button>
        ))}
      </nav>
      {requesting && (
        <MissingInfoRequest
          detail={detail}
          busy={busy}
          onRecord={async () => {
            const reason = `requested: ${askable.map((m) => m.label).join(', ')}`.slice(0, 2000);
            if (await change('changeStatus', { status: 'awaiting-customer', reason })) onOpen(null);
          }}
        />
      )}
      {action && (
        <ActionForm
          key={action.change}
          action={action}
          busy={busy}
          zone={detail.policyZone}
          preview={action.change === 'changeSeverity' ? (v) => <SeverityPreview api={api} detail={detail} severity={Number(v.severity)} /> : undefined}
          onSubmit={async (values) => {
            if (await change(action.change, action.args(values))) onOpen(null);
          }}
        />
      )}
    </>
  );
}
