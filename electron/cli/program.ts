// The `casedesk` command line: its commands, their help, and how failures become exit codes.
import { Command, CommanderError } from 'commander';
import { CaseFileError } from '../../shared/cases/case-format';
import { PolicyError } from '../../shared/policy/load-policy';
import { CliError, type CliIo } from './cli-io';
import { holidays } from './commands/holidays';
import { policyCheck, policyShow } from './commands/policy';
import { slaCheck, slaExplain } from './commands/sla';

const EXAMPLES = `
Examples:
  $ casedesk sla check cases.json --at 2010-11-29T12:00:00-05:00
  $ casedesk sla explain cases.json C-1001 --at 2010-11-29T12:00:00-05:00
  $ casedesk holidays 2010
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

  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
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
    if (err instanceof CaseFileError || err instanceof PolicyError) {
      io.err(`casedesk: ${err.message}\n`);
      return 1;
    }
    io.err(`casedesk: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 70;
  }
}
