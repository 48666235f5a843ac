// @vitest-environment jsdom
// A panel that fails shows why and can be tried again; the panels beside it keep working.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { PanelBoundary } from '../../renderer/src/ui/PanelBoundary';

afterEach(cleanup);

let broken = true;
function Fragile() {
  if (broken) throw new Error('the timeline could not be read');
  return <p>Timeline shown</p>;
}

function Counter() {
  const [n, setN] = useState(0);
  return <button onClick={() => setN(n + 1)}>Clicked {n}</button>;
}

describe('a panel that fails', () => {
  it('says why, keeps the other panels working, and renders afresh on "Try again"', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // React reports the caught error
    broken = true;
    render(
      <>
        <PanelBoundary name="Timeline">
          <Fragile />
        </PanelBoundary>
        <PanelBoundary name="Actions">
          <Counter />
        </PanelBoundary>
      </>,
    );
    const failed = screen.getByRole('alert', { name: 'Timeline failed' });
    expect(failed.textContent).toBe('This panel failed: the timeline could not be readTry again');
    fireEvent.click(screen.getByRole('button', { name: 'Clicked 0' }));
    expect(screen.getByRole('button', { name: 'Clicked 1' })).toBeTruthy();
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Timeline shown')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Clicked 1' })).toBeTruthy(); // the other panel kept its state
    vi.restoreAllMocks();
  });

  it('fails again, still on its own, when trying again fails', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    broken = true;
    render(
      <PanelBoundary name="Timeline">
        <Fragile />
      </PanelBoundary>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('alert', { name: 'Timeline failed' }).textContent).toContain('This panel failed: the timeline could not be read');
    vi.restoreAllMocks();
  });
});
