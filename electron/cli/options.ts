// Parsing of the options several commands share.
import { parseInstant } from '../../shared/time/instant';
import { CliError } from './cli-io';

/** `--at`: an ISO 8601 instant with an offset, or "now". */
export function atOption(value: string | undefined, now: number): number {
  if (value === undefined || value === 'now') return now;
  const parsed = parseInstant(value);
  if (!parsed.ok) throw new CliError(`--at: ${parsed.error}`, 2);
  return parsed.ms;
}
