// @vitest-environment jsdom
// The product catalogue screen against the real core and a real SQLite file: an admin (or a desktop
// working alone) edits versions and statuses and puts the catalogue in use; a malformed version is
// refused naming the product and field, and nothing is written; anyone else reads it only.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogueDialog } from '../../renderer/src/catalogue/CatalogueDialog';
import { catalogueInForce } from '../../electron/core/store/team-catalogue';
import { coreApi } from './core-api';

const NOW = Date.UTC(2026, 11, 7, 14, 30);
afterEach(cleanup);

function open(role: string | null = null) {
  const { api, store } = coreApi([], NOW);
  let closed = false;
  render(<CatalogueDialog api={api} me="Ada" role={role} onClose={() => (closed = true)} />);
  return { store, closed: () => closed };
}

describe('the catalogue screen', () => {
  it('puts an edited catalogue in use, refusing a malformed version by its product and field first', async () => {
    const { store } = open();
    const dialog = await screen.findByRole('dialog', { name: 'Product catalogue' });
    await waitFor(() => expect(within(dialog).getByText(/Revision 0 \(the one Casedesk ships with\)/)).toBeTruthy());
    const save = within(dialog).getByRole('button', { name: 'Put in use' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    const version = within(dialog).getByLabelText('Version (Xecuritas Gateway 7)');
    fireEvent.change(version, { target: { value: '7..1' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('products[0] (Xecuritas Gateway).versions[1].version: "7..1" is not a version');
    expect(catalogueInForce(store).revision).toBe(0);

    fireEvent.change(within(dialog).getByLabelText('Version (Xecuritas Gateway 7..1)'), { target: { value: '7' } });
    fireEvent.change(within(dialog).getByLabelText('Status of Xecuritas Gateway 7'), { target: { value: 'end-of-support' } });
    fireEvent.change(within(dialog).getByLabelText('End of support of Xecuritas Gateway 7'), { target: { value: '2027-09-30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add product' }));
    const products = within(dialog).getAllByRole('region');
    fireEvent.change(within(products.at(-1)!).getByLabelText('Product name'), { target: { value: 'Xecuritas Relay' } });
    fireEvent.change(within(products.at(-1)!).getByLabelText('Version (Xecuritas Relay)'), { target: { value: '2.0' } });
    fireEvent.click(save);
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toMatch(/Catalogue revision 1 is in use \(4 product\(s\), 9 version\(s\)\)/));
    const stored = catalogueInForce(store);
    expect(stored).toMatchObject({ revision: 1, by: 'Ada', pending: true });
    expect(stored.catalogue.products[0]!.versions[1]).toEqual({ version: '7', status: 'end-of-support', endOfSupport: '2027-09-30' });
    expect(stored.catalogue.products.at(-1)).toEqual({ name: 'Xecuritas Relay', versions: [{ version: '2.0', status: 'supported' }] });
    expect(within(dialog).getByText(/put in use by Ada/)).toBeTruthy();
  });

  it('shows the catalogue read-only to an engineer signed in to the team’s server, and closes with Escape', async () => {
    const { closed } = open('engineer');
    const dialog = await screen.findByRole('dialog', { name: 'Product catalogue' });
    await waitFor(() => expect(within(dialog).getByText(/Only an admin changes the catalogue/)).toBeTruthy());
    expect(within(dialog).queryByRole('button', { name: 'Put in use' })).toBeNull();
    expect((within(dialog).getByLabelText('Version (Xecuritas Gateway 7)') as HTMLInputElement).readOnly).toBe(true);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(closed()).toBe(true);
  });
});
