// The checklist's progress as the store counts it for the queue (checklistProgressOf) is the one
// the workspace shows from the built steps (checklistProgress(checklistOf(…))), whatever the history.
import { describe, expect, it } from 'vitest';
import defaultPolicy from '../../../shared/policy/default-policy.json';
import { checklistOf, checklistProgress, checklistProgressOf } from '../../../shared/diagnostics/case-diagnostics';
import type { DiagnosticStep } from '../../../shared/policy/policy-schema';

const steps = (defaultPolicy as { diagnostics: { steps: DiagnosticStep[] } }).diagnostics.steps;
const at = '2026-12-01T09:00:00Z';
type Ev = { type: string; at: string; [k: string]: unknown };
const step = (id: string, state: string, extra: Record<string, unknown> = {}): Ev => ({ type: 'checklist', at, step: id, state, ...extra });

const histories: [string, Ev[]][] = [
  ['no events', []],
  ['no checklist events', [{ type: 'note', at }, { type: 'contact', at, channel: 'phone' }]],
  ['two steps done, one not applicable', [step('configuration', 'done'), step('versions', 'done'), step('topology', 'not-applicable', { reason: 'single host' })]],
  ['a step done then set back to do', [step('symptoms', 'done'), step('symptoms', 'todo'), step('changes', 'done')]],
  ['a step done, undone', [step('evidence', 'done'), { type: 'retraction', at, retracts: 0 }]],
  ['an undone reset keeps the step done', [step('evidence', 'done'), step('evidence', 'todo'), { type: 'retraction', at, retracts: 1 }]],
  ['a step the policy does not have, and a state nobody knows', [step('firmware', 'done'), step('versions', 'finished')]],
  ['all six', steps.map((s) => step(s.id, 'done'))],
];

describe('checklist progress counted without building the steps', () => {
  for (const [name, events] of histories) {
    it(name, () => {
      const record = { events } as never;
      expect(checklistProgressOf(record, steps)).toEqual(checklistProgress(checklistOf(record, steps)));
    });
  }

  it('says 3/6 for three settled steps and 6/6 when all are', () => {
    expect(checklistProgressOf({ events: histories[2]![1] } as never, steps)).toEqual({ settled: 3, total: 6 });
    expect(checklistProgressOf({ events: histories[7]![1] } as never, steps)).toEqual({ settled: 6, total: 6 });
  });
});
