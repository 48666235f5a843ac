import { describe, expect, it } from 'vitest';
import { CaseFileError, parseCasesFile, parseCasesText } from '../../../shared/cases/case-format';

const file = (cases: unknown[]) => ({ format: 'casedesk.cases/1', cases });
const minimal = (over: Record<string, unknown> = {}) => ({ id: 'C-1', severity: 2, type: 'problem', loggedAt: '2010-11-24T17:30:00-05:00', ...over });

function problemsOf(data: unknown): string[] {
  try {
    parseCasesFile(data, 'cases.json');
  } catch (err) {
    expect(err).toBeInstanceOf(CaseFileError);
    return (err as CaseFileError).problems;
  }
  throw new Error('the file was accepted');
}

describe('casedesk.cases/1', () => {
  it('accepts a case with only the required fields; the rest is for the completeness check', () => {
    const parsed = parseCasesFile(file([minimal()]));
    expect(parsed.file.cases[0]!.events).toBeUndefined();
    expect(parsed.timelines[0]).toEqual({ id: 'C-1', severity: 2, type: 'problem', loggedAt: Date.UTC(2010, 10, 24, 22, 30), events: [] });
  });

  it('keeps fields and event types it does not know', () => {
    const parsed = parseCasesFile(
      file([minimal({ region: 'EMEA', events: [{ at: '2010-11-25T10:00:00-05:00', type: 'escalation', to: 'director', author: 'ana' }] })]),
    );
    const record = parsed.file.cases[0] as Record<string, unknown>;
    expect(record.region).toBe('EMEA');
    expect(record.events).toEqual([{ at: '2010-11-25T10:00:00-05:00', type: 'escalation', to: 'director', author: 'ana' }]);
    expect(parsed.timelines[0]!.events[0]).toMatchObject({ kind: 'other', type: 'escalation' });
  });

  it.each([
    [minimal({ severity: 0 }), 'case "C-1" (cases[0]): severity: severity must be 1, 2 or 3'],
    [minimal({ severity: '2' }), 'case "C-1" (cases[0]): severity: severity must be a whole number'],
    [minimal({ type: 'question' }), 'case "C-1" (cases[0]): type: type must be "problem" or "feature-request"'],
    [minimal({ loggedAt: '2010-11-24 17:30' }), 'case "C-1" (cases[0]): loggedAt: "2010-11-24 17:30" is not an ISO 8601 timestamp'],
    [minimal({ loggedAt: '2010-11-24T17:30:00' }), 'case "C-1" (cases[0]): loggedAt: timestamp "2010-11-24T17:30:00" has no UTC offset'],
    [minimal({ events: [{ at: '2010-11-25T10:00:00Z', type: 'contact' }] }), 'case "C-1" (cases[0]): events[0].channel: a contact needs a channel'],
    [minimal({ events: [{ at: '2010-11-25T10:00:00Z', type: 'status', status: 'done' }] }), 'case "C-1" (cases[0]): events[0].status: a status change needs a status'],
    [minimal({ events: [{ at: '2010-11-25T10:00:00Z', type: 'severity' }] }), 'case "C-1" (cases[0]): events[0].severity'],
    [minimal({ events: [{ type: 'workaround' }] }), 'case "C-1" (cases[0]): events[0].at: expected an ISO 8601 timestamp string'],
    [minimal({ contact: { name: 42 } }), 'case "C-1" (cases[0]): contact.name'],
    [minimal({ problem: { nature: 'cosmic' } }), 'case "C-1" (cases[0]): problem.nature: nature must be "functional" or "performance"'],
    [{ severity: 2, type: 'problem', loggedAt: '2010-11-24T17:30:00-05:00' }, 'case (cases[0]): id'],
  ])('names the case and the field of an invalid case (%#)', (bad, message) => {
    expect(problemsOf(file([bad])).join('\n')).toContain(message);
  });

  it('names the right case among many', () => {
    const problems = problemsOf(file([minimal({ id: 'C-1' }), minimal({ id: 'C-2', loggedAt: 'yesterday' }), minimal({ id: 'C-3' })]));
    expect(problems).toEqual(['case "C-2" (cases[1]): loggedAt: "yesterday" is not an ISO 8601 timestamp like 2010-11-29T09:10:00-05:00']);
  });

  it('refuses two cases with the same id', () => {
    expect(problemsOf(file([minimal(), minimal()]))).toEqual(['case "C-1" (cases[1]): id: the same id as cases[0]']);
  });

  it('refuses another format, and a truncated file', () => {
    expect(problemsOf({ format: 'casedesk.cases/2', cases: [] })[0]).toContain('format: format must be "casedesk.cases/1"');
    expect(() => parseCasesText('{"format":"casedesk.cases/1","cases":[{"id":', 'cases.json')).toThrow(/cases.json is not valid JSON .*truncated/);
    expect(() => parseCasesText('[]', 'cases.json')).toThrow('cases.json is not a casedesk.cases/1 document');
  });

  it('reports at most ten problems, and how many more there are', () => {
    const bad = Array.from({ length: 15 }, (_, i) => minimal({ id: `C-${i}`, severity: 0 }));
    expect(() => parseCasesFile(file(bad), 'cases.json')).toThrow(/… and 5 more$/);
  });
});
