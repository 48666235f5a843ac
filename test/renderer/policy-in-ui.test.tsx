// @vitest-environment jsdom
// What the policy holds is read from it, not repeated in the UI: the auto-close period in the
// letter to the customer, the severities offered by the severity action and the queue's filter,
// the statuses from CASE_STATUSES, the workspace's fields from their declaration.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIELDS_AS_SHOWN } from '../../shared/cases/case-fields';
import { defaultPolicyDocument, parsePolicy } from '../../shared/policy/load-policy';
import { CaseWorkspace } from '../../renderer/src/case/CaseWorkspace';
import { QueuePage } from '../../renderer/src/queue/QueuePage';
import { coreApi } from './core-api';

const NOW = Date.UTC(2010, 10, 29, 14, 30);
const aCase = { id: 'C-1', type: 'problem', channel: 'phone', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', summary: 'Digest missing' };

// The customer's policy, edited: a fourth severity, and cases close after 5 days without an answer.
const base = defaultPolicyDocument() as { severities: unknown[] } & Record<string, unknown>;
const edited = parsePolicy({
  ...base,
  id: 'edited-support',
  severities: [
    ...base.severities,
    { level: 4, name: 'Severity-4 (cosmetic)', definition: 'A cosmetic fault.', calendar: 'business', response: { due: { hours: 40 }, breach: { hours: 40 } }, resolution: { due: { hours: 200 }, breach: { hours: 200 } }, responseChannels: ['email'] },
  ],
  autoClose: { afterDays: 5 },
});

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});
afterEach(cleanup);

const options = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => [o.value, o.textContent]);

function openCase(policy = edited) {
  localStorage.clear();
  const { api, store } = coreApi([aCase], NOW, policy);
  render(<CaseWorkspace api={api} id="C-1" me="Dana" onClose={() => undefined} onChanged={() => undefined} />);
  return { store };
}

describe("the case's policy in the workspace", () => {
  it('gives the customer the policy’s own auto-close period in the request for missing information', async () => {
    openCase();
    await screen.findByRole('navigation', { name: 'Actions' });
    fireEvent.keyDown(window, { key: 'm' });
    const message = (await screen.findByLabelText('Message to the customer')) as HTMLTextAreaElement;
    expect(message.value).toContain('If we do not hear from you within 5 days, the case will be closed');
    expect(message.value).not.toContain('10 days');
  });

  it('offers the severities of the case’s policy, and the statuses an engineer sets', async () => {
    openCase();
    fireEvent.keyDown(await screen.findByRole('navigation', { name: 'Actions' }), { key: 'v' });
    const severity = within(await screen.findByRole('form', { name: 'Severity' })).getByLabelText('New severity');
    // The severity the case has is not a change: only the others are offered.
    expect(options(severity)).toEqual([['1', 'Severity-1'], ['3', 'Severity-3'], ['4', 'Severity-4 (cosmetic)']]);
    fireEvent.keyDown(window, { key: 's' });
    const status = within(await screen.findByRole('form', { name: 'Status' })).getByLabelText('New status');
    expect(options(status).map(([value]) => value)).toEqual(['in-progress', 'awaiting-customer', 'resolved']);
  });

  it('shows every declared field, in the declared order, each as its kind: a choice as a select', async () => {
    openCase();
    await screen.findByRole('navigation', { name: 'Actions' });
    const labels = [...document.querySelectorAll('.fields dt')].map((dt) => dt.textContent);
    expect(labels).toEqual(FIELDS_AS_SHOWN.map((f) => f.label));
    const nature = screen.getByLabelText('Nature');
    expect(nature.tagName).toBe('SELECT');
    expect(options(nature)).toEqual([['', '—'], ['functional', 'functional'], ['performance', 'performance']]);
    expect(screen.getByLabelText('Symptoms').tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText('Summary').tagName).toBe('INPUT');
  });

  it('saves a choice as the declared field (Nature: problem.nature)', async () => {
    const { store } = openCase();
    fireEvent.change(await screen.findByLabelText('Nature'), { target: { value: 'performance' } });
    await waitFor(() => expect(store.getCase('C-1')!.record.problem).toEqual({ nature: 'performance' }));
  });
});

describe("the policy in force in the queue", () => {
  it('filters by the severities of the policy in force, by name', async () => {
    const { api } = coreApi([aCase], NOW, edited);
    render(<QueuePage api={api} me="Dana" />);
    const filter = screen.getByLabelText('Severity');
    await waitFor(() => expect(options(filter)).toEqual([['', 'Any severity'], ['1', 'Severity-1'], ['2', 'Severity-2'], ['3', 'Severity-3'], ['4', 'Severity-4 (cosmetic)']]));
    expect(options(screen.getByLabelText('Status')).map(([value]) => value)).toEqual(['', 'new', 'in-progress', 'awaiting-customer', 'resolved', 'closed']);
  });
});
