// @vitest-environment jsdom
// The diagnosis in the workspace against the real core and a real SQLite file: the checklist's
// steps set done or not applicable (a reason asked for), its progress at a glance, and servers
// added and flagged by what the policy covers.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseWorkspace } from '../../renderer/src/case/CaseWorkspace';
import { defaultPolicy } from '../../shared/policy/load-policy';
import type { Policy } from '../../shared/policy/policy-schema';
import { diagnosticsOf } from '../../shared/diagnostics/case-diagnostics';
import { coreApi } from './core-api';

const NOW = Date.UTC(2010, 10, 29, 14, 30); // Mon 09:30 EST
const aCase = { id: 'C-1', type: 'problem', channel: 'phone', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', summary: 'Digest missing' };
const policy: Policy = {
  ...defaultPolicy(),
  version: 7,
  products: [
    { product: 'Xecuritas Gateway', version: '5.', status: 'discontinued', note: 'since 2009' },
    { product: 'Xecuritas Gateway', version: '7.', status: 'supported', note: '' },
  ],
};

afterEach(cleanup);

/** A step of the checklist by its name, and its state as shown. */
function step(panel: HTMLElement, name: string) {
  const item = within(panel).getAllByRole('listitem').find((li) => li.querySelector('.step-name')?.textContent === name);
  if (!item) throw new Error(`no step "${name}"`);
  return { item, state: () => item.querySelector('.step-state')!.textContent };
}

function open() {
  const { api, store } = coreApi([aCase], NOW, policy);
  render(<CaseWorkspace api={api} id="C-1" me="Dana" onClose={() => undefined} onChanged={() => undefined} />);
  const stored = () => store.getCase('C-1')!.record;
  return { diagnosis: () => diagnosticsOf(stored(), policy.diagnostics.steps) };
}

describe('the diagnosis panel', () => {
  it('sets steps done and not applicable, with the reason asked for, and shows the progress', async () => {
    const { diagnosis } = open();
    const panel = await screen.findByRole('region', { name: 'Diagnosis' });
    expect(within(panel).getByLabelText('0 of 6 steps settled').textContent).toBe('0/6');
    const symptoms = step(panel, 'Document initial symptoms and impacts');
    expect(symptoms.state()).toBe('to do');
    fireEvent.click(within(symptoms.item).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(within(panel).getByLabelText('1 of 6 steps settled')).toBeTruthy());
    expect(step(panel, 'Document initial symptoms and impacts').state()).toBe('done');
    expect(step(panel, 'Document initial symptoms and impacts').item.textContent).toContain('Dana');

    const topology = step(panel, 'Verify environment and network topology').item;
    fireEvent.click(within(topology).getByRole('button', { name: 'Not applicable…' }));
    const why = within(panel).getByRole('form', { name: 'Why "Verify environment and network topology" does not apply' });
    fireEvent.submit(why);
    await waitFor(() => expect(within(topology).getByRole('alert').textContent).toContain('Reason: say why'));
    fireEvent.change(within(why).getByLabelText('Reason'), { target: { value: 'one appliance, no relays' } });
    fireEvent.submit(why);
    await waitFor(() => expect(within(panel).getByLabelText('2 of 6 steps settled')).toBeTruthy());
    expect(diagnosis().steps.find((s) => s.id === 'topology')).toMatchObject({ state: 'not-applicable', reason: 'one appliance, no relays', by: 'Dana' });
  });

  it('adds servers, refuses one without a host at its field, and flags a discontinued version with what the policy says', async () => {
    const { diagnosis } = open();
    const servers = await screen.findByRole('region', { name: 'Servers' });
    const add = async (values: Record<string, string>) => {
      fireEvent.click(within(servers).getByRole('button', { name: 'Add server…' }));
      const form = within(servers).getByRole('form', { name: 'Add server' });
      for (const [label, value] of Object.entries(values)) fireEvent.change(within(form).getByLabelText(new RegExp(`^${label}`)), { target: { value } });
      fireEvent.submit(form);
      return form;
    };
    const form = await add({ Product: 'Xecuritas Gateway', Version: '7.2' });
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toContain('Host name: a server needs a host name'));
    fireEvent.change(within(form).getByLabelText(/^Host name/), { target: { value: 'mx1.northwind.example' } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(servers).getByRole('table')).toBeTruthy());
    await add({ 'Host name': 'old-gw', Product: 'Xecuritas Gateway', Version: '5.1' });
    await waitFor(() => expect(within(servers).getAllByRole('row')).toHaveLength(3));
    const [, supported, old] = within(servers).getAllByRole('row');
    expect(supported!.textContent).toContain('supported');
    expect(old!.className).toBe('flagged');
    // The catalogue in force (the shipped one lists the Gateway) decides before the policy's own list.
    expect(old!.textContent).toContain('Xecuritas Gateway 5.1 is discontinued: the support policy does not cover it');
    expect(diagnosis().rows.servers.map((r) => r.values.host)).toEqual(['mx1.northwind.example', 'old-gw']);
  });
});
