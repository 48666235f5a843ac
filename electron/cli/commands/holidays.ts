// `casedesk holidays YEAR`: the observed holidays of a year under the policy.
import { FIRST_YEAR, holidaysOfYear, LAST_YEAR } from '../../../shared/calendar/holiday-rules';
import { loadPolicyFile } from '../../core/policy-file';
import { CliError, type CliIo } from '../cli-io';

export function holidays(yearText: string, options: { policy?: string }, io: CliIo): void {
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new CliError(`YEAR must be a year from ${FIRST_YEAR} to ${LAST_YEAR}, not "${yearText}"`, 2);
  }
  const policy = loadPolicyFile(options.policy);
  const list = holidaysOfYear(policy.holidays.rules, policy.holidays, year);
  io.out(`[${list.length ? `\n${list.map((h) => `  ${JSON.stringify(h)}`).join(',\n')}\n` : ''}]\n`);
}
