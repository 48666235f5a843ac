// A team document (the catalogue, the rota) read from a file the person edited: a file that cannot
// be read, or is not a valid document, is a CliError that names the file and each bad entry.
import { readFileSync } from 'node:fs';
import { printable } from '../../shared/validation/control-characters';
import { CliError } from './cli-io';

/**
 * The document in `file` (called `kind`, "rota"), parsed by `parse`; its failures of the kind
 * `invalid` (the document's own error class) become CliErrors.
 */
export function readDocumentFile<T>(file: string, kind: string, parse: (text: string, source: string) => T, invalid: new (...args: never[]) => Error): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${kind} file ${printable(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return parse(text, `${kind} file ${printable(file)}`);
  } catch (err) {
    if (err instanceof invalid) throw new CliError(printable(err.message));
    throw err;
  }
}
