// @vitest-environment jsdom
// The modification waiver in the workspace against the real core: signed (here typed: a test's
// DOM has no canvas for the pad), listed as in force, an access on the system it covers logged,
// one on another refused with what is missing and the offer to start a waiver for that system.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseWorkspace } from '../../renderer/src/case/CaseWorkspace';
import { waiversOf } from '../../shared/diagnostics/waivers';
import { coreApi } from './core-api';

const aCase = { id: 'C-1', type: 'problem', channel: 'phone', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', contractId: 'NW-77', summary: 'Digest missing' };

afterEach(cleanup);

describe('the waiver panel', () => {
  it('signs a waiver, logs an access it covers, and offers a waiver for a system it does not', async () => {
    const { api, store } = coreApi([aCase], Date.now());
    render(<CaseWorkspace api={api} id="C-1" me="Dana" onClose={() => undefined} onChanged={() => undefined} />);
    const panel = await screen.findByRole('region', { name: 'Modification waiver' });
    expect(panel.textContent).toContain('No waiver signed');

    fireEvent.click(within(panel).getByRole('button', { name: 'Sign waiver…' }));
    const form = within(panel).getByRole('form', { name: 'Sign waiver' });
    expect((within(form).getByLabelText('Company') as HTMLInputElement).value).toBe('Northwind');
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toMatch(/Signatory: who signs for the customer\?/));
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Sam Ortiz' } });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'IT manager' } });
    fireEvent.change(within(form).getByLabelText('Email'), { target: { value: 'sam@northwind.example' } });
    fireEvent.change(within(form).getByLabelText('Other systems (comma-separated)'), { target: { value: 'mx1.northwind.example' } });
    fireEvent.change(within(form).getByLabelText('Changes permitted'), { target: { value: 'Raise the spam threshold' } });
    fireEvent.click(within(form).getByLabelText('Type'));
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toContain('Signature: type the signatory’s name'));
    fireEvent.change(within(form).getByLabelText('Typed signature'), { target: { value: 'Sam Ortiz' } });
    fireEvent.submit(form);
    const listed = await within(panel).findByRole('listitem', { name: /^Waiver W-/ });
    expect(listed.textContent).toMatch(/Sam Ortiz, IT manager \(Northwind\) · mx1\.northwind\.example · valid .* in force/);
    const [waiver] = waiversOf(store.getCase('C-1')!.record);
    expect(waiver).toMatchObject({ caseNumber: store.getCase('C-1')!.number, customer: { company: 'Northwind', contractId: 'NW-77' }, signature: { kind: 'typed', name: 'Sam Ortiz' } });
    expect(waiver!.pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    const pdf = await api['waiver:pdf']({ caseId: 'C-1' });
    expect(pdf.sha256).toBe(waiver!.pdf.sha256);

    fireEvent.click(within(panel).getByRole('button', { name: 'Log equipment access…' }));
    let access = within(panel).getByRole('form', { name: 'Log equipment access' });
    expect((within(access).getByLabelText('System') as HTMLInputElement).value).toBe('mx1.northwind.example');
    fireEvent.change(within(access).getByLabelText('What was changed'), { target: { value: 'Threshold 5 → 6' } });
    fireEvent.submit(access);
    await waitFor(() => expect(within(panel).getByRole('list', { name: 'Accesses to customer equipment' }).textContent).toContain('mx1.northwind.example: Threshold 5 → 6 — Dana'));

    fireEvent.click(within(panel).getByRole('button', { name: 'Log equipment access…' }));
    access = within(panel).getByRole('form', { name: 'Log equipment access' });
    fireEvent.change(within(access).getByLabelText('System'), { target: { value: 'db1.northwind.example' } });
    fireEvent.change(within(access).getByLabelText('What was changed'), { target: { value: 'Vacuum' } });
    fireEvent.submit(access);
    await waitFor(() => expect(within(access).getByRole('alert').textContent).toContain('no signed waiver covers db1.northwind.example'));
    fireEvent.click(within(access).getByRole('button', { name: 'Start a waiver for db1.northwind.example…' }));
    const next = within(panel).getByRole('form', { name: 'Sign waiver' });
    expect((within(next).getByLabelText('db1.northwind.example') as HTMLInputElement).checked).toBe(true);
  });
});
