// The store commands: import, export, cases list, report, backup and restore.
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ComplianceReportBuilder, type ClockTally, type ComplianceReport } from '../../../shared/sla/compliance-report';
import { daysOfIsoDate } from '../../../shared/time/civil-date';
import { formatInstant } from '../../../shared/time/instant';
import { timeZone } from '../../../shared/time/time-zone';
import { readCasesFile, checkSeverities } from '../../core/cases-file';
import { loadPolicyFile } from '../../core/policy-file';
import { planScan, startScanWorker, unwrap, withScanWorker } from '../../core/store/parallel-scan';
import { LIST_HEADER, listCases, reportPart } from '../../core/store/scan-tasks';
import { openDatabase, StoreError } from '../../core/store/database';
import { CliError, type CliIo } from '../cli-io';
import { atOption } from '../options';
import { openStore, withStore } from '../store-access';
import { printable } from '../../../shared/validation/control-characters';
import { exportedRecords, exportText } from '../../core/store/cases-export';

export async function importCommand(file: string, options: { db?: string; policy?: string }, io: CliIo): Promise<void> {
  // Everything that can be checked before the database is touched is checked first.
  const given = options.policy !== undefined ? loadPolicyFile(options.policy) : null;
  const parsed = readCasesFile(file, { forImport: true });
  if (given) checkSeverities(parsed.file, given, file);
  const store = openStore(options.db, { create: true, now: io.now });
  await withStore(store, (s) => {
    // Without --policy, the cases are logged under the database's policy in force.
    const policy = given ?? s.currentPolicy;
    if (!given) checkSeverities(parsed.file, policy, file);
    const total = parsed.file.cases.length;
    const { imported } = (() => {
      try {
        return s.importCases(parsed, policy, (done) => io.err(`importing: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} cases\n`));
      } catch (err) {
        if (err instanceof StoreError) throw new CliError(err.message);
        throw err;
      }
    })();
    io.out(`imported ${imported} case${imported === 1 ? '' : 's'} into ${options.db} (policy ${policy.id} v${policy.version})\n`);
  });
}

/** Refuse an output path whose folder does not exist, before any work is done. */
function mustHaveFolder(path: string, what: string): void {
  if (!existsSync(dirname(resolve(path)))) throw new CliError(`${what}: the folder ${dirname(resolve(path))} does not exist`);
}

export async function exportCommand(options: { db?: string; out?: string; refused?: boolean }, io: CliIo): Promise<void> {
  if (options.out) mustHaveFolder(options.out, '--out');
  const store = openStore(options.db, { readonly: true, now: io.now });
  // To a file: written beside the target and renamed into place, so a failed export leaves no half file.
  const temp = options.out ? `${options.out}.partial` : null;
  let fd = temp ? openSync(temp, 'w') : null;
  const write = (text: string) => (fd === null ? io.out(text) : writeSync(fd, text));
  try {
    await withStore(store, () => {
      let n = 0;
      for (const piece of exportText(exportedRecords(store, { refused: options.refused }), (count) => (n = count))) write(piece);
      if (fd !== null) {
        closeSync(fd);
        fd = null;
        renameSync(temp!, options.out!);
        io.err(`exported ${n} case${n === 1 ? '' : 's'} to ${options.out}\n`);
      }
    });
  } catch (err) {
    if (fd !== null) closeSync(fd);
    if (temp) rmSync(temp, { force: true });
    throw err;
  }
}

export async function casesListCommand(options: { db?: string; json?: boolean; at?: string }, io: CliIo): Promise<void> {
  const params = { at: atOption(options.at, io.now()), json: options.json ?? false };
  const store = openStore(options.db, { readonly: true, now: io.now });
  await withStore(store, async () => {
    const plan = planScan(store, io.workerScript);
    const worker = plan.there ? startScanWorker(io.workerScript!, { task: 'list', dbPath: options.db!, range: plan.there, params }) : null;
    let written = 0;
    const emit = (text: string) => {
      io.out(params.json ? `${written++ ? ',\n' : '{"cases":[\n'}${text}` : `${written++ ? '' : LIST_HEADER}${text}`);
    };
    const { mine, theirs } = await withScanWorker(worker, () => listCases(store, plan.here, params, emit));
    let count = mine.count;
    let zone = mine.zone;
    if (theirs) {
      const other = unwrap(theirs, 'list');
      for (const chunk of other.chunks) emit(chunk);
      count += other.result.count;
      zone ??= other.result.zone;
    }
    if (params.json) io.out(written ? '\n]}\n' : '{"cases":[]}\n');
    else io.out(count === 0 ? 'no cases\n' : `${count} case${count === 1 ? '' : 's'}; times in ${zone}\n`);
  });
}

function dateOption(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const days = daysOfIsoDate(value);
  if (days === null) throw new CliError(`${name}: "${value}" is not a date like 2010-11-29`, 2);
  return days;
}

