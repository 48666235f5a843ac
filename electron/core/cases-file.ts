// Reads a `casedesk.cases/1` file from disk and checks it against the policy it will be judged by.
import { readFileSync } from 'node:fs';
import { CaseFileError, parseCasesText, type ParsedCases } from '../../shared/cases/case-format';

/** `forImport`: the cases go into a store — one-line fields may hold no control character. */
export function readCasesFile(path: string, options: { forImport?: boolean } = {}): ParsedCases {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CaseFileError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, []);
  }
  return parseCasesText(text, path, { oneLine: options.forImport ?? false });
}

export { checkSeverities } from '../../shared/cases/case-severities';
