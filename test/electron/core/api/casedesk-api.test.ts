// The core behind the contract: the case it answers is typed by the contract, with what the page
// needs of the case's own policy; an answer outside the contract fails in tests, not in the page.
import { describe, expect, it } from 'vitest';
import { defaultPolicyDocument, parsePolicy } from '../../../../shared/policy/load-policy';
import { coreApi } from '../../../renderer/core-api';
import { connectionOf } from '../../../../electron/core/store/case-store';

const NOW = Date.UTC(2010, 10, 29, 14, 30);
const aCase = { id: 'C-1', type: 'problem', channel: 'phone', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', contact: { name: 'Sam', pager: '77' } };

function editedPolicy() {
  const document = defaultPolicyDocument() as { version: number; autoClose: { afterDays: number }; severities: { level: number; name: string }[] };
  document.version = 2;
  document.autoClose.afterDays = 5;
  document.severities[2]!.name = 'Minor';
  return parsePolicy(document);
}

describe('the core behind the contract', () => {
  it('answers a case with its record as recorded and its own policy’s severities, pauses and auto-close period', async () => {
    const { api } = coreApi([aCase], NOW, editedPolicy());
    const detail = (await api['case:get']({ idOrNumber: 'C-1' }))!;
    expect(detail.record.contact).toEqual({ name: 'Sam', pager: '77' });
    expect(detail.policy).toEqual({
      id: 'xecuritas-support', version: 2, pauseStatuses: ['awaiting-customer'], autoCloseAfterDays: 5,
      severities: [{ level: 1, name: 'Severity-1' }, { level: 2, name: 'Severity-2' }, { level: 3, name: 'Minor' }],
    });
  });

  it('fails an answer its contract does not allow, naming the channel and the field', async () => {
    const { core, store } = coreApi([aCase], NOW);
    connectionOf(store).prepare("UPDATE cases SET nature = 'cosmic'").run(); // written by something else
    await expect(core.handle('case:get', { idOrNumber: 'C-1' })).rejects.toThrow(/^case:get answered outside its contract: record\.problem\.nature: /);
  });

  it('writes the explanation in the viewer’s zone first when the page says it, and as the command line does otherwise', async () => {
    const { api } = coreApi([aCase], NOW);
    const plain = (await api['case:get']({ idOrNumber: 'C-1' }))!;
    expect(plain.explanation.response).toContain('  Starts at the first report, Mon 2010-11-29 09:00 EST.');
    const berlin = (await api['case:get']({ idOrNumber: 'C-1', viewerZone: 'Europe/Berlin' }))!;
    // The core's clock says it is 29 November 2010: that day is "today".
    expect(berlin.explanation.response).toContain('  Starts at the first report, today 15:00 CET (09:00 EST).');
    expect(berlin.explanation.response).toContain('  → BREACH at today 21:00 CET (15:00 EST) (6h counted)');
    await expect(api['case:get']({ idOrNumber: 'C-1', viewerZone: 'Mars/Olympus' })).rejects.toThrow(/not a known time zone/);
  });
});
