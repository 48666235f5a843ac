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

/** `--port`: 0–65535 (0: any free port); `fallback` when not given. */
export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: "${value}" is not a port number (0–65535)`, 2);
  return port;
}
