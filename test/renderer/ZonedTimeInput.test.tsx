// @vitest-environment jsdom
// A time input that says its zone: read in the policy's zone by default, the instant it records
// said in the one convention, a zone picked by the person, a time the clocks skip refused.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ZonedTimeInput } from '../../renderer/src/ui/ZonedTimeInput';

afterEach(cleanup);

function Form({ initial = '', seen }: { initial?: string; seen: string[] }) {
  const [value, setValue] = useState(initial);
  return (
    <ZonedTimeInput
      label="First report"
      value={value}
      onChange={(v) => {
        seen.push(v);
        setValue(v);
      }}
      policyZone="America/New_York"
    />
  );
}

const records = () => document.querySelector('.records')!.textContent;

describe('ZonedTimeInput (the page in UTC, the policy in US Eastern)', () => {
  it('reads a typed time in the policy’s zone and says what it records, in both zones', () => {
    const seen: string[] = [];
    render(<Form seen={seen} />);
    expect((screen.getByLabelText('Time zone') as HTMLSelectElement).value).toBe('America/New_York');
    expect(records()).toBe('Wall-clock time in America/New_York');
    fireEvent.change(screen.getByLabelText('First report'), { target: { value: '2010-12-04T08:00' } });
    expect(seen.at(-1)).toBe('2010-12-04T08:00:00-05:00');
    expect(records()).toBe('records Sat 4 Dec 2010 08:00 EST (13:00 UTC)');
  });

  it('reads the same wall time in the zone the person picks', () => {
    const seen: string[] = [];
    render(<Form seen={seen} />);
    fireEvent.change(screen.getByLabelText('First report'), { target: { value: '2010-12-04T08:00' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'UTC' } });
    expect(seen.at(-1)).toBe('2010-12-04T08:00:00+00:00');
    expect(records()).toBe('records Sat 4 Dec 2010 08:00 UTC (03:00 EST)');
  });

  it('shows a given instant in the policy’s zone, and gives it back with that zone’s offset', () => {
    const seen: string[] = [];
    render(<Form initial="2010-12-04T13:00:00Z" seen={seen} />);
    expect((screen.getByLabelText('First report') as HTMLInputElement).value).toBe('2010-12-04T08:00');
    expect(seen).toEqual(['2010-12-04T08:00:00-05:00']);
  });

  it('refuses a time the clocks skip, in words and to the form', () => {
    const seen: string[] = [];
    render(<Form seen={seen} />);
    const input = screen.getByLabelText('First report') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '2010-03-14T01:30' } });
    expect(seen.at(-1)).toBe('2010-03-14T01:30:00-05:00');
    fireEvent.change(input, { target: { value: '2010-03-14T02:30' } });
    expect(seen.at(-1)).toBe(''); // no instant while there is no such time
    expect(records()).toBe('No such time: there is no 02:30 on 2010-03-14 in America/New_York: the clocks go forward then; give a time before or after the change.');
    expect(input.validationMessage).toMatch(/^No such time/);
  });
});
