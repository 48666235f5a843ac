// `casedesk alerts plan`: the alerts the cases of a file will raise between two instants, as the
// app's scheduler would raise them, by the same planner (shared/alerts/alert-plan.ts).
import { planAlerts } from '../../../shared/alerts/alert-plan';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { formatInstant } from '../../../shared/time/instant';
import { checkSeverities, readCasesFile } from '../../core/cases-file';
import { loadPolicyFile } from '../../core/policy-file';
import { CliError, type CliIo, writeJsonList } from '../cli-io';
import { instantOption } from '../options';

export interface AlertsPlanOptions {
  from?: string;
  to?: string;
  policy?: string;
}

export function alertsPlan(file: string, options: AlertsPlanOptions, io: CliIo): void {
  const from = instantOption('--from', options.from);
  const to = instantOption('--to', options.to);
  if (to < from) throw new CliError(`--to (${options.to}) is before --from (${options.from})`, 2);
  const policy = loadPolicyFile(options.policy);
  const { file: cases, timelines } = readCasesFile(file);
  checkSeverities(cases, policy, file);
  const compiled = compilePolicy(policy);
  const alerts = planAlerts(timelines, compiled, from, to);
  writeJsonList(io, 'alerts', alerts.length, (i) => {
    const a = alerts[i]!;
    return JSON.stringify({ caseId: a.caseId, kind: a.kind, clock: a.clock, at: formatInstant(a.at, compiled.zone) });
  });
}
