// @vitest-environment jsdom
// Only the cells that show a running clock tick each second: the queue around them does not
// re-render. React's devtools hook (installed before react-dom loads) reports every commit; a
// function component rendered again gets a new list of hooks, so counting the queue root's hook
// lists counts its renders.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { QueuePage } from '../../renderer/src/queue/QueuePage';
import { tickingCount } from '../../renderer/src/ui/useNow';
import { coreApi } from './core-api';

interface Fiber {
  type: unknown;
  elementType: unknown;
  memoizedState: unknown;
  child: Fiber | null;
  sibling: Fiber | null;
}

const commits = vi.hoisted(() => {
  const hook = { onCommit: (_tree: unknown) => undefined as void };
  (globalThis as Record<string, unknown>).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    onCommitFiberRoot: (_id: number, root: { current: unknown }) => hook.onCommit(root.current),
    onCommitFiberUnmount: () => undefined,
    onPostCommitFiberRoot: () => undefined,
  };
  return hook;
});

/** Each distinct hook list the queue root has had, seen as each commit is made: one per render. */
const renders = new Set<unknown>();
commits.onCommit = (tree) => {
  const stack: Fiber[] = [tree as Fiber];
  while (stack.length) {
    const fiber = stack.pop()!;
    if (fiber.elementType === QueuePage || fiber.type === (QueuePage as unknown as { type: unknown }).type) renders.add(fiber.memoizedState);
    if (fiber.child) stack.push(fiber.child);
    if (fiber.sibling) stack.push(fiber.sibling);
  }
};
const countQueueRenders = () => renders.size;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});
afterEach(cleanup);

describe('the clocks of the queue', () => {
  it('tick in their cells each second, and the queue root does not render again for them', async () => {
    const now = Date.now();
    // A Severity-1 case reported 10 minutes ago: its response clock counts down to the second.
    const { api } = coreApi([{ id: 'LIVE-1', type: 'problem', channel: 'phone', severity: 1, loggedAt: iso(now - 10 * 60_000), company: 'Woodgrove', summary: 'Mail flow stopped' }], now);
    render(<QueuePage api={api} me="Dana" />);
    const cell = () => document.querySelector('.grid-body [role="row"] .col-response')?.textContent;
    await waitFor(() => expect(cell()).toMatch(/^due in 4\dm \d\ds$/));
    await waitFor(() => expect(screen.getByRole('button', { name: /^All/ }).textContent).toBe('All 1')); // the counts are in
    await waitFor(() => expect(screen.getByLabelText('Severity').querySelectorAll('option')).toHaveLength(4)); // and the severities
    await new Promise((done) => setTimeout(done, 100));
    const before = countQueueRenders();
    expect(before).toBeGreaterThan(1); // mounted, then rendered again as the rows, counts and severities came in
    // The response and resolution clocks and the last activity tick, on one shared timer.
    expect(tickingCount()).toBe(3);
    const first = cell();
    await new Promise((done) => setTimeout(done, 2500));
    expect(cell()).not.toBe(first);
    expect(countQueueRenders()).toBe(before);
  });
});
