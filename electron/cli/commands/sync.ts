// `casedesk sync --db PATH --server URL [--token T] [--watch]`: push this desktop's pending
// changes, pull everything new, report (rejected changes by case and reason) and exit 0; with
// --watch, keep going — on every poke from the server's live channel, every few seconds when
// changes wait here, and on a timer — until Ctrl+C. The token comes from --token or CASEDESK_TOKEN.
import { SyncBusyError } from '../../core/store/sync-lock';
import { pendingCount, syncOnce, SyncError, type SyncReport } from '../../core/sync/sync-client';
import { FileStore } from '../../core/files/file-store';
import { watchSync } from '../../core/sync/sync-watch';
import { CliError, type CliIo } from '../cli-io';
import { openStore } from '../store-access';
import { printable } from '../../../shared/validation/control-characters';

export interface SyncCommandOptions {
  db?: string;
  server?: string;
  token?: string;
  watch?: boolean;
  timeout?: string;
  files?: string;
}

export function describeReport(report: SyncReport): string {
  const lines = [
    `pushed ${report.pushed} change(s): ${report.applied} applied, ${report.rejected.length} rejected${report.notApplied.length > 0 ? `, ${report.notApplied.length} not applied` : ''}; pulled ${report.pulled} case(s); at server version ${report.version}` +
      (report.pending > 0 ? `; ${report.pending} change(s) still waiting` : ''),
  ];
  const { files } = report;
  if (files.sent > 0 || files.fetched > 0) lines.push(`  files: ${files.sent} sent (${files.bytes.toLocaleString('en-US')} bytes), ${files.fetched} of Severity-1 cases taken from the server`);
  for (const f of files.refused) lines.push(`  file not sent: ${f.sha256.slice(0, 12)}…: ${f.error}`);
  for (const r of report.rejected) lines.push(`  rejected: ${r.name} on case ${r.number ?? r.caseId ?? '?'}: ${r.error}`);
  for (const r of report.notApplied) {
    lines.push(`  not applied: ${r.name} on case ${r.number ?? r.caseId ?? '?'}: ${r.error}; kept here, sent again after ${new Date(r.retryAt).toISOString()}`);
  }
  if (report.dropped > 0) {
    lines.push(`  ${report.dropped} case(s) the server refused to create were taken out of the queue; their copy is kept: casedesk export --refused --db … writes them out`);
  }
  return printable(`${lines.join('\n')}\n`);
}

export async function syncCommand(options: SyncCommandOptions, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!options.server) throw new CliError('--server URL is required: the central server to sync with', 2);
  if (!/^https?:\/\//i.test(options.server)) throw new CliError(`--server: "${options.server}" is not an http:// or https:// address`, 2);
  const token = options.token ?? env.CASEDESK_TOKEN;
  if (!token) throw new CliError('a token is required: --token T or the CASEDESK_TOKEN environment variable (ask an admin: casedesk server user add)', 2);
  const timeoutMs = options.timeout === undefined ? 10_000 : Number(options.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new CliError(`--timeout: "${options.timeout}" is not a number of seconds`, 2);
  const store = openStore(options.db, { create: true, now: io.now });
  const sync = { server: options.server, token, timeoutMs, ...(options.files ? { files: new FileStore(options.files) } : {}) };
  try {
    if (!options.watch) {
      const report = await syncOnce(store, sync);
      io.out(describeReport(report));
      // A fault on the server kept changes from it: the sync did not do its job, and says so.
      if (report.notApplied.length > 0) {
        throw new CliError(`the server could not apply ${report.notApplied.length} change(s); they are kept here for the next sync (ask your admin to look at the server's log)`);
      }
      return;
    }
    io.err(`Syncing ${options.db} with ${options.server} until Ctrl+C.\n`);
    let first = true;
    await new Promise<void>((done) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      void watchSync(store, sync, {
        signal: controller.signal,
        onReport: (report) => {
          if (first || report.pushed > 0 || report.pulled > 0) io.out(describeReport(report));
          first = false;
        },
        onError: (err) => io.err(`casedesk: ${err.message}; trying again\n`),
        onPage: (page) => io.err(`PAGE: Severity-1 case ${page.number ?? ''} ${page.summary ?? ''}\n`),
      }).then(done, done);
    });
  } catch (err) {
    if (err instanceof SyncError || err instanceof SyncBusyError) {
      const waiting = pendingCount(store);
      const hint = err instanceof SyncError && err.kind === 'auth' ? ' (give another with --token or CASEDESK_TOKEN)' : '';
      throw new CliError(`${err.message}${hint}${waiting > 0 ? `; ${waiting} change(s) are kept for the next sync` : ''}`);
    }
    throw err;
  } finally {
    store.close();
  }
}
