// What a command may touch of the outside world: its output streams and the clock. Injected so
// the commands run the same in tests as from a terminal.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  now(): number;
  /** A script that runs scan workers (the CLI bundle itself); without one, scans use this thread only. */
  workerScript?: URL;
}

/** A failure the user can fix; its message says how. Exit code 1 for bad input, 2 for bad usage. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Items written to the output per chunk: large outputs stream instead of piling up in memory. */
const CHUNK = 2000;

/**
 * Print `{"<name>":[…]}` with one item per line (`line(i)` gives item i's JSON): valid JSON that a
 * person can still read and grep, written a chunk at a time.
 */
export function writeJsonList(io: CliIo, name: string, count: number, line: (i: number) => string): void {
  if (count === 0) {
    io.out(`{"${name}":[]}\n`);
    return;
  }
  let chunk = `{"${name}":[\n`;
  for (let i = 0; i < count; i++) {
    chunk += line(i);
    chunk += i === count - 1 ? '\n]}\n' : ',\n';
    if (i % CHUNK === CHUNK - 1) {
      io.out(chunk);
      chunk = '';
    }
  }
  if (chunk) io.out(chunk);
}
