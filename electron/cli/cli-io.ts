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
