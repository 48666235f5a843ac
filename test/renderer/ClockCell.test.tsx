// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ClockCell } from '../../renderer/src/queue/ClockCell';

const NOW = Date.UTC(2010, 10, 29, 14, 0);
const clock = (over: Partial<{ state: 'running' | 'paused' | 'met' | 'breached' | 'not-applicable'; dueAt: number | null; breachAt: number | null; metAt: number | null }>) => ({
  state: 'running' as const,
  dueAt: null,
  breachAt: null,
  metAt: null,
  ...over,
});

afterEach(cleanup);

describe('a clock in the queue', () => {
  it('counts down to its due instant, to the second within the hour', () => {
    const { container } = render(<ClockCell clock={clock({ dueAt: NOW + 49 * 60_000 + 5_000, breachAt: NOW + 49 * 60_000 + 5_000 })} now={NOW} />);
    expect(container.textContent).toBe('due in 49m 05s');
    expect(container.firstElementChild!.className).toBe('clock clock-due-soon');
  });

  it('is plain running when the breach is more than two hours off', () => {
    const { container } = render(<ClockCell clock={clock({ dueAt: NOW + 3 * 3_600_000, breachAt: NOW + 5 * 3_600_000 })} now={NOW} />);
    expect(container.textContent).toBe('due in 3h 00m');
    expect(container.firstElementChild!.className).toBe('clock clock-running');
  });

  it('shows "due" between the due and the breach instants', () => {
    const { container } = render(<ClockCell clock={clock({ dueAt: NOW - 60_000, breachAt: NOW + 2 * 3_600_000 })} now={NOW} />);
    expect(container.textContent).toBe('due; breach in 2h 00m');
    expect(container.firstElementChild!.className).toBe('clock clock-due');
  });

  it('turns breached the moment its breach instant passes, before the queue is fetched again', () => {
    const { container } = render(<ClockCell clock={clock({ dueAt: NOW - 60_000, breachAt: NOW - 1_000 })} now={NOW} />);
    expect(container.textContent).toBe('breached 0m 01s ago');
    expect(container.firstElementChild!.className).toBe('clock clock-breached');
  });

  it('says a breach of years ago in years and months, short enough for its column', () => {
    const breachAt = Date.UTC(1995, 0, 3, 9, 0);
    const { container } = render(<ClockCell clock={clock({ state: 'breached', dueAt: breachAt - 3_600_000, breachAt })} now={NOW} />);
    expect(container.textContent).toBe('breached 15y 10mo ago');
    const days = render(<ClockCell clock={clock({ state: 'breached', dueAt: NOW - 400 * 86_400_000, breachAt: NOW - 364 * 86_400_000 })} now={NOW} />);
    expect(days.container.textContent).toBe('breached 364d 0h ago');
  });

  it('says paused, met, late and not applicable in words, explained on hover', () => {
    const paused = render(<ClockCell clock={clock({ state: 'paused' })} now={NOW} />).container.firstElementChild!;
    expect([paused.textContent, paused.getAttribute('title')]).toEqual(['paused', 'Awaiting the customer: the clock does not count']);
    cleanup();
    expect(render(<ClockCell clock={clock({ state: 'met', metAt: NOW - 1000 })} now={NOW} />).container.textContent).toBe('met');
    cleanup();
    expect(render(<ClockCell clock={clock({ state: 'breached', breachAt: NOW - 2000, metAt: NOW - 1000 })} now={NOW} />).container.textContent).toBe('breached (late)');
    cleanup();
    expect(render(<ClockCell clock={clock({ state: 'not-applicable' })} now={NOW} />).container.textContent).toBe('n/a');
  });
});
