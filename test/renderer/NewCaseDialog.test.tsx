// @vitest-environment jsdom
// Phone intake against the real core: suggestions from known cases, the policy's definitions,
// and every field it takes saved on the new case.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { NewCaseDialog } from '../../renderer/src/case/NewCaseDialog';
import { coreApi } from './core-api';

const NOW = Date.UTC(2010, 10, 29, 14, 30);
const known = [
  { id: 'K-1', type: 'problem', severity: 3, loggedAt: '2010-11-01T09:00:00-05:00', company: 'Northwind', contractId: 'XS-2291', product: 'Xecuritas Gateway', softwareVersion: '7.2.1' },
  { id: 'K-2', type: 'problem', severity: 3, loggedAt: '2010-11-02T09:00:00-05:00', company: 'Northwind', contractId: 'XS-2291', product: 'Xecuritas Gateway', softwareVersion: '7.3.0' },
  { id: 'K-3', type: 'problem', severity: 3, loggedAt: '2010-11-03T09:00:00-05:00', company: 'Contoso', contractId: 'XS-9000', product: 'Xecuritas Archive', softwareVersion: '2.0' },
];

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const options = (label: string) => [...document.getElementById(screen.getByLabelText(label).getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.value);

describe('phone intake', () => {
  it('suggests known companies, their contracts, products and their versions', async () => {
    const { api } = coreApi(known, NOW);
    render(<NewCaseDialog api={api} me="Dana" onDone={() => undefined} onCancel={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Company'), { target: { value: 'North' } });
    await waitFor(() => expect(options('Company')).toEqual(['Northwind']));
    fireEvent.change(screen.getByLabelText('Company'), { target: { value: 'Northwind' } });
    await waitFor(() => expect(options('Contract ID')).toEqual(['XS-2291']));
    fireEvent.change(screen.getByLabelText('Product'), { target: { value: 'Xecuritas Gateway' } });
    await waitFor(() => expect(options('Software version')).toEqual(['7.2.1', '7.3.0']));
  });

  it("shows the policy's definition of the severity chosen", async () => {
    const { api } = coreApi(known, NOW);
    render(<NewCaseDialog api={api} me="Dana" onDone={() => undefined} onCancel={() => undefined} />);
    await waitFor(() => expect(document.querySelector('.definition')?.textContent).toMatch(/^Problem affects a small fraction of the user population/));
    fireEvent.change(screen.getByLabelText(/^Severity/), { target: { value: '1' } });
    await waitFor(() => expect(document.querySelector('.definition')?.textContent).toMatch(/^Any ongoing major security breach or email service disruption/));
  });

  it('flags a product version the policy does not cover', async () => {
    const { api } = coreApi(known, NOW);
    render(<NewCaseDialog api={api} me="Dana" onDone={() => undefined} onCancel={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Product'), { target: { value: 'Xecuritas Gateway' } });
    fireEvent.change(screen.getByLabelText('Software version'), { target: { value: '8.0 beta' } });
    await waitFor(() => expect(screen.getByRole('status', { name: 'Coverage' }).textContent).toMatch(/^Not covered by the support policy: .*beta and field-test technology is covered by a separate policy$/));
    fireEvent.change(screen.getByLabelText('Software version'), { target: { value: '7.3.0' } });
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Coverage' })).toBeNull());
  });

  it('saves every field it was given on the new case', async () => {
    const { api, store } = coreApi(known, NOW);
    let created = '';
    render(<NewCaseDialog api={api} me="Dana" onDone={(c) => (created = c.number)} onCancel={() => undefined} />);
    const fill = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
    fill('Company', 'Northwind');
    fill('Contact name', 'Sam Lee');
    fill('Contact phone', '+1 555 0100');
    fill('Contract ID', 'XS-2291');
    fill('Product', 'Xecuritas Gateway');
    fill('Software version', '7.3.0');
    fill('Summary', 'Digest missing');
    fill('Nature', 'functional');
    fill(/^First report/, '2010-11-29T09:20');
    await act(async () => {
      fireEvent.submit(screen.getByRole('dialog', { name: 'New case' }));
    });
    await waitFor(() => expect(created).toMatch(/-4$/));
    const stored = [...store.allCases()].at(-1)!;
    expect(stored.record).toMatchObject({
      company: 'Northwind', contractId: 'XS-2291', contact: { name: 'Sam Lee', phone: '+1 555 0100' }, product: 'Xecuritas Gateway',
      softwareVersion: '7.3.0', summary: 'Digest missing', problem: { nature: 'functional' }, engineer: 'Dana', channel: 'phone',
    });
  });
});

describe('phone intake, told what is wrong', () => {
  it('holds each field to its declared limit and says every problem at its field at once, sending nothing', async () => {
    const { api, store } = coreApi(known, NOW);
    let done = false;
    render(<NewCaseDialog api={api} me="Dana" onDone={() => (done = true)} onCancel={() => undefined} />);
    expect((screen.getByLabelText('Hardware') as HTMLInputElement).maxLength).toBe(200);
    expect((screen.getByLabelText('Contact email') as HTMLInputElement).maxLength).toBe(320);
    expect((screen.getByLabelText('Summary') as HTMLInputElement).maxLength).toBe(300);
    fireEvent.submit(screen.getByRole('dialog', { name: 'New case' }));
    const company = screen.getByLabelText('Company');
    const summary = screen.getByLabelText('Summary');
    expect(company.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(company.getAttribute('aria-describedby')!)!.textContent).toBe('which company?');
    expect(document.getElementById(summary.getAttribute('aria-describedby')!)!.textContent).toBe('what is the problem, in a line?');
    expect(document.activeElement).toBe(company);
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    expect(done).toBe(false);
    expect(store.caseCount()).toBe(known.length);
    fireEvent.change(company, { target: { value: 'Northwind' } });
    expect(company.getAttribute('aria-invalid')).toBeNull();
    expect(summary.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('phone intake, closed by mistake', () => {
  it('keeps what was typed for the next new case until it is saved or discarded', async () => {
    const { api, store } = coreApi(known, NOW);
    const first = render(<NewCaseDialog api={api} me="Dana" onDone={() => undefined} onCancel={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Company'), { target: { value: 'Northwind' } });
    fireEvent.change(screen.getByLabelText('Symptoms'), { target: { value: 'digest stops at 03:00' } });
    first.unmount(); // Esc
    render(<NewCaseDialog api={api} me="Dana" onDone={() => undefined} onCancel={() => undefined} />);
    expect((screen.getByLabelText('Company') as HTMLInputElement).value).toBe('Northwind');
    expect((screen.getByLabelText('Symptoms') as HTMLInputElement).value).toBe('digest stops at 03:00');
    expect(screen.getByRole('status').textContent).toMatch(/^The new case you had started, as you left it/);
    fireEvent.click(screen.getByRole('button', { name: 'Discard it' }));
    expect((screen.getByLabelText('Company') as HTMLInputElement).value).toBe('');
    cleanup();
    let created = '';
    render(<NewCaseDialog api={api} me="Dana" onDone={(c) => (created = c.number)} onCancel={() => undefined} />);
    expect((screen.getByLabelText('Company') as HTMLInputElement).value).toBe('');
    fireEvent.change(screen.getByLabelText('Company'), { target: { value: 'Contoso' } });
    fireEvent.change(screen.getByLabelText('Summary'), { target: { value: 'Archive search slow' } });
    fireEvent.change(screen.getByLabelText(/^First report/), { target: { value: '2010-11-29T09:20' } }); // the core's clock is in 2010
    fireEvent.submit(screen.getByRole('dialog', { name: 'New case' }));
    await waitFor(() => expect(created).not.toBe(''));
    expect(store.findCase(created)!.record.company).toBe('Contoso');
    cleanup();
    render(<NewCaseDialog api={api} me="Dana" onDone={() => undefined} onCancel={() => undefined} />);
    expect((screen.getByLabelText('Company') as HTMLInputElement).value).toBe(''); // saved: nothing to bring back
    expect(screen.queryByRole('status')).toBeNull();
  });
});
