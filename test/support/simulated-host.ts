// A computer's clocks and timers for the alert scheduler's tests: moved by the test, awake
// (timers fire as their time comes) or asleep (the wall clock moves, nothing fires).
import { instantOrThrow } from '../../shared/time/instant';

/** A computer's clocks and timers, moved by the test. */
export class SimulatedHost {
  wall: number;
  mono = 1_000;
  zoneName = 'America/New_York';
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  timersSet = 0;

  constructor(start: string) {
    this.wall = instantOrThrow(start);
  }

  clock = { now: () => this.wall, monotonic: () => this.mono, zone: () => this.zoneName };
  timersApi = {
    set: (callback: () => void, ms: number) => {
      this.timersSet++;
      const id = this.nextId++;
      this.timers.set(id, { at: this.mono + ms, callback });
      return id;
    },
    clear: (handle: unknown) => void this.timers.delete(handle as number),
  };

  /** Clock and timers in one, as the desktop's alerts take them. */
  get host() {
    return { ...this.clock, ...this.timersApi };
  }

  /** Let `ms` pass awake: each timer fires when its time comes. */
  advance(ms: number): void {
    const end = this.mono + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.wall += due[1].at - this.mono;
      this.mono = due[1].at;
      due[1].callback();
    }
    this.wall += end - this.mono;
    this.mono = end;
  }

  /** Asleep for `ms`: the wall clock moves, the monotonic clock and the timers stand still. */
  sleep(ms: number): void {
    this.wall += ms;
  }
}
