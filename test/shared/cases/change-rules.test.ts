// Every change declares its scope and the roles that may make it, and decideMutation holds the
// actor to the declaration — the same function on the desktop and the server.
import { describe, expect, it } from 'vitest';
import { MUTATION_NAMES } from '../../../shared/cases/case-mutations';
import { CHANGE_RULES, ROLES, refusalFor, scopeOf, type Actor, type ChangeRules } from '../../../shared/cases/change-rules';
import { decideMutation, MutationError, parseMutation } from '../../../shared/cases/decide-mutation';
import { defaultPolicy } from '../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../shared/time/instant';

const NOW = instantOrThrow('2010-11-29T12:00:00-05:00');
const create = parseMutation('createCase', {
  id: 'C-1', severity: 2, type: 'problem', channel: 'phone', loggedAt: '2010-11-29T09:00:00-05:00', author: 'Ann', fields: { company: 'Acme' },
});
// A rule a later feature may write (only a manager opens a case), to prove the check.
const managersNote: ChangeRules = { ...CHANGE_RULES, createCase: { scope: 'case', roles: ['manager'] } };
const decide = (actor: Actor, rules?: ChangeRules) => decideMutation(create, null, { now: NOW, currentPolicy: defaultPolicy(), actor, rules });

describe('the rules of changes', () => {
  it('declare every mutation: a change of a case for every staff role, the catalogue for admins only, the rota for managers and admins', () => {
    expect(Object.keys(CHANGE_RULES).sort()).toEqual([...MUTATION_NAMES].sort());
    for (const name of MUTATION_NAMES.filter((n) => n !== 'useCatalogue' && n !== 'useRota')) expect(CHANGE_RULES[name]).toEqual({ scope: 'case', roles: ROLES });
    expect(CHANGE_RULES.useCatalogue).toEqual({ scope: 'catalogue', roles: ['admin'] });
    expect(CHANGE_RULES.useRota).toEqual({ scope: 'rota', roles: ['manager', 'admin'] });
    expect(scopeOf(parseMutation('useRota', { author: 'Mia', base: 0, rota: { format: 'casedesk.rota/1', shifts: [], overrides: [], management: [] } }))).toEqual({ kind: 'team', subject: 'rota' });
    expect(scopeOf(parseMutation('useCatalogue', { author: 'Ada', base: 0, catalogue: { format: 'casedesk.catalogue/1', products: [] } }))).toEqual({ kind: 'team', subject: 'catalogue' });
    expect(scopeOf(create)).toEqual({ kind: 'case', caseId: 'C-1' });
    expect(scopeOf(parseMutation('addNote', { caseId: 'C-9', at: '2010-11-29T10:00:00-05:00', author: 'Ann', text: 'x' }))).toEqual({ kind: 'case', caseId: 'C-9' });
  });

  it('refuse an actor whose role the rule does not name, with who it is for', () => {
    expect(() => decide({ name: 'Ann', role: 'engineer' }, managersNote)).toThrow(MutationError);
    expect(() => decide({ name: 'Ann', role: 'engineer' }, managersNote)).toThrow('Ann (engineer) may not make this change (createCase): it is for the manager role');
    expect(decide({ name: 'Mo', role: 'manager' }, managersNote).kind).toBe('create');
    expect(refusalFor('createCase', { name: 'Ann', role: 'on-call' }, { ...managersNote, createCase: { scope: 'case', roles: ['manager', 'admin'] } })).toBe(
      'Ann (on-call) may not make this change (createCase): it is for the roles manager and admin',
    );
  });

  it('let a desktop that works alone (no role) make the change: the server judges it when it arrives', () => {
    expect(decide({ name: 'Ann', role: null }, managersNote).kind).toBe('create');
    expect(decide({ name: 'Ann', role: 'engineer' }).kind).toBe('create');
  });
});
