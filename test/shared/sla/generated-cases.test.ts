// The engine on thousands of generated timelines (the benchmark's generator): it never throws, its
// results keep the semantics' invariants, and the streamed JSON equals the object form.
import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../bench/support/generate-cases.mjs';
import { parseCasesFile } from '../../../shared/cases/case-format';
import { evaluationJson, evaluationJsonText } from '../../../shared/sla/evaluation-json';
import { evaluateCase, type ClockResult } from '../../../shared/sla/sla-clock';
import { instantOrThrow } from '../../../shared/time/instant';
import { policy } from '../../support/sla-fixtures';

const { timelines } = parseCasesFile(generateCases(3000, 7));
const instants = ['2009-06-01T12:00:00-04:00', '2010-03-14T03:00:00-04:00', '2011-07-01T12:00:00-04:00'].map(instantOrThrow);

function checkClock(c: ClockResult, at: number): void {
  switch (c.state) {
    case 'not-applicable':
      expect([c.dueAt, c.breachAt, c.metAt]).toEqual([null, null, null]);
      break;
    case 'paused':
      expect([c.dueAt, c.breachAt, c.metAt]).toEqual([null, null, null]);
      break;
    case 'running':
      expect(c.metAt).toBeNull();
      expect(c.breachAt!).toBeGreaterThan(at);
      expect(c.dueAt!).toBeLessThanOrEqual(c.breachAt!);
      break;
    case 'met':
      expect(c.metAt!).toBeLessThanOrEqual(c.breachAt!);
      break;
    case 'breached':
      expect(c.breachAt!).toBeLessThanOrEqual(c.metAt ?? at);
      if (c.metAt !== null) expect(c.metAt).toBeGreaterThan(c.breachAt!);
      break;
  }
}

describe('the engine on generated timelines', () => {
  it('keeps the invariants of every state, and escalates exactly the breached clocks', () => {
    for (const at of instants) {
      for (const t of timelines) {
        const e = evaluateCase(t, policy, at);
        checkClock(e.response, at);
        checkClock(e.resolution, at);
        const breached = [e.response, e.resolution].filter((c) => c.state === 'breached').map((c) => ({ clock: c.clock, at: c.breachAt }));
        expect(e.escalations.map((x) => ({ clock: x.clock, at: x.at }))).toEqual(breached.sort((a, b) => a.at! - b.at!));
        if (e.autoCloseAt !== null) expect(e.autoCloseAt).toBeGreaterThan(at);
        if (e.autoClosedAt !== null) expect(e.autoClosedAt).toBeLessThanOrEqual(at);
      }
    }
  });

  it('writes the same JSON directly as through the object form', () => {
    for (const t of timelines) {
      const e = evaluateCase(t, policy, instants[2]!);
      expect(evaluationJsonText(e, policy.zone)).toBe(JSON.stringify(evaluationJson(e, policy.zone)));
    }
  });
});
