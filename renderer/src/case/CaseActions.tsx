// The actions bar of a case: undo of my last change, the request for missing information, and
// every action with its form (a severity change shows the deadlines it would give). An action the
// rules would refuse now (detail.offers) is shown disabled with their reason on hover and when
// chosen; a choice offers only what they would take. Closing or resolving with fields the policy
// requires still empty asks first, naming them. Which form is open is the workspace's (its
// shortcuts open them too).
import type { CaseChange, CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import { ActionForm, type Confirmation } from './ActionForm';
import { actionProblems, offeredAction, refusalOf, type Action } from './case-actions';
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
  /** Who I am: the author every change records. */
  me: string;
  /** Say why an action is not offered (it was chosen anyway). */
  onRefused: (why: string) => void;
}

/** Closing or resolving a case with required fields still empty: the question that names them. */
function missingQuestion(detail: CaseDetail, action: Action, values: Record<string, string>): Confirmation | null {
  const closing = action.change === 'closeCase';
  const resolving = action.change === 'changeStatus' && values.status === 'resolved';
  if ((!closing && !resolving) || detail.missing.length === 0) return null;
  const n = detail.missing.length;
  const verb = closing ? 'Close' : 'Resolve';
  return {
    question: `${n} ${n === 1 ? 'field the policy requires is' : 'fields the policy requires are'} still empty: ${detail.missing.map((m) => m.label).join(', ')}. ${verb} the case without ${n === 1 ? 'it' : 'them'}?`,
    button: `${verb} anyway`,
  };
}

export function CaseActions({ api, detail, actions, open, onOpen, busy, undoable, change, me, onRefused }: Props) {
  const chosen = actions.find((a) => a.change === open) ?? null;
  const refusal = (name: CaseChange) => refusalOf(detail, name);
  const action = chosen && refusal(chosen.change) === null ? offeredAction(chosen, detail.offers[chosen.change]) : null;
  const undoRefused = refusal('undoLastChange');
  // Only what the customer knows is asked of them: no request when the rest is ours to fill in.
  const askable = askableMissing(detail);
  // Asking is recorded as awaiting the customer: offered when the rules would take that status.
  const statusOffer = detail.offers.changeStatus;
  const requestRefused = statusOffer.choices?.includes('awaiting-customer') ? null : (statusOffer.refused ?? `case ${detail.number} is already awaiting the customer`);
  const requesting = open === 'request' && askable.length > 0 && requestRefused === null;
  return (
    <>
      {undoable && (
        <p className="undo">
          <button
            disabled={busy}
            aria-disabled={undoRefused ? true : undefined}
            title={undoRefused ?? undefined}
            onClick={() => (undoRefused ? onRefused(undoRefused) : void change('undoLastChange', {}))}
          >
            Undo {String(undoable.type)} (u)
          </button>
        </p>
      )}
      <nav className="actions-bar" aria-label="Actions">
        {askable.length > 0 && (
          <button
            className={requesting ? 'active' : ''}
            aria-disabled={requestRefused ? true : undefined}
            title={requestRefused ?? undefined}
            onClick={() => (requestRefused ? onRefused(requestRefused) : onOpen(requesting ? null : 'request'))}
          >
            Request missing information
          </button>
        )}
        {actions.map((a) => {
          const refused = refusal(a.change);
          return (
            <button
              key={a.change}
              className={open === a.change && !refused ? 'active' : ''}
              aria-disabled={refused ? true : undefined}
              title={refused ?? undefined}
              onClick={() => (refused ? onRefused(refused) : onOpen(open === a.change ? null : a.change))}
            >
              {a.label}
            </button>
          );
        })}
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
          validate={(v) => actionProblems(action, v, { caseId: String(detail.record.id), author: me || 'me' /* who I am is asked for by the workspace */ })}
          confirm={(v) => missingQuestion(detail, action, v)}
          onSubmit={async (values) => {
            if (await change(action.change, action.args(values))) onOpen(null);
          }}
        />
      )}
    </>
  );
}
