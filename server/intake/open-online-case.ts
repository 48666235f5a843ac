// Opening a case from the online form: the same path a desktop's change takes — a `createCase`
// push item applied by the store in one transaction, judged by the shared rules, stamped with the
// next version — then a poke so every desktop pulls it, and for Severity-1 a page to the engineer on
// call (the central store's escalator: server/alerts/page-escalator.ts).
//
// The form's own id (made when the form was served) is both the mutation id and the case id, so a
// form sent twice (a double click, a reload of the confirmation) opens one case: the store applies
// a mutation id once, and the second send finds the case the first one opened.
import { DateTime } from 'luxon';
import type { Policy } from '../../shared/policy/policy-schema';
import type { PushItem } from '../../shared/sync/protocol';
import type { CaseSnapshot } from '../../shared/sync/protocol';
import type { LiveChannel } from '../http/live-channel';
import { INTAKE_USER_NAME, type ServerStore, type ServerUser } from '../store/server-store';
import { systemUser } from '../store/system-users';
import { caseFieldsOf, type IntakeSubmission } from './intake-form';
import { PAGED_SEVERITY } from './next-steps';

export const INTAKE_CLIENT_ID = 'online-intake';

export type OpenResult =
  | {
      ok: true;
      caseId: string;
      number: string;
      version: number;
      /** The form was sent before: this is the case it opened then (nothing was stored, nobody paged). */
      again: boolean;
      /** For a paged severity: who was paged ([]: nobody could be, or the page failed: the customer must phone). */
      paged: string[] | null;
    }
  | { ok: false; error: string };

/** Who pages a Severity-1 case's on-call chain: the names paged first ([] when nobody could be). */
export interface Pager {
  open(snapshot: CaseSnapshot): Promise<string[]>;
}

export interface OpenOptions {
  store: ServerStore;
  live: LiveChannel;
  pager: Pager;
  policy: Policy;
  now: number;
  log?: (line: string) => void;
  /** Files the customer sent with the form (their bytes already on the server), attached to the new case. */
  files?: readonly { sha256: string; size: number; name: string; mediaType: string }[];
}

/** The user online cases are pushed as (store/system-users.ts). */
export function intakeUser(store: ServerStore): Promise<ServerUser> {
  return systemUser(store, INTAKE_USER_NAME);
}

export async function openOnlineCase(submission: IntakeSubmission, { store, live, pager, policy, now, log, files = [] }: OpenOptions): Promise<OpenResult> {
  const caseId = submission.submission;
  // (Two sends racing past this check both get the first one's verdict from the store; only the
  // page may then go out twice, which an on-call engineer tells apart by the case number.)
  const before = (await store.snapshots(store.db, [caseId]))[0];
  if (before) {
    // Only a case this form opened answers to its id; anything else is a forged id: serve a new form.
    if (before.record.channel !== 'online') return { ok: false, error: 'this form cannot be sent again; please fill in a new one' };
    return { ok: true, caseId, number: before.number, version: before.version, again: true, paged: null };
  }

  const fields = caseFieldsOf(submission);
  const loggedAt = DateTime.fromMillis(now, { zone: policy.timeZone }).toISO({ suppressMilliseconds: true })!;
  const item: PushItem = {
    mutationId: caseId,
    name: 'createCase',
    args: {
      id: caseId,
      severity: submission.severity,
      type: 'problem',
      channel: 'online',
      loggedAt,
      author: INTAKE_USER_NAME,
      fields,
    },
    madeAt: now,
    // The version this change will most likely get: short enough to say on the phone. Should another
    // change take it first, the store numbers this case WEB-n/2, and we read back what it chose.
    number: `WEB-${(await store.head()) + 1}`,
    policy,
  };
  // The customer's files go with the case, in the same push, each a change of its own.
  const attached: PushItem[] = files.map((file, i) => ({
    mutationId: `${caseId}:file:${i}`,
    name: 'attachFile',
    args: { caseId, at: loggedAt, author: INTAKE_USER_NAME, sha256: file.sha256, size: file.size, name: file.name, mediaType: file.mediaType },
    madeAt: now,
    scope: { kind: 'case', caseId },
  }));
  const results = await store.push(await intakeUser(store), INTAKE_CLIENT_ID, [item, ...attached]);
  const [result, ...filed] = results;
  if (!result || result.status !== 'applied') return { ok: false, error: result?.error ?? 'the case was not stored' };
  for (const [i, r] of filed.entries()) if (r.status !== 'applied') log?.(`online intake: the file ${files[i]!.sha256.slice(0, 12)}… was not attached to the new case: ${r.error ?? r.status}`);
  const version = filed.at(-1)?.version ?? result.version;
  const stored = (await store.snapshots(store.db, [caseId]))[0];
  if (!stored) return { ok: false, error: 'the case was not stored' };

  live.changed(version);
  let paged: string[] | null = null;
  if (submission.severity === PAGED_SEVERITY) {
    try {
      paged = await pager.open(stored);
    } catch (err) {
      // The case is stored either way; the customer is told to phone instead of waiting for a page.
      log?.(`online intake: paging on-call for case ${stored.number} failed: ${(err as Error).message}`);
      paged = [];
    }
  }
  return { ok: true, caseId, number: stored.number, version, again: false, paged };
}
