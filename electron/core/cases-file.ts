// Reads a `casedesk.cases/1` file from disk and checks it against the policy it will be judged by.
import { readFileSync } from 'node:fs';
import { CaseFileError, parseCasesText, type CasesFile, type ParsedCases } from '../../shared/cases/case-format';
import type { Policy } from '../../shared/policy/policy-schema';

export function readCasesFile(path: string): ParsedCases {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CaseFileError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, []);
  }
  return parseCasesText(text, path);
}

/** Every severity a case or event names must be one the policy defines. */
export function checkSeverities(file: CasesFile, policy: Policy, source: string): void {
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
  if (problems.length > 0) {
    throw new CaseFileError(`${source} has invalid cases:\n  ${problems.slice(0, 10).join('\n  ')}`, problems);
  }
}
