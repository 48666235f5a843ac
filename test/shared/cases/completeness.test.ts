import { describe, expect, it } from 'vitest';
import { missingFields } from '../../../shared/cases/completeness';

describe('the completeness check', () => {
  it('names every field the policy requires that a bare case lacks', () => {
    expect(missingFields({}).map((f) => f.field)).toEqual([
      'company', 'contractId', 'engineer', 'contact.name', 'contact.details', 'product', 'softwareVersion', 'hardware', 'os',
      'problem.symptoms', 'problem.nature', 'problem.reproduction', 'recommendation',
    ]);
  });

  it('is satisfied by a complete case, with email or phone as contact details', () => {
    const complete = {
      company: 'Northwind', contractId: 'XS-1', engineer: 'Dana', contact: { name: 'Sam', phone: '+1 555' }, product: 'Gateway',
      softwareVersion: '7.2', hardware: 'XG-400', os: 'XOS', problem: { symptoms: 's', nature: 'functional' as const, reproduction: 'r' }, recommendation: 'logs',
    };
    expect(missingFields(complete)).toEqual([]);
    expect(missingFields({ ...complete, contact: { name: 'Sam', email: 'sam@x' } })).toEqual([]);
  });

  it('counts blank text as missing, and says what the field is', () => {
    expect(missingFields({ company: '  ' })[0]).toEqual({ field: 'company', label: 'customer company name', filledBy: 'customer' });
  });
});
