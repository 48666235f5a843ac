// The `casedesk` command line: its commands, their help, and how failures become exit codes.
import { Command, CommanderError } from 'commander';
import { CaseFileError } from '../../shared/cases/case-format';
import { PolicyError } from '../../shared/policy/load-policy';
import { MutationError } from '../core/store/apply-mutation';
import { StoreError } from '../core/store/database';
import { CliError, type CliIo } from './cli-io';
import { holidays } from './commands/holidays';
import { policyCheck, policyShow, policyUse } from './commands/policy';
import { alertsPlan } from './commands/alerts';
import { catalogueCheck, catalogueShow, catalogueUse } from './commands/catalogue';
import { slaCheck, slaExplain } from './commands/sla';
import { webCommand } from './commands/web';
import { serverCommand, serverImportCommand, serverPolicyUseCommand, userAddCommand, userListCommand, userRevokeCommand, userTokenCommand } from './commands/server';
import { syncCommand, type SyncCommandOptions } from './commands/sync';
import { attachCommand, attachmentExportCommand, attachmentRemoveCommand, attachmentsCommand, filesMoveCommand } from './commands/attachments';
import { rotaCheck, rotaNow, rotaShow, rotaUse } from './commands/rota';
import { pageAckCommand, pageListCommand, type PageAckOptions } from './commands/pages';
import { checklistCommand, equipmentLogCommand, waiverPdfCommand } from './commands/diagnostics';
import { backupCommand, casesListCommand, exportCommand, importCommand, reportCommand, restoreCommand } from './commands/store';

const EXAMPLES = `
Examples:
  $ casedesk sla check cases.json --at 2010-11-29T12:00:00-05:00
  $ casedesk sla explain cases.json C-1001 --at 2010-11-29T12:00:00-05:00
  $ casedesk alerts plan cases.json --from 2010-11-29T08:00:00-05:00 --to 2010-12-03T19:00:00-05:00
  $ casedesk holidays 2010
  $ casedesk import cases.json --db cases.db
  $ casedesk cases list --db cases.db
  $ casedesk report --db cases.db --from 2010-11-01 --to 2010-12-31
  $ casedesk attach 2010-0042 mail.log screenshot.png --db cases.db
  $ casedesk attachments 2010-0042 --db cases.db
  $ casedesk web --db cases.db
  $ casedesk server user add ann --role engineer --db central.db   # prints Ann's token
  $ casedesk server --db central.db --port 7480
  $ casedesk server import tracker-export.json --db central.db   # all or nothing
  $ casedesk sync --db cases.db --server http://127.0.0.1:7480 --token TOKEN
  $ casedesk rota show --db cases.db > rota.json   # edit, then: casedesk rota use rota.json --db cases.db
  $ casedesk page ack WEB-2010-0042 --db cases.db --server http://127.0.0.1:7480   # token in CASEDESK_TOKEN
  $ casedesk policy show > my-policy.json      # copy the policy, edit it, then:
  $ casedesk sla check cases.json --policy my-policy.json
`;

