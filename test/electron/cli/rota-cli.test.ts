// `casedesk rota show | check FILE | use FILE | now`, as a manager runs them: the rota in force to
// copy (an empty one at first), an edited copy validated with each bad entry named, one put in use
// in a database (queued for the central store) — a malformed one refused with exit 1 and nothing
// written — and who is on call at an instant, until when.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { rotaInForce } from '../../../electron/core/store/team-rota';
import { emptyRota, ROTA_FORMAT } from '../../../shared/oncall/rota';
import { casedesk, repoRoot, tempFiles } from '../../support/run-casedesk';

let dir: string;
let db: string;
const edited = {
  format: ROTA_FORMAT,
  shifts: [{ id: 'nights', name: 'Weeknights', repeat: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', starts: '2026-01-05', from: '18:00', to: '08:00', primary: 'Ana Lima', secondary: 'Bo Chen' }],
  overrides: [],
  management: ['Mia Manager'],
};

const inDb = <T>(read: (store: CaseStore) => T): T => {
  const store = CaseStore.open(db, { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
};

beforeAll(() => {
  dir = tempFiles({ 'rota.json': edited, 'bad.json': { ...edited, shifts: [{ ...edited.shifts[0], repeat: 'FREQ=HOURLY' }] }, 'not-json.json': '{"format":' });
  db = join(dir, 'cases.db');
  expect(casedesk('import', join(repoRoot, 'docs/examples/cases.json'), '--db', db).status).toBe(0);
});

describe('casedesk rota', () => {
  it('shows the rota in force (none yet: an empty one), checks an edited copy and refuses a bad one naming the shift', () => {
    expect(JSON.parse(casedesk('rota', 'show', '--db', db).stdout)).toEqual(emptyRota());
    const ok = casedesk('rota', 'check', join(dir, 'rota.json'));
    expect([ok.status, ok.stdout.trim()]).toEqual([0, `${join(dir, 'rota.json')}: valid rota (1 shift(s), 0 override(s), 1 manager(s))`]);
    const bad = casedesk('rota', 'use', join(dir, 'bad.json'), '--db', db, '--as', 'Mia Manager');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/shifts\[0\] \(Weeknights\)\.repeat: a shift repeats at most daily/);
    expect(casedesk('rota', 'check', join(dir, 'not-json.json')).stderr).toMatch(/is not valid JSON/);
    expect(inDb((s) => rotaInForce(s).revision)).toBe(0);
  });

  it('puts a rota in use, and says who is on call at an instant and until when', () => {
    const used = casedesk('rota', 'use', join(dir, 'rota.json'), '--db', db, '--as', 'Mia Manager');
    expect([used.status, used.stdout.trim()]).toEqual([0, `the rota of ${join(dir, 'rota.json')} (1 shift(s), 0 override(s), 1 manager(s)) is in use in ${db} as revision 1`]);
    expect(inDb((s) => rotaInForce(s))).toMatchObject({ revision: 1, by: 'Mia Manager', pending: true, rota: edited });
    const night = JSON.parse(casedesk('rota', 'now', '--db', db, '--at', '2026-12-07T21:00:00-05:00').stdout);
    expect(night).toEqual({ at: '2026-12-08T02:00:00.000Z', onCall: { primary: 'Ana Lima', secondary: 'Bo Chen', until: '2026-12-08T13:00:00.000Z', by: 'Weeknights' }, next: null });
    const noon = JSON.parse(casedesk('rota', 'now', '--db', db, '--at', '2026-12-07T12:00:00-05:00').stdout);
    expect(noon).toEqual({ at: '2026-12-07T17:00:00.000Z', onCall: null, next: { at: '2026-12-07T23:00:00.000Z', primary: 'Ana Lima' } });
    expect(casedesk('rota', 'now', '--db', db, '--at', 'tomorrow').status).toBe(2);
  });
});
