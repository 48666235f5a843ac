// Validation problems in the user's words, every one at once, each at its field.
import { describe, expect, it } from 'vitest';
import { type MutationError, parseMutation } from '../../../shared/cases/decide-mutation';
import { newCaseInput, inputLabel } from '../../../shared/ipc/contract';
import { fieldProblems, sayProblems } from '../../../shared/validation/user-words';

const refusal = (name: string, args: unknown): MutationError => {
  try {
    parseMutation(name, args);
  } catch (err) {
    return err as MutationError;
  }
  throw new Error('it was taken');
};

describe('problems in the user’s words', () => {
  it('names a field by its label and its limit in words, every failing field at once', () => {
    const err = refusal('updateCase', { caseId: 'C-1', author: 'Dana', fields: { hardware: 'x'.repeat(201), contact: { email: 'e'.repeat(321) }, problem: { nature: 'slow' } } });
    expect(err.message).toBe('Contact email: at most 320 characters; Hardware: at most 200 characters; Nature: must be "functional" or "performance"');
    expect(err.problems.map((p) => p.path)).toEqual(['fields.contact.email', 'fields.hardware', 'fields.problem.nature']);
    expect(err.message).not.toMatch(/updateCase|fields\.|Too big/);
  });

  it('keeps the messages written for a person and says "required" for what is missing', () => {
    expect(refusal('escalate', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author: 'Dana', to: 'support-management', reason: ' ' }).message).toBe('Reason: give a reason');
    expect(refusal('closeCase', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author: 'Dana', agreement: { at: '2010-11-29T09:00:00-05:00', how: 'fax' } }).message).toBe(
      'Agreed by (customer): required; How it was agreed: must be "phone", "email", "onsite", "remote" or "online"',
    );
    expect(refusal('addNote', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author: 'Dana', text: 'hi', colour: 'red' }).message).toBe('colour: not a field Casedesk knows');
  });

  it('labels a new case’s fields as the form does', () => {
    const parsed = newCaseInput.safeParse({ severity: 2, channel: 'phone', company: '', summary: 's'.repeat(301), details: { os: 'o'.repeat(201) } });
    expect(parsed.success).toBe(false);
    expect(sayProblems(fieldProblems(parsed.error!.issues, inputLabel))).toBe('Company: which company?; Summary: at most 300 characters; Operating system: at most 200 characters');
  });
});
