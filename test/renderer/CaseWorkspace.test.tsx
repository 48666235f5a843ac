// @vitest-environment jsdom
// The case workspace against the real core and a real SQLite file: SLA panel, actions, fields.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseWorkspace } from '../../renderer/src/case/CaseWorkspace';
import { coreApi } from './core-api';
import { connectionOf } from '../../electron/core/store/case-store';

const NOW = Date.UTC(2010, 10, 29, 14, 30); // Mon 09:30 EST
const aCase = { id: 'C-1', type: 'problem', channel: 'phone', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', summary: 'Digest missing' };

afterEach(cleanup);

function open(me = 'Dana') {
  const { api, store } = coreApi([aCase], NOW);
  const changed: number[] = [];
  render(<CaseWorkspace api={api} id="C-1" me={me} onClose={() => undefined} onChanged={() => changed.push(1)} />);
  return { store, changed };
}

describe('the case workspace', () => {
  it('shows both clocks, their deadlines, and how each was reached', async () => {
    open();
    const sla = await screen.findByRole('region', { name: 'SLA clocks' });
    await waitFor(() => expect(sla.textContent).toContain('Response:'));
    // One convention for every instant: the engineer's zone (here UTC) first, the year of a past year, the policy's zone beside it.
    expect(sla.textContent).toMatch(/due Mon 29 Nov 2010 18:00 UTC \(13:00 EST\) · breach Mon 29 Nov 2010 20:00 UTC \(15:00 EST\)/);
    expect(sla.textContent).toContain('Judged under Severity-2 (the severity at first report), counted on business hours');
    // The explanation too (the core's clock says it is 29 November 2010: "today").
    expect(sla.textContent).toContain('→ BREACH at today 20:00 UTC (15:00 EST) (6h counted)');
  });

  it('logs a phone contact, which stops the response clock, and tells the queue', async () => {
    const { changed } = open();
    const actions = await screen.findByRole('navigation', { name: 'Actions' });
    fireEvent.click(within(actions).getByRole('button', { name: 'Log contact' }));
    const form = screen.getByRole('form', { name: 'Log contact' });
    fireEvent.change(within(form).getByLabelText('Note'), { target: { value: 'asked for logs' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('region', { name: 'SLA clocks' }).textContent).toMatch(/Response: met/));
    expect(screen.getByText(/asked for logs/).closest('li')!.textContent).toMatch(/contact · phone · asked for logs — Dana$/);
    expect(changed).toEqual([1]);
  });

  it('says why a change is refused, and asks who is making changes', async () => {
    open();
    const actions = await screen.findByRole('navigation', { name: 'Actions' });
    // Not offered on a case that is not closed: disabled, the rules' reason on hover and when chosen.
    const reopen = within(actions).getByRole('button', { name: 'Reopen' });
    expect(reopen.getAttribute('aria-disabled')).toBe('true');
    expect(reopen.title).toMatch(/is new, not closed or resolved: there is nothing to reopen/);
    fireEvent.click(reopen);
    expect(screen.queryByRole('form', { name: 'Reopen' })).toBeNull();
    expect(screen.getByRole('status', { name: '' }).textContent ?? '').toMatch(/is new, not closed or resolved: there is nothing to reopen/);
    // Every problem of a form at once, each at its field, in words, before anything is sent.
    fireEvent.click(within(actions).getByRole('button', { name: 'Escalate' }));
    const escalate = screen.getByRole('form', { name: 'Escalate' });
    expect((within(escalate).getByLabelText(/^Reason/) as HTMLInputElement).maxLength).toBe(2000);
    fireEvent.submit(escalate);
    expect(within(escalate).getByLabelText(/^Reason/).getAttribute('aria-invalid')).toBe('true');
    expect(escalate.querySelector('.field-error')!.textContent).toBe('give a reason');
    cleanup();
    open('');
    fireEvent.click(within(await screen.findByRole('navigation', { name: 'Actions' })).getByRole('button', { name: 'Customer replied' }));
    fireEvent.submit(screen.getByRole('form', { name: 'Customer replied' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Say who you are first'));
  });

  it('shows the deadlines a severity change would give before it is saved', async () => {
    const { store } = open();
    fireEvent.keyDown(await screen.findByRole('navigation', { name: 'Actions' }), { key: 'v' });
    const form = await screen.findByRole('form', { name: 'Severity' });
    fireEvent.change(within(form).getByLabelText('New severity'), { target: { value: '1' } });
    await waitFor(() =>
      expect(within(form).getByRole('status', { name: 'New deadlines' }).textContent).toBe(
        'At severity 1: Response: due Mon 29 Nov 2010 15:00 UTC (10:00 EST), breach Mon 29 Nov 2010 15:00 UTC (10:00 EST) · Resolution: due Tue 30 Nov 2010 14:00 UTC (09:00 EST), breach Tue 30 Nov 2010 14:00 UTC (09:00 EST)',
      ),
    );
    expect(store.getCase('C-1')!.record.events ?? []).toEqual([]); // nothing saved yet
  });

  it('saves a field when it is left, and stops naming it as missing', async () => {
    const { store } = open();
    const input = await screen.findByLabelText('Contract ID');
    fireEvent.change(input, { target: { value: 'XS-1' } });
    fireEvent.blur(input);
    await waitFor(() => expect(store.getCase('C-1')!.record.contractId).toBe('XS-1'));
    await waitFor(() => expect(document.querySelector('.missing')!.textContent).not.toContain('service contract ID'));
  });
});

describe('an edit in progress when a sync changes the field underneath', () => {
  it('is saved with the value it started from, so the server can tell it was made over another', async () => {
    localStorage.clear();
    const { api, store } = coreApi([aCase], NOW);
    const view = render(<CaseWorkspace api={api} id="C-1" me="Dana" onClose={() => undefined} onChanged={() => undefined} dataVersion={1} />);
    const summary = (await screen.findByLabelText('Summary')) as HTMLInputElement;
    fireEvent.change(summary, { target: { value: 'Digest missing since Monday' } });
    // A sync brings in another desktop's summary while Dana types.
    connectionOf(store).prepare('UPDATE cases SET summary = ?').run('Digest missing for all users');
    view.rerender(<CaseWorkspace api={api} id="C-1" me="Dana" onClose={() => undefined} onChanged={() => undefined} dataVersion={2} />);
    await waitFor(() => expect(summary.value).toBe('Digest missing since Monday'));
    fireEvent.blur(summary);
    await waitFor(() => expect(store.getCase('C-1')!.record.summary).toBe('Digest missing since Monday'));
    expect(store.outbox().at(-1)).toMatchObject({ name: 'updateCase', args: { fields: { summary: 'Digest missing since Monday' }, base: { summary: 'Digest missing' } } });
  });
});

describe('an edit in progress', () => {
  it('survives closing the case before the field was left, and is saved when it is', async () => {
    localStorage.clear();
    const { api, store } = coreApi([aCase], NOW);
    const first = render(<CaseWorkspace api={api} id="C-1" me="Dana" onClose={() => undefined} onChanged={() => undefined} />);
    fireEvent.change(await screen.findByLabelText('Hardware'), { target: { value: 'XG-400' } });
    first.unmount(); // switched to another case, or the window closed, without leaving the field
    render(<CaseWorkspace api={api} id="C-1" me="Dana" onClose={() => undefined} onChanged={() => undefined} />);
    const again = (await screen.findByLabelText('Hardware')) as HTMLInputElement;
    expect(again.value).toBe('XG-400');
    expect(again.closest('div')!.textContent).toContain('(unsaved edit)');
    fireEvent.blur(again);
    await waitFor(() => expect(store.getCase('C-1')!.record.hardware).toBe('XG-400'));
    await waitFor(() => expect(localStorage.length).toBe(0));
  });
});

describe('the request for missing information', () => {
  it('lists what is missing, addressed to the contact, and records the request as a wait for the customer', async () => {
    const { store } = open();
    fireEvent.keyDown(window, { key: 'm' });
    const message = (await screen.findByLabelText('Message to the customer')) as HTMLTextAreaElement;
    expect(message.value).toMatch(/^Hello,\n\nTo work on your case .+-1 \(Digest missing\), we need the following information:/);
    expect(message.value).toContain('  - service contract ID\n');
    expect(message.value).toContain('within 10 days');
    fireEvent.click(screen.getByRole('button', { name: 'Record request and await the customer' }));
    await waitFor(() => expect(store.getCase('C-1')!.status).toBe('awaiting-customer'));
    expect(store.getCase('C-1')!.record.events!.at(-1)).toMatchObject({ type: 'status', status: 'awaiting-customer', reason: expect.stringMatching(/^requested: customer company name|^requested: service contract ID/) });
    await waitFor(() => expect(document.querySelector('.autoclose')!.textContent).toMatch(/^Closes by itself Thu 9 Dec/));
  });
});

describe('a field two desktops edited at once', () => {
  it('shows both versions of free text and keeps the one the engineer picks; a short field says what it replaced', async () => {
    const { api, store } = coreApi([{ ...aCase, problem: { symptoms: 'TLS errors in the log' }, product: 'MailWall 7' }], NOW);
    const conflicts = [
      { field: 'problem.symptoms', kind: 'text', value: 'TLS errors in the log', author: 'Raj', other: 'queue at 40k since 9:00', otherAuthor: 'Ann', at: NOW },
      { field: 'product', kind: 'overwritten', value: 'MailWall 7', author: 'Raj', other: 'MailWall Pro', otherAuthor: 'Ann', at: NOW },
    ];
    connectionOf(store).prepare('UPDATE cases SET conflicts = ?').run(JSON.stringify(conflicts));
    render(<CaseWorkspace api={api} id="C-1" me="Dana" onClose={() => undefined} onChanged={() => undefined} />);
    const versions = await screen.findByRole('group', { name: 'Two versions' });
    expect(versions.textContent).toContain('Edited on two desktops at once. Shown above: Raj’s version. The other, by Ann:queue at 40k since 9:00');
    expect(screen.getByText(/Changed at the same time/).textContent).toBe('Changed at the same time: “MailWall Pro” (Ann) was replaced by this value (Raj).');
    fireEvent.click(within(versions).getByRole('button', { name: 'Use Ann’s version' }));
    await waitFor(() => expect((screen.getByLabelText('Symptoms') as HTMLTextAreaElement).value).toBe('queue at 40k since 9:00'));
    expect(screen.queryByRole('group', { name: 'Two versions' })).toBeNull();
    expect(store.getCase('C-1')!.conflicts.map((c) => c.field)).toEqual(['product']);
    const outbox = store.outbox().at(-1)!;
    expect(outbox).toMatchObject({ name: 'updateCase', args: { fields: { problem: { symptoms: 'queue at 40k since 9:00' } }, base: { 'problem.symptoms': 'TLS errors in the log' } } });
  });
});
