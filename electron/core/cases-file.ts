// Reads a `casedesk.cases/1` file from disk and checks it against the policy it will be judged by.
import { readFileSync } from 'node:fs';
import { CaseFileError, parseCasesText, type ParsedCases } from '../../shared/cases/case-format';

export function readCasesFile(path: string): ParsedCases {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CaseFileError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, []);
  }
  return parseCasesText(text, path);
}

export { checkSeverities } from '../../shared/cases/case-severities';
