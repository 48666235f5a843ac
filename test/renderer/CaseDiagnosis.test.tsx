// @vitest-environment jsdom
// The diagnosis in the workspace against the real core and a real SQLite file: the checklist's
// steps set done or not applicable (a reason asked for), a note and the case's files on a step, its
// progress at a glance; servers added and flagged by what the policy covers, edited and removed;
// the mail flow, web servers and databases, and recent changes marked against the first report.
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

/** A table's rows (its header first) in a region, as table rows. */
const rows = (region: HTMLElement) => within(region).getAllByRole('row') as HTMLTableRowElement[];

/** Open a table's "Add NOUN…" form, fill in the fields by the start of their labels, submit it. */
function addRow(region: HTMLElement, noun: string, values: Record<string, string>): HTMLElement {
  fireEvent.click(within(region).getByRole('button', { name: `Add ${noun}…` }));
  const form = within(region).getByRole('form', { name: `Add ${noun}` });
  for (const [label, value] of Object.entries(values)) fireEvent.change(within(form).getByLabelText(new RegExp(`^${label}`)), { target: { value } });
  fireEvent.submit(form);
  return form;
}

function open(record: Record<string, unknown> = aCase) {
  const { api, store } = coreApi([record], NOW, policy);
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
    const add = (values: Record<string, string>) => addRow(servers, 'server', values);
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
    // The case's coverage follows from its servers': out of the policy, saying which.
    expect(within(servers).getByRole('note').textContent).toBe(
      '⚠ Not covered by this policy — old-gw: Xecuritas Gateway 5.1 is discontinued: the support policy does not cover it',
    );
    expect(diagnosis().rows.servers.map((r) => r.values.host)).toEqual(['mx1.northwind.example', 'old-gw']);
  });

  it('adds hops to the mail flow in the order of their position and a component with its configuration', async () => {
    const { diagnosis } = open();
    const flow = await screen.findByRole('region', { name: 'Mail flow' });
    expect(flow.textContent).toContain('No hops recorded yet');
    const addHop = async (values: Record<string, string>) => {
      addRow(flow, 'hop', values);
      await waitFor(() => expect(within(flow).queryByRole('form')).toBeNull());
    };
    await addHop({ Name: 'mx1', Role: 'mx', Address: '203.0.113.5', Software: 'Xecuritas Gateway', Version: '7.2' });
    // The next one inwards is offered as the next position; one typed before it goes first.
    fireEvent.click(within(flow).getByRole('button', { name: 'Add hop…' }));
    expect((within(within(flow).getByRole('form', { name: 'Add hop' })).getByLabelText(/^Position/) as HTMLInputElement).value).toBe('2');
    fireEvent.click(within(flow).getByRole('button', { name: 'Cancel' }));
    await addHop({ Position: '3', Name: 'store1', Role: 'mail-store' });
    await addHop({ Position: '2', Name: 'filter1', Role: 'filter' });
    const hops = rows(flow).slice(1);
    expect(hops.map((tr) => tr.cells[1]!.textContent)).toEqual(['mx1', 'filter1', 'store1']);
    expect(hops[0]!.cells[2]!.textContent).toBe('MX (receives from the internet)');
    expect(hops[2]!.cells[2]!.textContent).toBe('Mail store');
    expect(diagnosis().rows.hops.map((r) => [r.values.position, r.values.name, r.values.role])).toEqual([[1, 'mx1', 'mx'], [2, 'filter1', 'filter'], [3, 'store1', 'mail-store']]);

    const components = screen.getByRole('region', { name: 'Web and database components' });
    expect(within(components).getByRole('heading').textContent).toBe('Web servers and databases');
    fireEvent.click(within(components).getByRole('button', { name: 'Add component…' }));
    const form = within(components).getByRole('form', { name: 'Add component' });
    fireEvent.change(within(form).getByLabelText(/^Kind/), { target: { value: 'database' } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toContain('Name: name the component'));
    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: 'quarantine-db' } });
    fireEvent.change(within(form).getByLabelText('Software'), { target: { value: 'PostgreSQL' } });
    fireEvent.change(within(form).getByLabelText('Configuration'), { target: { value: 'max_connections = 200\nshared_buffers = 2GB' } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(components).getAllByRole('row')).toHaveLength(2));
    const row = rows(components)[1]!;
    expect(row.cells[0]!.textContent).toBe('Database');
    expect(row.textContent).toContain('shared_buffers = 2GB');
    expect(diagnosis().rows.components[0]!.values).toEqual({ kind: 'database', name: 'quarantine-db', software: 'PostgreSQL', configuration: 'max_connections = 200\nshared_buffers = 2GB' });
  });

  it('marks recent changes before the first report, highlighted and said in words, and those after', async () => {
    const { diagnosis } = open();
    const changes = await screen.findByRole('region', { name: 'Recent changes' });
    const add = (values: Record<string, string>) => addRow(changes, 'change', values);
    // The first report: 2010-11-29 09:00 EST.
    await add({ When: '2010-11-29T09:20:00-05:00', What: 'Gateway rebooted', 'Changed by': 'customer IT' });
    await waitFor(() => expect(within(changes).queryByRole('form')).toBeNull());
    await add({ When: '2010-11-25', What: 'Spam threshold raised from 5 to 6' });
    await waitFor(() => expect(within(changes).queryByRole('form')).toBeNull());
    // Dated by the day of the first report only: it may have come first, so it counts as before.
    await add({ When: '2010-11-29', What: 'Digest template edited' });
    await waitFor(() => expect(within(changes).getAllByRole('row')).toHaveLength(4));
    const [, threshold, template, reboot] = within(changes).getAllByRole('row');
    expect(threshold!.textContent).toContain('Spam threshold raised from 5 to 6');
    expect(threshold!.textContent).toContain('before first report');
    expect(threshold!.className).toBe('before-report');
    expect(template!.textContent).toContain('before first report');
    expect(template!.className).toBe('before-report');
    expect(reboot!.textContent).toContain('Gateway rebooted');
    expect(reboot!.textContent).toContain('after first report');
    expect(reboot!.className).toBe('');
    expect(diagnosis().rows.changes.map((r) => r.values.when)).toEqual(['2010-11-29T09:20:00-05:00', '2010-11-25', '2010-11-29']);

    const future = await add({ When: '2010-12-01', What: 'Planned upgrade' });
    await waitFor(() => expect(within(future).getByRole('alert').textContent).toContain('When: a change cannot be dated in the future'));
  });

  it('edits a server with its values filled in, and removes another (u undoes it)', async () => {
    const { diagnosis } = open();
    const servers = await screen.findByRole('region', { name: 'Servers' });
    for (const host of ['mx1.northwind.example', 'old-gw']) {
      addRow(servers, 'server', { 'Host name': host, Product: 'Xecuritas Gateway', Version: '5.1' });
      await waitFor(() => expect(within(servers).getAllByRole('row').some((tr) => tr.textContent?.includes(host))).toBe(true));
    }
    const row = (host: string) => rows(servers).find((tr) => tr.cells[0]?.textContent === host);
    expect(row('mx1.northwind.example')!.className).toBe('flagged');

    fireEvent.click(within(servers).getByRole('button', { name: 'Edit server mx1.northwind.example…' }));
    const edit = within(servers).getByRole('form', { name: 'Edit server mx1.northwind.example' });
    expect((within(edit).getByLabelText(/^Host name/) as HTMLInputElement).value).toBe('mx1.northwind.example');
    expect((within(edit).getByLabelText('Version') as HTMLInputElement).value).toBe('5.1');
    fireEvent.change(within(edit).getByLabelText('Version'), { target: { value: '7.2' } });
    fireEvent.submit(edit);
    await waitFor(() => expect(within(servers).queryByRole('form')).toBeNull());
    expect(row('mx1.northwind.example')!.cells[3]!.textContent).toBe('7.2');
    expect(row('mx1.northwind.example')!.className).toBe('');
    expect(row('mx1.northwind.example')!.textContent).toContain('supported');
    expect(diagnosis().rows.servers.find((r) => r.values.host === 'mx1.northwind.example')).toMatchObject({ revision: 2, values: { version: '7.2' } });
    expect(diagnosis().rows.servers[0]!.conflict).toBeUndefined();

    fireEvent.click(within(servers).getByRole('button', { name: 'Remove server old-gw' }));
    await waitFor(() => expect(row('old-gw')).toBeUndefined());
    expect(within(servers).getByRole('status').textContent).toBe('Removed server old-gw: u undoes it');
    expect(diagnosis().rows.servers.map((r) => r.values.host)).toEqual(['mx1.northwind.example']);
    fireEvent.keyDown(document.body, { key: 'u' });
    await waitFor(() => expect(row('old-gw')).toBeTruthy());
    expect(diagnosis().rows.servers.map((r) => r.values.host)).toEqual(['mx1.northwind.example', 'old-gw']);
  });

  it('shows a row edited on two desktops at once with the values it replaced, in any table', async () => {
    const edit = (author: string, name: string) => ({ at: '2010-11-29T09:10:00-05:00', type: 'diagnostic-row', author, table: 'hops', row: 'h1', base: 0, values: { position: 1, name, role: 'relay' } });
    open({ ...aCase, events: [edit('Ann', 'relay-a'), edit('Bo', 'relay-b')] });
    const flow = await screen.findByRole('region', { name: 'Mail flow' });
    const [, hop] = rows(flow);
    expect(hop!.cells[1]!.textContent).toBe('relay-b');
    expect(hop!.textContent).toContain('Edited at once by Ann: 1 · relay-a · Relay');
  });

  it('keeps a note and the case files it refers to on a step, through a change of its state', async () => {
    const log = { at: '2010-11-29T09:05:00-05:00', type: 'attachment', author: 'Dana', sha256: 'a'.repeat(64), size: 10, name: 'smtp<b>.log', mediaType: 'text/plain' };
    const shot = { at: '2010-11-29T09:06:00-05:00', type: 'attachment', author: 'Dana', sha256: 'b'.repeat(64), size: 20, name: 'queue.png', mediaType: 'image/png' };
    const { diagnosis } = open({ ...aCase, events: [log, shot] });
    const panel = await screen.findByRole('region', { name: 'Diagnosis' });
    const evidence = () => step(panel, 'Review relevant information').item;
    fireEvent.click(within(evidence()).getByRole('button', { name: 'Note…' }));
    const form = within(panel).getByRole('form', { name: 'Note on Review relevant information' });
    fireEvent.change(within(form).getByLabelText('Note'), { target: { value: 'Deferred at 09:01, see the log' } });
    fireEvent.click(within(form).getByLabelText('smtp<b>.log'));
    expect((within(form).getByLabelText('queue.png') as HTMLInputElement).checked).toBe(false);
    fireEvent.submit(form);
    await waitFor(() => expect(within(panel).queryByRole('form')).toBeNull());
    expect(evidence().querySelector('.step-note')!.textContent).toBe('Deferred at 09:01, see the log');
    // The file's name as text, never as markup.
    expect(evidence().querySelector('.step-files')!.textContent).toBe('Files: smtp<b>.log');
    expect(evidence().querySelector('b')).toBeNull();
    expect(diagnosis().steps.find((s) => s.id === 'evidence')).toMatchObject({ state: 'todo', note: 'Deferred at 09:01, see the log', files: ['a'.repeat(64)] });

    fireEvent.click(within(evidence()).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(step(panel, 'Review relevant information').state()).toBe('done'));
    expect(diagnosis().steps.find((s) => s.id === 'evidence')).toMatchObject({ state: 'done', note: 'Deferred at 09:01, see the log', files: ['a'.repeat(64)] });

    // Opened again: what it holds, to change.
    fireEvent.click(within(evidence()).getByRole('button', { name: 'Note…' }));
    const again = within(panel).getByRole('form', { name: 'Note on Review relevant information' });
    expect((within(again).getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Deferred at 09:01, see the log');
    expect((within(again).getByLabelText('smtp<b>.log') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(again).getByLabelText('queue.png'));
    fireEvent.submit(again);
    await waitFor(() => expect(evidence().querySelector('.step-files')!.textContent).toBe('Files: smtp<b>.log, queue.png'));
    expect(diagnosis().steps.find((s) => s.id === 'evidence')).toMatchObject({ state: 'done', files: ['a'.repeat(64), 'b'.repeat(64)] });
  });
});