function tallyText(t: ClockTally): string {
  const med = (m: number | null) => (m === null ? '—' : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}`);
  return `${String(t.met).padStart(5)} ${String(t.breached).padStart(5)} ${String(t.notApplicable).padStart(4)} ${String(t.open).padStart(5)} ${med(
    t.medianCountedMinutes,
  ).padStart(8)}`;
}

function reportText(report: ComplianceReport, zone: string): string {
  const lines = [
    `SLA compliance (months and times in ${zone}; medians are clock time: business hours for business-calendar severities)`,
    '',
    `${'MONTH'.padEnd(8)} SEV CASES | RESPONSE: ${'MET'.padStart(5)} BREACH  N/A  OPEN   MEDIAN | RESOLUTION: ${'MET'.padStart(5)} BREACH  N/A  OPEN   MEDIAN`,
  ];
  for (const r of report.rows) {
    lines.push(`${r.month.padEnd(8)} ${String(r.severity).padStart(3)} ${String(r.cases).padStart(5)} |           ${tallyText(r.response)} |             ${tallyText(r.resolution)}`);
  }
  if (report.rows.length === 0) lines.push('(no cases in that period)');
  lines.push('', `Escalations to support management: ${report.escalations.length}`);
  for (const e of report.escalations) lines.push(`  ${e.at}  ${e.number ?? ''} ${e.caseId}  ${e.clock} clock, severity ${e.severity}`);
  return `${lines.join('\n')}\n`;
}

export async function reportCommand(options: { db?: string; from?: string; to?: string; json?: boolean; at?: string }, io: CliIo): Promise<void> {
  const at = atOption(options.at, io.now());
  const fromDay = dateOption('--from', options.from);
  const toDay = dateOption('--to', options.to);
  if (fromDay !== null && toDay !== null && toDay < fromDay) throw new CliError(`--to (${options.to}) comes before --from (${options.from})`, 2);
  const params = { at, fromDay, toDay };
  const store = openStore(options.db, { readonly: true, now: io.now });
  await withStore(store, async () => {
    const plan = planScan(store, io.workerScript);
    const worker = plan.there ? startScanWorker(io.workerScript!, { task: 'report', dbPath: options.db!, range: plan.there, params }) : null;
    const builder = new ComplianceReportBuilder();
    const { mine, theirs } = await withScanWorker(worker, () => reportPart(store, plan.here, params));
    builder.merge(mine);
    if (theirs) builder.merge(unwrap(theirs, 'report').part);
    const report = builder.build();
    const zone = report.zone ?? store.currentPolicy.timeZone;
    io.out(options.json ? `${JSON.stringify({ at: formatInstant(at, timeZone(zone)), ...report }, null, 2)}\n` : printable(reportText(report, zone)));
  });
}

export async function backupCommand(options: { db?: string; out?: string }, io: CliIo): Promise<void> {
  if (!options.out) throw new CliError('--out FILE is required: where to write the backup', 2);
  mustHaveFolder(options.out, '--out');
  if (existsSync(options.out)) throw new CliError(`${options.out} already exists; choose another name for the backup`);
  const store = openStore(options.db, { readonly: true, now: io.now });
  const partial = `${options.out}.partial`;
  await withStore(store, async () => {
    rmSync(partial, { force: true });
    try {
      // SQLite's online backup: a consistent copy even while the app writes to the database.
      await store.backup(partial);
      renameSync(partial, options.out!);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
    io.out(`backed up ${store.caseCount()} cases from ${options.db} to ${options.out}\n`);
  });
}

export async function restoreCommand(file: string, options: { db?: string; force?: boolean }, io: CliIo): Promise<void> {
  if (!options.db) throw new CliError('--db PATH is required: the database to restore into', 2);
  if (!existsSync(file)) throw new CliError(`no backup at ${file}`);
  if (existsSync(options.db) && !options.force) {
    throw new CliError(`${options.db} already exists; add --force to replace it with ${file} (everything in it now is lost)`);
  }
  let source;
  try {
    source = openDatabase(file, { readonly: true, allowOlder: true });
  } catch (err) {
    if (err instanceof StoreError) throw new CliError(`${file} cannot be restored: ${err.message}`);
    throw err;
  }
  try {
    const check = source.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new CliError(`${file} is damaged (integrity check: ${String(check)}); nothing was restored`);
    if (existsSync(options.db)) {
      // Into the existing database through SQLite itself: the copy takes the database's write lock
      // and is all or nothing, so a Casedesk using it waits instead of losing its writes.
      await source.backup(options.db);
    } else {
      // A new file: copied beside it and renamed into place, so a failure leaves nothing behind.
      const temp = `${options.db}.restoring`;
      rmSync(temp, { force: true });
      try {
        await source.backup(temp);
        renameSync(temp, options.db);
      } catch (err) {
        rmSync(temp, { force: true });
        throw err;
      }
    }
  } finally {
    source.close();
  }
  const restored = openStore(options.db, { now: io.now }); // migrates an older backup to this schema
  await withStore(restored, (s) => io.out(`restored ${s.caseCount()} cases from ${file} into ${options.db}\n`));
}
