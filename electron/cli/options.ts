// Parsing of the options several commands share.
import { parseInstant } from '../../shared/time/instant';
import { CliError } from './cli-io';

/** `--at`: an ISO 8601 instant with an offset, or "now". */
export function atOption(value: string | undefined, now: number): number {
  if (value === undefined || value === 'now') return now;
  return instantOption('--at', value);
}

/** An option that must be an ISO 8601 instant with an offset (`--from`, `--to`). */
export function instantOption(name: string, value: string | undefined): number {
  if (value === undefined) throw new CliError(`${name} is required: an ISO 8601 instant with its offset, such as 2010-11-29T09:00:00-05:00`, 2);
  const parsed = parseInstant(value);
  if (!parsed.ok) throw new CliError(`${name}: ${parsed.error}`, 2);
  return parsed.ms;
}

/** `--port`: 0–65535 (0: any free port); `fallback` when not given. */
export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: "${value}" is not a port number (0–65535)`, 2);
  return port;
}
