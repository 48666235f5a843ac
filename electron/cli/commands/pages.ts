// Severity-1 pages from the command line: `casedesk page list` (the pages of the database's cases
// still waiting for an answer) and `casedesk page ack CASE` (acknowledge one: recorded on the case
// and, with --server, sent at once — it stops the escalation only once the central store has it).
import { casePageOf, currentStep } from '../../../shared/oncall/case-pages';
import { MutationError } from '../../../shared/cases/decide-mutation';
import { formatInstant } from '../../../shared/time/instant';
import { timeZone } from '../../../shared/time/time-zone';
import { printable } from '../../../shared/validation/control-characters';
import { applyMutation } from '../../core/store/apply-mutation';
import { syncOnce } from '../../core/sync/sync-client';
import { CliError, type CliIo } from '../cli-io';
import { authorOf, caseOf, openStore, withStore } from '../store-access';

export interface PageAckOptions {
  db?: string;
  note?: string;
  as?: string;
  server?: string;
  token?: string;
}

export async function pageListCommand(options: { db?: string }, io: CliIo): Promise<void> {
  const store = openStore(options.db, { readonly: true, now: io.now });
  await withStore(store, () => {
    const pages = [];
    for (const stored of store.allCases()) {
      const page = casePageOf(stored.record);
      if (!page || page.acknowledged) continue;
      const step = currentStep(page);
      pages.push({ caseId: stored.record.id, number: stored.number, step: step.step, to: step.to, at: step.at });
    }
    pages.sort((a, b) => a.at.localeCompare(b.at));
    io.out(`${JSON.stringify({ pages })}\n`);
  });
}

export async function pageAckCommand(caseRef: string, options: PageAckOptions, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const token = options.token ?? env.CASEDESK_TOKEN;
  if (options.server !== undefined) {
    if (!/^https?:\/\//i.test(options.server)) throw new CliError(`--server: "${options.server}" is not an http:// or https:// address`, 2);
    if (!token) throw new CliError('with --server a token is required: --token T or the CASEDESK_TOKEN environment variable', 2);
  }
  const store = openStore(options.db, { now: io.now });
  await withStore(store, async () => {
    const stored = caseOf(store, caseRef);
    const at = formatInstant(io.now(), timeZone(store.policy(stored.policyId, stored.policyVersion).timeZone));
    const author = authorOf(store, options.as);
    try {
      applyMutation(store, 'acknowledgePage', { caseId: stored.record.id, at, author, ...(options.note ? { note: options.note } : {}) });
    } catch (err) {
      if (err instanceof MutationError) throw new CliError(printable(err.message));
      throw err;
    }
    let sent = false;
    let why: string | null = null;
    if (options.server && token) {
      try {
        const report = await syncOnce(store, { server: options.server, token, timeoutMs: 10_000 });
        const ours = (r: { name: string; caseId: string | null }) => r.name === 'acknowledgePage' && r.caseId === stored.record.id;
        const refused = report.rejected.find(ours);
        // Refused (answered meanwhile by someone else, say), the case is as the server has it: nothing to print.
        if (refused) throw new CliError(`the server refused the acknowledgement: ${printable(refused.error)}`);
        const notApplied = report.notApplied.find(ours);
        if (notApplied) why = `the server could not apply it: ${notApplied.error}`;
        else sent = true;
      } catch (err) {
        if (err instanceof CliError) throw err;
        why = (err as Error).message;
      }
    }
    const acknowledged = casePageOf(store.getCase(stored.record.id)?.record ?? stored.record)?.acknowledged;
    io.out(`${JSON.stringify({ caseId: stored.record.id, number: stored.number, acknowledgedBy: acknowledged?.by ?? author, at: acknowledged?.at ?? at, sent })}\n`);
    if (why !== null) throw new CliError(`acknowledged here but not sent (${printable(why)}); the page escalates until the central store has it: run casedesk sync`);
  });
}
