import { describe, expect, it } from 'vitest';
import { caseIdOfArgv, caseIdOfLink } from '../../../electron/core/case-link';

describe('casedesk:// case links', () => {
  it('name the case to open', () => {
    expect(caseIdOfLink('casedesk://case/C-1001')).toBe('C-1001');
    expect(caseIdOfLink('casedesk://case/7KQ-12/')).toBe('7KQ-12');
    expect(caseIdOfLink('CASEDESK://case/0192f6c8-1b2a-7c3d-8e4f-5a6b7c8d9e0f')).toBe('0192f6c8-1b2a-7c3d-8e4f-5a6b7c8d9e0f');
    expect(caseIdOfLink('casedesk://case/C%201001')).toBe('C 1001');
  });

  it('refuse anything else', () => {
    for (const url of ['https://case/C-1', 'casedesk://settings', 'casedesk://case/', 'casedesk://case/a/b', 'casedesk://case/%E0%A4%A', 'casedesk://case/%00x', `casedesk://case/${'x'.repeat(201)}`]) {
      expect(caseIdOfLink(url), url).toBeNull();
    }
  });

  it('are found among the arguments a second instance was started with', () => {
    expect(caseIdOfArgv(['/opt/casedesk/casedesk', '--no-sandbox', 'casedesk://case/C-7'])).toBe('C-7');
    expect(caseIdOfArgv(['/opt/casedesk/casedesk'])).toBeNull();
  });
});
