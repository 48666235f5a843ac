// @vitest-environment jsdom
// The timeline in the order things happened, against the real core: automatic escalations among
// the events by their instants, a change recorded later than it happened saying so.
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseTimeline } from '../../renderer/src/case/CaseTimeline';
import { coreApi } from './core-api';
import { applyMutation } from '../../electron/core/store/apply-mutation';

const NOW = Date.UTC(2010, 11, 3, 15, 0); // Fri 3 Dec 2010 10:00 EST
const aCase = {
  id: 'C-1', type: 'problem', channel: 'phone', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', summary: 'Digest missing',
  events: [{ at: '2010-11-29T09:30:00-05:00', type: 'note', text: 'imported history' }],
};

afterEach(cleanup);

const items = () => [...document.querySelectorAll('.timeline > li')];
const instantOf = (li: Element) => Date.parse(li.querySelector('time')!.getAttribute('dateTime')!);

describe('the case timeline', () => {
  it('lists events and automatic escalations by when they happened, and marks what was recorded later', async () => {
    const { api } = coreApi([aCase], NOW);
    await api['case:change']({ name: 'addNote', args: { caseId: 'C-1', author: 'Dana', text: 'called back today' } });
    // Recorded now, but it happened on Monday: the severity was raised then.
    const detail = await api['case:change']({ name: 'changeSeverity', args: { caseId: 'C-1', author: 'Dana', severity: 1, reason: 'outage after all', at: '2010-11-29T10:30:00-05:00' } });
    render(<CaseTimeline detail={detail} />);
    const texts = items().map((li) => li.textContent!);
    expect(texts).toHaveLength(5);
    const instants = items().map(instantOf);
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    // Written order: imported note, today's note, the severity change. Severity 1 counts its hour of response from the
    // first report, so the response breach it brought (10:00 on Monday) comes before the change itself (10:30).
    expect(texts[0]).toMatch(/note · imported history$/);
    expect(texts[1]).toBe('Mon 29 Nov 2010 15:00 UTC (10:00 EST) escalated to support management · response clock breached (automatic)automatic');
    expect(texts[2]).toBe(
      'Mon 29 Nov 2010 15:30 UTC (10:30 EST) severity · 1 · reason: outage after all — Dana · recorded Fri 3 Dec 2010 15:00 UTC (10:00 EST)retroactive' +
        ' · moved the response breach from Mon 29 Nov 2010 20:00 UTC (15:00 EST) to Mon 29 Nov 2010 15:00 UTC (10:00 EST)' +
        ' · moved the resolution breach from Wed 1 Dec 2010 14:00 UTC (09:00 EST) to Tue 30 Nov 2010 14:00 UTC (09:00 EST)',
    );
    expect(texts[3]).toMatch(/^Tue 30 Nov 2010 14:00 UTC \(09:00 EST\) escalated to support management · resolution clock breached \(automatic\)automatic$/);
    expect(texts[4]).toMatch(/note · called back today — Dana$/);
    // An imported event is history as recorded, not a late entry.
    expect(items()[0]!.className).toBe('');
    expect(items()[2]!.className).toBe('retroactive');
    expect(items()[1]!.className).toBe('auto');
  });

  it('shows a recorded automatic escalation once, in place of the one the clocks give, marked automatic', async () => {
    const { api, store } = coreApi([aCase], NOW);
    // The response breached at 15:00 on Monday (6 business hours); recorded on Friday.
    applyMutation(store, 'recordAutomatic', { caseId: 'C-1', at: '2010-11-29T20:00:00Z', author: 'Casedesk (automatic)', kind: 'escalation', clock: 'response' });
    render(<CaseTimeline detail={(await api['case:get']({ idOrNumber: 'C-1' }))!} />);
    const escalations = items().filter((li) => li.textContent!.includes('escalat'));
    expect(escalations.map((li) => li.textContent)).toEqual([
      'Mon 29 Nov 2010 20:00 UTC (15:00 EST) escalation · support-management · reason: the response clock breached — Casedesk (automatic)automatic · recorded Fri 3 Dec 2010 15:00 UTC (10:00 EST)retroactive',
      expect.stringMatching(/^Wed 1 Dec 2010 .* escalated to support management · resolution clock breached \(automatic\)automatic$/),
    ]);
    expect(escalations[0]!.className).toBe('retroactive auto');
  });

  it('says whom each step of a page went to, and who acknowledged it', async () => {
    const paged = {
      ...aCase,
      severity: 1,
      events: [
        { at: '2010-11-29T09:01:00-05:00', type: 'page', author: 'casedesk', step: 'primary', to: ['Olu Bello'] },
        { at: '2010-11-29T09:16:00-05:00', type: 'page', author: 'casedesk', step: 'secondary', to: ['Bea Ito'], reason: 'not acknowledged within 15 min; paging Bea Ito' },
        { at: '2010-11-29T09:18:00-05:00', type: 'page-acknowledged', author: 'Bea Ito', note: 'on it' },
      ],
    };
    const { api } = coreApi([paged], NOW);
    render(<CaseTimeline detail={(await api['case:get']({ idOrNumber: 'C-1' }))!} />);
    const texts = items().map((li) => li.textContent!);
    expect(texts.find((t) => t.includes('09:01 EST'))).toMatch(/page · Olu Bello \(the engineer on call\) — casedesk$/);
    expect(texts.find((t) => t.includes('09:16 EST'))).toMatch(/page · Bea Ito \(the secondary on call\) · reason: not acknowledged within 15 min; paging Bea Ito — casedesk$/);
    expect(texts.find((t) => t.includes('09:18 EST'))).toMatch(/page-acknowledged · on it — Bea Ito$/);
  });

  it('keeps an undone event in its place, struck through, with when it was undone', async () => {
    const { api } = coreApi([aCase], NOW);
    await api['case:change']({ name: 'addNote', args: { caseId: 'C-1', author: 'Dana', text: 'wrong case' } });
    const detail = await api['case:change']({ name: 'undoLastChange', args: { caseId: 'C-1', author: 'Dana' } });
    render(<CaseTimeline detail={detail} />);
    const undone = document.querySelector('.timeline .retracted')!;
    expect(undone.textContent).toMatch(/note · wrong case — Dana · undone Fri 3 Dec 2010 15:00 UTC \(10:00 EST\)$/);
    expect(items().at(-1)!.textContent).toMatch(/undid the note/);
  });
});
