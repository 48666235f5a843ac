// The gating decision for access to customer equipment, at its boundary instants: a waiver covers a
// system from its `validFrom` (included) to its `validTo` (excluded), once signed, until it is
// revoked or superseded — the one pure function the desktop and the server both ask.
import { describe, expect, it } from 'vitest';
import type { CaseEventRecord } from '../../../shared/cases/case-format';
import { waiverGate, waiversOf } from '../../../shared/diagnostics/waivers';
import { instantOrThrow } from '../../../shared/time/instant';

const ZONE = 'America/New_York';
const t = (text: string) => instantOrThrow(text);
const PDF = { sha256: 'c'.repeat(64), size: 1000 };

function waiver(id: string, at: string, extra: Partial<Record<string, unknown>> = {}): CaseEventRecord {
  return {
    at, type: 'waiver', author: 'Dana Ruiz', waiver: id,
    signatory: { name: 'Sam Ortiz', title: 'IT manager', company: 'Northwind', email: 'sam@northwind.example' },
    systems: ['mx1.northwind.example'], changes: 'Raise the spam threshold', validFrom: '2026-12-07T09:00:00-05:00', validTo: '2026-12-08T09:00:00-05:00',
    signature: { kind: 'typed', name: 'Sam Ortiz' }, pdf: PDF, ...extra,
  };
}
const gate = (events: CaseEventRecord[], system: string, at: string) => waiverGate(waiversOf({ events }), system, t(at), ZONE);
const covered = (events: CaseEventRecord[], system: string, at: string) => gate(events, system, at).covered;
const missing = (events: CaseEventRecord[], system: string, at: string) => {
  const decision = gate(events, system, at);
  return decision.covered ? null : decision.missing;
};

describe('the waiver gate', () => {
  const signedEarly = [waiver('W1', '2026-12-07T08:00:00-05:00')];

  it('covers its system from the first instant of its validity to the last one before it ends', () => {
    expect(covered(signedEarly, 'mx1.northwind.example', '2026-12-07T09:00:00-05:00')).toBe(true);
    expect(covered(signedEarly, 'mx1.northwind.example', '2026-12-08T08:59:59.999-05:00')).toBe(true);
    expect(missing(signedEarly, 'mx1.northwind.example', '2026-12-07T08:59:59.999-05:00')).toMatch(/is valid only from Mon 2026-12-07 09:00/);
    expect(missing(signedEarly, 'mx1.northwind.example', '2026-12-08T09:00:00-05:00')).toMatch(/expired at Tue 2026-12-08 09:00/);
  });

  it('names the same system in other capitals and spacing, and refuses another, saying what the waivers cover', () => {
    expect(covered(signedEarly, '  MX1.Northwind.Example ', '2026-12-07T10:00:00-05:00')).toBe(true);
    expect(missing(signedEarly, 'db1.northwind.example', '2026-12-07T10:00:00-05:00')).toBe(
      "no signed waiver covers db1.northwind.example (the case's waivers cover mx1.northwind.example): the customer signs one that names it",
    );
    expect(missing([], 'mx1.northwind.example', '2026-12-07T10:00:00-05:00')).toMatch(/^no modification waiver is signed on this case/);
  });

  it('does not cover a change before the waiver was signed, even within its validity', () => {
    const signedLate = [waiver('W1', '2026-12-07T12:00:00-05:00')];
    expect(missing(signedLate, 'mx1.northwind.example', '2026-12-07T11:59:59.999-05:00')).toMatch(/was not signed yet/);
    expect(covered(signedLate, 'mx1.northwind.example', '2026-12-07T12:00:00-05:00')).toBe(true);
  });

  it('stops covering from the instant it is revoked, with the reason', () => {
    const revoked = [...signedEarly, { at: '2026-12-07T14:00:00-05:00', type: 'waiver-revoked', author: 'Dana Ruiz', waiver: 'W1', reason: 'customer withdrew' }];
    expect(covered(revoked, 'mx1.northwind.example', '2026-12-07T13:59:59.999-05:00')).toBe(true);
    expect(missing(revoked, 'mx1.northwind.example', '2026-12-07T14:00:00-05:00')).toMatch(/was revoked at Mon 2026-12-07 14:00 .*\(customer withdrew\)/);
  });

  it('hands over to the waiver that supersedes it at that one’s signing', () => {
    const corrected = [
      ...signedEarly,
      waiver('W2', '2026-12-07T15:00:00-05:00', { supersedes: 'W1', systems: ['mx2.northwind.example'], validFrom: '2026-12-07T15:00:00-05:00' }),
    ];
    expect(covered(corrected, 'mx1.northwind.example', '2026-12-07T14:59:59.999-05:00')).toBe(true);
    expect(missing(corrected, 'mx1.northwind.example', '2026-12-07T15:00:00-05:00')).toMatch(/was superseded at Mon 2026-12-07 15:00/);
    const decision = gate(corrected, 'mx2.northwind.example', '2026-12-07T15:00:00-05:00');
    expect(decision.covered && decision.waiver.id).toBe('W2');
    expect(waiversOf({ events: corrected }).map((w) => [w.id, w.supersededBy ?? null])).toEqual([['W1', 'W2'], ['W2', null]]);
  });

  it('is covered by any one of several waivers naming the system, and else says why each lapsed', () => {
    const two = [
      waiver('W1', '2026-12-01T08:00:00-05:00', { validFrom: '2026-12-01T09:00:00-05:00', validTo: '2026-12-02T09:00:00-05:00' }),
      waiver('W2', '2026-12-07T08:00:00-05:00'),
    ];
    expect(covered(two, 'mx1.northwind.example', '2026-12-07T10:00:00-05:00')).toBe(true);
    expect(missing(two, 'mx1.northwind.example', '2026-12-09T10:00:00-05:00')).toMatch(/expired at Wed 2026-12-02 09:00.*; .*expired at Tue 2026-12-08 09:00/);
  });
});
