// `casedesk alerts plan`: the alerts the cases of a file will raise between two instants, as the
// app's scheduler would raise them, by the same planner (shared/alerts/alert-plan.ts).
import { planAlerts } from '../../../shared/alerts/alert-plan';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { formatInstant, parseInstant } from '../../../shared/time/instant';
import { checkSeverities, readCasesFile } from '../../core/cases-file';
import { loadPolicyFile } from '../../core/policy-file';
import { CliError, type CliIo } from '../cli-io';

export interface AlertsPlanOptions {
  from?: string;
  to?: string;
  policy?: string;
}

function instantOption(name: string, value: string | undefined): number {
  if (value === undefined) throw new CliError(`${name} is required: an ISO 8601 instant with its offset, such as 2010-11-29T09:00:00-05:00`, 2);
  const parsed = parseInstant(value);
  if (!parsed.ok) throw new CliError(`${name}: ${parsed.error}`, 2);
  return parsed.ms;
}

/** Alerts written to the output per chunk: large outputs stream instead of piling up in memory. */
const CHUNK = 5000;

export function alertsPlan(file: string, options: AlertsPlanOptions, io: CliIo): void {
  const from = instantOption('--from', options.from);
  const to = instantOption('--to', options.to);
  if (to < from) throw new CliError(`--to (${options.to}) is before --from (${options.from})`, 2);
  const policy = loadPolicyFile(options.policy);
  const { file: cases, timelines } = readCasesFile(file);
  checkSeverities(cases, policy, file);
  const compiled = compilePolicy(policy);
  const alerts = planAlerts(timelines, compiled, from, to);
  if (alerts.length === 0) {
    io.out('{"alerts":[]}\n');
    return;
  }
  // One alert per line: valid JSON that a person can still read and grep.
  let chunk = '{"alerts":[\n';
  alerts.forEach((a, i) => {
    chunk += JSON.stringify({ caseId: a.caseId, kind: a.kind, clock: a.clock, at: formatInstant(a.at, compiled.zone) });
    chunk += i === alerts.length - 1 ? '\n]}\n' : ',\n';
    if (i % CHUNK === CHUNK - 1) {
      io.out(chunk);
      chunk = '';
    }
  });
  if (chunk) io.out(chunk);
}
