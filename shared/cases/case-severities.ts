// A cases file judged by a policy: every severity its cases and severity events name must be one
// the policy defines. Read by the desktop's import and `sla check`, and by the server's import.
import type { Policy } from '../policy/policy-schema';
import { CaseFileError, type CasesFile } from './case-format';

/** Throws a CaseFileError naming the first few cases (and events) whose severity the policy lacks. */
export function checkSeverities(file: CasesFile, policy: Policy, source: string, consequence = ''): void {
  const levels = new Set(policy.severities.map((s) => s.level));
  const known = [...levels].join(', ');
  const problems: string[] = [];
  file.cases.forEach((c, i) => {
    if (!levels.has(c.severity)) problems.push(`case "${c.id}" (cases[${i}]): severity: ${c.severity} is not one of the policy's severities (${known})`);
    c.events?.forEach((e, j) => {
      const level = (e as { severity?: unknown }).severity;
      if (e.type === 'severity' && typeof level === 'number' && !levels.has(level)) {
        problems.push(`case "${c.id}" (cases[${i}]): events[${j}].severity: ${level} is not one of the policy's severities (${known})`);
      }
    });
  });
  if (problems.length > 0) throw new CaseFileError(`${source} has invalid cases${consequence}:\n  ${problems.slice(0, 10).join('\n  ')}`, problems);
}
