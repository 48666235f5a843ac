// The page's clock for what counts down on screen: one shared 1-second timer for every subscriber
// (a clock cell, a "last activity" cell), running only while something subscribes. A component
// that reads it re-renders each second by itself; its parents do not.
import { useSyncExternalStore } from 'react';

const TICK_MS = 1000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const stayStill = () => () => undefined;
const snapshot = () => now;

/** The time now, ticking each second while `ticking` (else the time of the last tick, not subscribed). */
export function useNow(ticking = true): number {
  return useSyncExternalStore(ticking ? subscribe : stayStill, snapshot);
}

/** How many components tick now (for tests and diagnostics). */
export function tickingCount(): number {
  return listeners.size;
}
