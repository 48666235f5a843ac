// The `casedesk` command line as a user runs it: a child process, real files, exit codes and
// messages on stderr.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { casedesk, repoRoot, tempFiles } from '../../support/run-casedesk';

const example = join(repoRoot, 'docs/examples/cases.json');
const AT = '2010-12-28T12:00:00-05:00';
const casesFile = (cases: unknown[]) => ({ format: 'casedesk.cases/1', cases });
const aCase = (over: Record<string, unknown> = {}) => ({ id: 'C-1', severity: 2, type: 'problem', loggedAt: '2010-11-29T09:00:00-05:00', ...over });

describe('npx casedesk', () => {
  it('runs the command line from the repository root, as the README says', () => {
    const r = spawnSync('npx', ['casedesk', '--version'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0.1.0');
  });
});

describe('casedesk --help', () => {
  it('lists the commands with examples and exits 0', () => {
    const r = casedesk('--help');
    expect(r.status).toBe(0);
    for (const word of ['sla', 'holidays', 'policy', 'Examples:', 'casedesk sla explain cases.json C-1001']) expect(r.stdout).toContain(word);
  });

  it('explains the sla subcommands', () => {
    const r = casedesk('sla', 'check', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--at <instant>');
    expect(r.stdout).toContain('--policy <file>');
  });

  it('refuses an unknown command with exit code 2', () => {
    const r = casedesk('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe('casedesk sla check', () => {
  it('prints the evaluation JSON of the semantics document for every case', () => {
    const r = casedesk('sla', 'check', example, '--at', AT);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.cases.map((c: { id: string }) => c.id)).toEqual(['C-1001', 'C-1002', 'C-1003', 'C-1004']);
    expect(out.cases[0]).toEqual({
      id: 'C-1001',
      response: { state: 'met', dueAt: '2010-11-29T10:30:00-05:00', breachAt: '2010-11-29T12:30:00-05:00', metAt: '2010-11-29T09:10:00-05:00' },
      resolution: { state: 'met', dueAt: '2010-12-01T19:00:00-05:00', breachAt: '2010-12-01T19:00:00-05:00', metAt: '2010-12-01T15:00:00-05:00' },
      escalations: [],
      autoCloseAt: null,
    });
    expect(out.cases[1].escalations).toEqual([{ clock: 'resolution', at: '2010-12-25T22:15:00-05:00' }]);
    expect(out.cases[2].resolution).toEqual({ state: 'paused', dueAt: null, breachAt: null, metAt: null });
    expect(out.cases[2].autoCloseAt).toBe('2010-12-31T10:00:00-05:00');
    expect(out.cases[3].response.state).toBe('not-applicable');
  });

  it('evaluates at the current time when --at is not given', () => {
    const dir = tempFiles({ 'future.json': casesFile([aCase({ loggedAt: '2099-06-01T09:00:00-04:00' })]) });
    const r = casedesk('sla', 'check', join(dir, 'future.json'));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).cases[0].response).toEqual({
      state: 'running',
      dueAt: '2099-06-01T13:00:00-04:00',
      breachAt: '2099-06-01T15:00:00-04:00',
      metAt: null,
    });
  });

  it('keeps hostile strings intact in valid JSON', () => {
    const id = 'C-"1"\n</script>\u2028é';
    const dir = tempFiles({ 'odd.json': casesFile([aCase({ id })]) });
    const r = casedesk('sla', 'check', join(dir, 'odd.json'), '--at', AT);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).cases[0].id).toBe(id);
  });

  it('rejects a file with an invalid case, naming the case and the field, and prints no result', () => {
    const dir = tempFiles({
      'bad.json': casesFile([aCase({ id: 'C-1' }), aCase({ id: 'C-2', events: [{ at: '2010-11-29T10:00:00', type: 'contact', channel: 'phone' }] })]),
    });
    const r = casedesk('sla', 'check', join(dir, 'bad.json'), '--at', AT);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('case "C-2" (cases[1]): events[0].at: timestamp "2010-11-29T10:00:00" has no UTC offset');
  });

  it('rejects a severity the policy does not define', () => {
    const dir = tempFiles({ 'sev.json': casesFile([aCase({ severity: 4 })]) });
    const r = casedesk('sla', 'check', join(dir, 'sev.json'), '--at', AT);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`case "C-1" (cases[0]): severity: 4 is not one of the policy's severities (1, 2, 3)`);
  });

  it('says when the file is missing, truncated or not JSON', () => {
    expect(casedesk('sla', 'check', '/nonexistent/cases.json').stderr).toContain('cannot read /nonexistent/cases.json: ENOENT');
    const dir = tempFiles({ 'cut.json': '{"format":"casedesk.cases/1","cases":[{"id":"C-1",' });
    const r = casedesk('sla', 'check', join(dir, 'cut.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not valid JSON .*is it truncated\?/);
  });

  it('refuses an --at without an offset with exit code 2', () => {
    const r = casedesk('sla', 'check', example, '--at', '2010-12-28T12:00');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--at: timestamp "2010-12-28T12:00" has no UTC offset');
  });

  it('judges by an edited policy given with --policy', () => {
    const policy = JSON.parse(casedesk('policy', 'show').stdout);
    policy.holidays.add.push({ date: '2010-11-29', name: 'Office move' });
    const dir = tempFiles({ 'policy.json': policy });
    const r = casedesk('sla', 'check', example, '--at', AT, '--policy', join(dir, 'policy.json'));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).cases[0].response.dueAt).toBe('2010-11-30T10:30:00-05:00');
  });

  it('rejects an invalid policy file, naming the bad field', () => {
    const policy = JSON.parse(casedesk('policy', 'show').stdout);
    policy.severities[1].response.breach = { hours: 3 };
    const dir = tempFiles({ 'policy.json': policy });
    const r = casedesk('sla', 'check', example, '--policy', join(dir, 'policy.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('severities[1].response.breach: breach must not come before due');
  });
});

describe('casedesk sla explain', () => {
  it('explains both clocks of one case as text', () => {
    const r = casedesk('sla', 'explain', example, 'C-1001', '--at', AT);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Case C-1001, evaluated at Tue 2010-12-28 12:00 EST under policy xecuritas-support v1.');
    expect(r.stdout).toContain('Response clock of case C-1001: MET');
    expect(r.stdout).toContain('Resolution clock of case C-1001: MET');
    expect(r.stdout).toContain('holiday: Thanksgiving Day (Thu 2010-11-25)');
    expect(r.stdout).toContain('Escalations: none.');
  });

  it('tells when the case closes by itself', () => {
    const r = casedesk('sla', 'explain', example, 'C-1003', '--at', AT);
    expect(r.stdout).toContain('Auto-close: the case closes by itself at Fri 2010-12-31 10:00 EST');
  });

  it('says which cases exist when the id is unknown', () => {
    const r = casedesk('sla', 'explain', example, 'C-9999', '--at', AT);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no case "C-9999" in ${example} (it has C-1001, C-1002, C-1003, C-1004)`);
  });
});

describe('casedesk holidays', () => {
  it('prints the observed holidays of a year as JSON', () => {
    const r = casedesk('holidays', '2010');
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list).toHaveLength(9);
    expect(list).toContainEqual({ date: '2010-12-24', name: 'Christmas Day (observed)' });
    expect(list.map((h: { date: string }) => h.date)).toEqual([
      '2010-01-01', '2010-02-15', '2010-05-31', '2010-07-05', '2010-09-06', '2010-11-25', '2010-11-26', '2010-12-24', '2010-12-31',
    ]);
  });

  it('refuses a year outside 1970–2100', () => {
    const r = casedesk('holidays', '1969');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('YEAR must be a year from 1970 to 2100, not "1969"');
  });
});

describe('casedesk policy', () => {
  it('shows the default policy, which checks as valid', () => {
    const shown = casedesk('policy', 'show');
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(readFileSync(join(repoRoot, 'shared/policy/default-policy.json'), 'utf8')));
    const dir = tempFiles({ 'p.json': shown.stdout });
    const checked = casedesk('policy', 'check', join(dir, 'p.json'));
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('valid policy xecuritas-support v1');
  });
});
