// Attaching and removing files as named changes: in the case's history, by the policy's rules
// (shared with the server), undone like any change, and the bytes held while anything refers to them.
import { beforeEach, describe, expect, it } from 'vitest';
import { attachmentsOf } from '../../../../shared/cases/case-attachments';
import { instantOrThrow } from '../../../../shared/time/instant';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { fileHeld, fileReleasable } from '../../../../electron/core/store/file-references';
import { SYNC_VERSION_KEY } from '../../../../electron/core/store/apply-snapshots';
import { tempDbPath } from '../../../support/temp-db';

const now = instantOrThrow('2010-11-29T09:00:00-05:00');
const at = '2010-11-29T09:00:00-05:00';
const author = 'Dana Ruiz';
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
let store: CaseStore;

const attach = (caseId: string, sha256: string, name = 'mail.log') =>
  applyMutation(store, 'attachFile', { caseId, at, author, sha256, size: 10, name, mediaType: 'text/plain' });
const files = (caseId: string) => attachmentsOf(store.getCase(caseId)!.record).map((f) => f.name);

beforeEach(() => {
  store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => now } });
  for (const id of ['C-1', 'C-2']) {
    applyMutation(store, 'createCase', { id, severity: 2, type: 'problem', channel: 'phone', loggedAt: '2010-11-29T08:30:00-05:00', author, fields: { company: 'Northwind' } });
  }
});

describe('files on a case', () => {
  it('are events of its history and changes in the outbox', () => {
    attach('C-1', A);
    attach('C-1', B, 'screen.png');
    expect(files('C-1')).toEqual(['mail.log', 'screen.png']);
    expect(store.getCase('C-1')!.record.events!.map((e) => e.type)).toEqual(['attachment', 'attachment']);
    expect(store.outbox().map((e) => e.name)).toEqual(['createCase', 'createCase', 'attachFile', 'attachFile']);
  });

  it('refuses the same content twice on one case, a removal of what it does not hold, and bad arguments', () => {
    attach('C-1', A);
    expect(() => attach('C-1', A, 'again.log')).toThrow('already has this file, as "mail.log" (attached by Dana Ruiz)');
    expect(() => applyMutation(store, 'removeAttachment', { caseId: 'C-1', at, author, sha256: B })).toThrow(/has no attached file b{12}…/);
    expect(() => attach('C-1', 'A'.repeat(64))).toThrow('File: a SHA-256 is 64 hexadecimal digits (lower case)');
    expect(() => attach('C-9', B)).toThrow('no case "C-9"');
    expect(() => attach('C-1', B, 'x'.repeat(1001))).toThrow(/File name: at most 1,?000 characters/);
  });

  it('are kept with a closed case too, as notes are', () => {
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at, author, status: 'resolved' });
    applyMutation(store, 'closeCase', { caseId: 'C-1', at, author, agreement: { by: 'Sam', at, how: 'phone' } });
    attach('C-1', A, 'late.log');
    expect(files('C-1')).toEqual(['late.log']);
  });

  it('come off with a removal, come back with its undo, and go with the undo of their attaching', () => {
    attach('C-1', A);
    applyMutation(store, 'removeAttachment', { caseId: 'C-1', at, author, sha256: A, reason: 'wrong case' });
    expect(files('C-1')).toEqual([]);
    applyMutation(store, 'undoLastChange', { caseId: 'C-1', at, author });
    expect(files('C-1')).toEqual(['mail.log']);
    attach('C-1', B, 'oops.png');
    applyMutation(store, 'undoLastChange', { caseId: 'C-1', at, author });
    expect(files('C-1')).toEqual(['mail.log']);
  });

  it('hold their bytes while any case has them, and while a removal awaits the server of a desktop that syncs', () => {
    attach('C-1', A);
    attach('C-2', A);
    applyMutation(store, 'removeAttachment', { caseId: 'C-1', at, author, sha256: A });
    expect([fileHeld(store, A), fileReleasable(store, A)]).toEqual([true, false]);
    applyMutation(store, 'removeAttachment', { caseId: 'C-2', at, author, sha256: A });
    expect([fileHeld(store, A), fileReleasable(store, A)]).toEqual([false, true]);
    store.setMeta(SYNC_VERSION_KEY, '1'); // now it syncs: the removals are not confirmed yet
    expect(fileReleasable(store, A)).toBe(false);
  });
});