function buildProgram(io: CliIo): Command {
  const program = new Command('casedesk')
    .description('Casedesk: the support engineer\'s workstation. SLA clocks by the Xecuritas support policy.')
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .enablePositionalOptions()
    .addHelpText('after', EXAMPLES);

  const at = ['--at <instant>', 'evaluate at this ISO 8601 instant with offset (default: now)'] as const;
  const policy = ['--policy <file>', 'judge by this policy file instead of the default'] as const;

  const sla = program.command('sla').description('evaluate SLA clocks of case timelines in a casedesk.cases/1 file');
  sla
    .command('check')
    .description('print both clocks, escalations and pending auto-close of every case, as JSON')
    .argument('<file>', 'a casedesk.cases/1 file')
    .option(...at)
    .option(...policy)
    .action((file: string, options: { at?: string; policy?: string }) => slaCheck(file, options, io));
  sla
    .command('explain')
    .description('explain, step by step, how each clock of one case reached its deadlines')
    .argument('<file>', 'a casedesk.cases/1 file')
    .argument('<case-id>', 'the id of the case to explain')
    .option(...at)
    .option(...policy)
    .action((file: string, caseId: string, options: { at?: string; policy?: string }) => slaExplain(file, caseId, options, io));

  const alerts = program.command('alerts').description('the alerts deadlines raise: reminders, due, breach, auto-close');
  alerts
    .command('plan')
    .description('print every alert the cases of a file raise after --from up to --to, in time order, as JSON (the cases as they stand at --from)')
    .argument('<file>', 'a casedesk.cases/1 file')
    .option('--from <instant>', 'plan from this ISO 8601 instant with offset (exclusive); later events are ignored')
    .option('--to <instant>', 'plan up to this ISO 8601 instant with offset (inclusive)')
    .option(...policy)
    .action((file: string, options: { from?: string; to?: string; policy?: string }) => alertsPlan(file, options, io));

  program
    .command('holidays')
    .description('print the observed holidays of a year as JSON')
    .argument('<year>', 'a year from 1970 to 2100')
    .option(...policy)
    .action((year: string, options: { policy?: string }) => holidays(year, options, io));

  const pol = program.command('policy').description('show the default support policy, or check an edited copy');
  pol
    .command('show')
    .description('print the default policy (casedesk.policy/1) to copy and edit')
    .action(() => policyShow(io));
  pol
    .command('check')
    .description('validate a policy file, naming any bad field')
    .argument('<file>', 'a casedesk.policy/1 file')
    .action((file: string) => policyCheck(file, io));
  pol
    .command('use')
    .description('log new cases in a database under this policy (recorded; earlier cases keep theirs)')
    .argument('<file>', 'a casedesk.policy/1 file')
    .requiredOption('--db <path>', 'the Casedesk database file')
    .action((file: string, options: { db?: string }) => policyUse(file, options, io));

  const cat = program.command('catalogue').description('the product catalogue: products and versions with their support status');
  cat
    .command('show')
    .description('print the catalogue in force (casedesk.catalogue/1) in a database, else the one Casedesk ships with, to copy and edit')
    .option('--db <path>', 'the Casedesk database file')
    .action((options: { db?: string }) => catalogueShow(options, io));
  cat
    .command('check')
    .description('validate a catalogue file, naming any bad field')
    .argument('<file>', 'a casedesk.catalogue/1 file')
    .action((file: string) => catalogueCheck(file, io));
  cat
    .command('use')
    .description("put a catalogue in use for the team (an admin's change; sent to the central store at the next sync)")
    .argument('<file>', 'a casedesk.catalogue/1 file')
    .requiredOption('--db <path>', 'the Casedesk database file')
    .option('--as <name>', 'who (default: the server user the database syncs as, else your login name)')
    .action((file: string, options: { db?: string; as?: string }) => catalogueUse(file, options, io));

  const db = ['--db <path>', 'the Casedesk database file'] as const;
  // Where a `server` subcommand finds the central store (an SQLite file that some create, or PostgreSQL).
  const serverDb = ['--db <path>', "the server's SQLite file"] as const;
  const serverDbCreated = ['--db <path>', "the server's SQLite file (created when missing)"] as const;
  const serverPostgres = ['--postgres <url>', "the server's PostgreSQL database"] as const;
  program
    .command('import')
    .description('import a casedesk.cases/1 file into the database (created if missing), all or nothing')
    .argument('<file>', 'a casedesk.cases/1 file')
    .requiredOption(...db)
    .option('--policy <file>', 'log the cases under this policy instead of the default')
    .action((file: string, options: { db?: string; policy?: string }) => importCommand(file, options, io));
  program
    .command('export')
    .description('write every case of the database as casedesk.cases/1')
    .requiredOption(...db)
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--refused', 'write the cases the server refused to create instead (kept when they were taken out of the queue)')
    .action((options: { db?: string; out?: string; refused?: boolean }) => exportCommand(options, io));
  program
    .command('cases')
    .description('cases in the database')
    .command('list')
    .description('every case with both SLA clocks')
    .requiredOption(...db)
    .option('--json', 'print JSON instead of a table')
    .option(...at)
    .action((options: { db?: string; json?: boolean; at?: string }) => casesListCommand(options, io));
  program
    .command('report')
    .description('SLA compliance per severity and month, with medians and the escalations')
    .requiredOption(...db)
    .option('--from <date>', 'cases first reported on or after this date (YYYY-MM-DD, policy zone)')
    .option('--to <date>', 'cases first reported on or before this date (YYYY-MM-DD, policy zone)')
    .option('--json', 'print JSON instead of a table')
    .option(...at)
    .action((options: { db?: string; from?: string; to?: string; json?: boolean; at?: string }) => reportCommand(options, io));
  program
    .command('backup')
    .description("copy the database with SQLite's online backup (safe while Casedesk runs)")
    .requiredOption(...db)
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .action((options: { db?: string; out?: string }) => backupCommand(options, io));
  program
    .command('restore')
    .description('replace the database with a backup (refuses to overwrite without --force)')
    .argument('<file>', 'a backup made by casedesk backup')
    .requiredOption(...db)
    .option('--force', 'replace an existing database')
    .action((file: string, options: { db?: string; force?: boolean }) => restoreCommand(file, options, io));

  const files = ['--files <dir>', "the folder of the database's files (default: where `casedesk files move` put them, else the database's path + .files)"] as const;
  program
    .command('attach')
    .description("attach files to a case (its id or number): stored by content, recorded in the case's history; one JSON line per file")
    .argument('<case>', "the case's id or number")
    .argument('<file...>', 'the files to attach')
    .requiredOption(...db)
    .option('--name <name>', 'the name to show for a single file (as a drop would give it)')
    .option('--note <text>', 'a note kept with each file')
    .option('--as <name>', 'who attaches (default: the server user the database syncs as, else your login name)')
    .option(...files)
    .action((caseRef: string, paths: string[], options: { db?: string; name?: string; note?: string; as?: string; files?: string }) => attachCommand(caseRef, paths, options, io));
  program
    .command('attachments')
    .description("a case's attached files, as JSON")
    .argument('<case>', "the case's id or number")
    .requiredOption(...db)
    .option(...files)
    .action((caseRef: string, options: { db?: string; files?: string }) => attachmentsCommand(caseRef, options, io));
  const attachment = program.command('attachment').description('one attached file');
  attachment
    .command('remove')
    .description("take a file off a case (an event in its history); its bytes go when nothing refers to them")
    .argument('<case>', "the case's id or number")
    .argument('<sha256>', "the file's SHA-256")
    .requiredOption(...db)
    .option('--reason <text>', 'why it is removed')
    .option('--as <name>', 'who removes it (default: the server user the database syncs as, else your login name)')
    .option(...files)
    .action((caseRef: string, sha256: string, options: { db?: string; reason?: string; as?: string; files?: string }) => attachmentRemoveCommand(caseRef, sha256, options, io));
  attachment
    .command('export')
    .description('write an attached file (by its SHA-256) to a file, its content checked on the way')
    .argument('<sha256>', "the file's SHA-256, as `casedesk attachments` lists it")
    .requiredOption(...db)
    .requiredOption('--out <file>', 'the file to write')
    .option(...files)
    .action((sha256: string, options: { db?: string; out?: string; files?: string }) => attachmentExportCommand(sha256, options, io));
  program
    .command('files')
    .description("the folder of the database's files")
    .command('move')
    .description('move the files to another folder, used from then on (close Casedesk first); prints {"from","to","files","bytes"}')
    .argument('<dir>', 'the new folder (made if need be)')
    .requiredOption(...db)
    .action((dir: string, options: { db?: string }) => filesMoveCommand(dir, options, io));

  program
    .command('checklist')
    .description("a case's troubleshooting checklist: its policy's steps, each to do, done or not applicable, as JSON")
    .argument('<case>', "the case's id or number")
    .requiredOption(...db)
    .action((caseRef: string, options: { db?: string }) => checklistCommand(caseRef, options, io));
  program
    .command('waiver')
    .description("a case's modification waiver")
    .command('pdf')
    .description('write a signed waiver as PDF (the latest not superseded unless --waiver names one), checked against the SHA-256 recorded at signing; prints {"waiver","sha256","size","out"}')
    .argument('<case>', "the case's id or number")
    .requiredOption(...db)
    .requiredOption('--out <file>', 'the PDF file to write')
    .option('--waiver <id>', 'which waiver of the case')
    .action((caseRef: string, options: { db?: string; out?: string; waiver?: string }) => waiverPdfCommand(caseRef, options, io));
  program
    .command('equipment')
    .description('access to customer equipment')
    .command('log')
    .description('record an access to customer equipment to change its configuration; refused unless a signed waiver covers the system then; prints {"caseId","number","system","at","waiver"}')
    .argument('<case>', "the case's id or number")
    .requiredOption(...db)
    .requiredOption('--system <host>', 'the system accessed (as the waiver names it)')
    .requiredOption('--change <text>', 'what was changed')
    .option('--at <instant>', 'when (ISO 8601 with offset; default now)')
    .option('--as <name>', 'who (default: the server user the database syncs as, else your login name)')
    .action((caseRef: string, options: { db?: string; system?: string; change?: string; at?: string; as?: string }) => equipmentLogCommand(caseRef, options, io));

  const rota = program.command('rota').description('the on-call rota: who covers which hours, and the escalation chain');
  rota
    .command('show')
    .description('print the rota in force in a database (casedesk.rota/1), to copy and edit')
    .requiredOption(...db)
    .action((options: { db?: string }) => rotaShow(options, io));
  rota
    .command('check')
    .description('validate a rota file, naming any bad entry')
    .argument('<file>', 'a casedesk.rota/1 file')
    .action((file: string) => rotaCheck(file, io));
  rota
    .command('use')
    .description("put a rota in use for the team (a manager's or an admin's change; sent to the central store at the next sync)")
    .argument('<file>', 'a casedesk.rota/1 file')
    .requiredOption(...db)
    .option('--as <name>', 'who (default: the server user the database syncs as, else your login name)')
    .action((file: string, options: { db?: string; as?: string }) => rotaUse(file, options, io));
  rota
    .command('now')
    .description('who is on call, and until when, as JSON: {"at","onCall":{"primary","secondary","until","by"}|null,"next":{"at","primary"}|null}')
    .requiredOption(...db)
    .option(...at)
    .action((options: { db?: string; at?: string }) => rotaNow(options, io));

  const page = program.command('page').description('Severity-1 pages: who was paged, and acknowledging one');
  page
    .command('list')
    .description('the pages of the database\'s cases still waiting for an answer, as JSON: {"pages":[{"caseId","number","step","to","at"}]}')
    .requiredOption(...db)
    .action((options: { db?: string }) => pageListCommand(options, io));
  page
    .command('ack')
    .description('acknowledge the page of a case: it stops escalating once the central store has it; prints {"caseId","number","acknowledgedBy","at","sent"}')
    .argument('<case>', "the case's id or number")
    .requiredOption(...db)
    .option('--note <text>', 'a note kept with the acknowledgement ("on it, calling the customer")')
    .option('--as <name>', 'who (default: the server user the database syncs as, else your login name)')
    .option('--server <url>', 'send it to the central server at once (else at the next sync); the token from --token or CASEDESK_TOKEN')
    .option('--token <token>', 'your token (default: the CASEDESK_TOKEN environment variable)')
    .action((caseRef: string, options: PageAckOptions) => pageAckCommand(caseRef, options, io));

  program
    .command('web')
    .description('serve Casedesk to a browser on 127.0.0.1 (the desktop UI without Electron)')
    .requiredOption(...db)
    .option('--port <n>', 'the port to listen on (default: a free one)')
    .option('--server <url>', 'sync with this central server (token in CASEDESK_TOKEN)')
    .option(...files)
    .action((options: { db?: string; port?: string; server?: string; files?: string }) => webCommand(options, io));

  const server = program
    .command('server')
    .description('run the central store that desktops sync with (SQLite file, or PostgreSQL)')
    .enablePositionalOptions()
    .option('--db <path>', 'an SQLite file (created when missing)')
    .option('--postgres <url>', 'a PostgreSQL database instead (postgres://user:password@host/db)')
    .option('--port <n>', 'the port to listen on (default: a free one)')
    .option('--host <address>', 'the address to listen on (default 127.0.0.1)')
    .option('--trust-proxy <addresses>', 'behind a reverse proxy: its addresses or ranges (comma-separated), whose X-Forwarded-For is believed')
    .option('--public-url <url>', "the address customers open the form at, when a proxy changes the Host (https://support.example)")
    .option('--files <dir>', "where the case files' bytes are kept (default: beside the SQLite file; with --postgres, ./casedesk-files, shared by every server process)")
    .option('--max-file-size <size>', 'the largest file the server takes, e.g. 4GB, 500MB (default 4GB)')
    .action((options: { db?: string; postgres?: string; port?: string; host?: string; trustProxy?: string; publicUrl?: string; files?: string; maxFileSize?: string }) => serverCommand(options, io));
  const user = server.command('user').description("the server's users");
  user
    .command('list')
    .description('every user and their role (and "revoked" for a user whose access was taken away)')
    .option(...serverDb)
    .option(...serverPostgres)
    .action((options: { db?: string; postgres?: string }) => userListCommand(options, io));
  user
    .command('token')
    .description("give a user a new token (printed alone on the last line); the old one stops working")
    .argument('<name>', 'the user name')
    .option(...serverDb)
    .option(...serverPostgres)
    .action((name: string, options: { db?: string; postgres?: string }) => userTokenCommand(name, options, io));
  user
    .command('revoke')
    .description('take a user\'s access away: their token stops working; what they did stays theirs')
    .argument('<name>', 'the user name')
    .option(...serverDb)
    .option(...serverPostgres)
    .action((name: string, options: { db?: string; postgres?: string }) => userRevokeCommand(name, options, io));
  user
    .command('add')
    .description("add a user; prints the user's token alone on the last line")
    .argument('<name>', 'the user name')
    .requiredOption('--role <role>', 'engineer, on-call, manager or admin')
    .option(...serverDbCreated)
    .option(...serverPostgres)
    .action((name: string, options: { role: string; db?: string; postgres?: string }) => userAddCommand(name, options, io));
  server
    .command('import')
    .description("load an existing tracker's export (casedesk.cases/1) into the central store, all or nothing")
    .argument('<file>', 'a casedesk.cases/1 file')
    .option(...serverDbCreated)
    .option(...serverPostgres)
    .option('--policy <file>', "log the cases under this policy instead of the server's policy in force")
    .action((file: string, options: { db?: string; postgres?: string; policy?: string }) => serverImportCommand(file, options, io));

  server
    .command('policy')
    .description("the server's policy")
    .command('use')
    .description('log the cases opened on the server (the online form) under this policy')
    .argument('<file>', 'a casedesk.policy/1 file')
    .option(...serverDbCreated)
    .option(...serverPostgres)
    .action((file: string, options: { db?: string; postgres?: string }) => serverPolicyUseCommand(file, options, io));

  program
    .command('sync')
    .description("push this database's changes to the central server and pull everyone else's")
    .requiredOption(...db)
    .requiredOption('--server <url>', 'the central server (http://host:port)')
    .option('--token <token>', 'your token (default: the CASEDESK_TOKEN environment variable)')
    .option('--watch', 'keep syncing until Ctrl+C (live, on a timer, and when changes wait)')
    .option('--timeout <seconds>', 'how long to wait for each answer (default 10)')
    .option(...files)
    .action((options: SyncCommandOptions) => syncCommand(options, io));

  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(program)) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  }
  return program;
}

/** Run the command line on `args` (without node and script); resolves to the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  if (args.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with exit code 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      io.err(`casedesk: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof CaseFileError || err instanceof PolicyError || err instanceof StoreError || err instanceof MutationError) {
      io.err(`casedesk: ${err.message}\n`);
      return 1;
    }
    io.err(`casedesk: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 70;
  }
}
