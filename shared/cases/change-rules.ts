// Who makes a change, and what it is about. Every named mutation declares its scope — one case,
// or something the whole team shares (the on-call rota, the product catalogue, the policy) — and
// the roles that may make it. decideMutation checks the actor against the declaration on the
// desktop and on the server alike, so a rule such as "only a manager edits the rota" is written
// once and holds everywhere.
import type { Mutation, MutationName } from './case-mutations';

/** The roles of the team's server users. */
export const ROLES = ['engineer', 'on-call', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const EVERY_STAFF_ROLE: readonly Role[] = ROLES;

/** Who makes a change: their name and role; role null on a desktop not signed in to a server (it works alone). */
export interface Actor {
  name: string;
  role: Role | null;
}

/** What the team shares, beside its cases: each a scope of its own. */
export const TEAM_SUBJECTS = ['rota', 'catalogue', 'policy'] as const;
export type TeamSubject = (typeof TEAM_SUBJECTS)[number];

export type ChangeScope = { kind: 'case'; caseId: string } | { kind: 'team'; subject: TeamSubject };

export interface ChangeRule {
  /** `case`: the change is about one case (its id in the arguments); else the team's subject. */
  scope: 'case' | TeamSubject;
  /** The roles that may make the change. */
  roles: readonly Role[];
}

export type ChangeRules = Readonly<Record<MutationName, ChangeRule>>;

const caseChange: ChangeRule = { scope: 'case', roles: EVERY_STAFF_ROLE };

/** Every mutation's scope and roles: a change of a case may be made by every staff role; the catalogue only by an admin, the rota by a manager or an admin. */
export const CHANGE_RULES: ChangeRules = {
  importCase: caseChange,
  createCase: caseChange,
  updateCase: caseChange,
  logContact: caseChange,
  changeSeverity: caseChange,
  changeStatus: caseChange,
  recordCustomerReply: caseChange,
  deliverWorkaround: caseChange,
  holdAutoClose: caseChange,
  flagThirdParty: caseChange,
  markFeatureRequest: caseChange,
  addNote: caseChange,
  escalate: caseChange,
  recordAutomatic: caseChange,
  closeCase: caseChange,
  reopenCase: caseChange,
  undoLastChange: caseChange,
  attachFile: caseChange,
  removeAttachment: caseChange,
  setChecklistStep: caseChange,
  editDiagnosticRow: caseChange,
  removeDiagnosticRow: caseChange,
  signWaiver: caseChange,
  revokeWaiver: caseChange,
  logEquipmentAccess: caseChange,
  useCatalogue: { scope: 'catalogue', roles: ['admin'] },
  useRota: { scope: 'rota', roles: ['manager', 'admin'] },
  recordPage: caseChange,
  acknowledgePage: caseChange,
};

/** The scope of a valid mutation, by its declaration. */
export function scopeOf(mutation: Mutation, rules: ChangeRules = CHANGE_RULES): ChangeScope {
  const rule = rules[mutation.name];
  if (rule.scope !== 'case') return { kind: 'team', subject: rule.scope };
  const caseId = mutation.name === 'importCase' ? mutation.args.record.id : mutation.name === 'createCase' ? mutation.args.id : (mutation.args as { caseId: string }).caseId;
  return { kind: 'case', caseId };
}

/** Why `actor` may not make `name`, or null when they may. A desktop not signed in works alone: the server judges its changes when they arrive. */
export function refusalFor(name: MutationName, actor: Actor, rules: ChangeRules = CHANGE_RULES): string | null {
  const { roles } = rules[name];
  if (actor.role === null || roles.includes(actor.role)) return null;
  const who = roles.length === 1 ? `the ${roles[0]} role` : `the roles ${roles.slice(0, -1).join(', ')} and ${roles.at(-1)}`;
  return `${actor.name} (${actor.role}) may not make this change (${name}): it is for ${who}`;
}

/** Whether two scopes name the same thing. */
export function sameScope(a: ChangeScope, b: ChangeScope): boolean {
  return a.kind === 'case' ? b.kind === 'case' && a.caseId === b.caseId : b.kind === 'team' && a.subject === b.subject;
}

/** A scope as a person reads it: `case C-1`, `the team's rota`. */
export function describeScope(scope: ChangeScope): string {
  return scope.kind === 'case' ? `case ${scope.caseId}` : `the team's ${scope.subject}`;
}
