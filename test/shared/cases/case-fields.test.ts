// The one declaration of the case's fields, and what is derived from it: the limits an edit is
// held to, what the policy requires, which fields keep two versions when edited at once.
import { describe, expect, it } from 'vitest';
import { CASE_FIELDS, editOf, editOfNamed, FIELDS_AS_SHOWN, valueAt } from '../../../shared/cases/case-fields';
import { caseFieldsSchema } from '../../../shared/cases/case-mutations';
import { REQUIRED_FIELDS } from '../../../shared/cases/completeness';
import { FREE_TEXT_FIELDS } from '../../../shared/cases/field-conflicts';

describe('the declaration of the case fields', () => {
  it('gives every field its own name, path and column, at most one level down', () => {
    for (const key of ['name', 'path', 'column'] as const) expect(new Set(CASE_FIELDS.map((f) => f[key])).size).toBe(CASE_FIELDS.length);
    expect(CASE_FIELDS.filter((f) => f.path.split('.').length > 2)).toEqual([]);
  });

  it('holds an edit to each field’s limit, and refuses fields it does not declare', () => {
    expect(caseFieldsSchema.safeParse({ contact: { phone: '1'.repeat(50) } }).success).toBe(true);
    expect(caseFieldsSchema.safeParse({ contact: { phone: '1'.repeat(51) } }).success).toBe(false);
    expect(caseFieldsSchema.safeParse({ summary: 'x'.repeat(301) }).success).toBe(false);
    expect(caseFieldsSchema.safeParse({ problem: { nature: 'cosmic' } }).success).toBe(false);
    expect(caseFieldsSchema.safeParse({ region: 'EMEA' }).success).toBe(false);
  });

  it('keeps both versions of free text edited at once, and only of free text', () => {
    expect([...FREE_TEXT_FIELDS]).toEqual(['summary', 'problem.symptoms', 'problem.reproduction', 'workarounds', 'recommendation']);
  });

  it('names what the policy requires as the policy does, email or phone as one requirement', () => {
    expect(REQUIRED_FIELDS.find((r) => r.field === 'contact.details')).toEqual({ field: 'contact.details', label: 'contact information (email or phone)', filledBy: 'customer' });
    // What only the engineer knows is not asked of the customer.
    expect(REQUIRED_FIELDS.filter((r) => r.filledBy === 'engineer').map((r) => r.field)).toEqual(['engineer', 'recommendation']);
    expect(REQUIRED_FIELDS.map((r) => r.field)).not.toContain('summary');
  });

  it('shows the fields section by section: the customer, the contact, the product, the problem, who handles it', () => {
    expect(FIELDS_AS_SHOWN.map((f) => f.label)).toEqual([
      'Company', 'Contract ID', 'Contact name', 'Contact email', 'Contact phone', 'Product', 'Software version', 'Hardware', 'Operating system',
      'Summary', 'Symptoms', 'Nature', 'How to re-create it', 'Work-arounds', 'Initial recommendation', 'Engineer',
    ]);
  });

  it('reads and writes a field by its path', () => {
    expect(editOf('contact.email', 'sam@x')).toEqual({ contact: { email: 'sam@x' } });
    expect(valueAt({ contact: { email: 'sam@x' } }, 'contact.email')).toBe('sam@x');
    expect(valueAt({}, 'problem.nature')).toBeUndefined();
    expect(editOfNamed({ company: 'Northwind', contactPhone: '+1 555', symptoms: undefined })).toEqual({ company: 'Northwind', contact: { phone: '+1 555' } });
  });
});
