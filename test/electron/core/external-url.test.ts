import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../../electron/core/external-url';

describe('links opened in the system browser', () => {
  it('allow https', () => {
    expect(isSafeExternalUrl('https://www.xecuritas.com/support/support_form.asp')).toBe(true);
  });

  it.each(['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'casedesk://case/1', 'smb://host/share', 'https://user:pw@example.com', 'not a url', ''])(
    'refuse %s',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(false);
    },
  );
});
