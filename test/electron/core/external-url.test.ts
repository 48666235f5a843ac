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

describe('mailto: links opened in the mail program', () => {
  const letter = (to: string, query = '') => `mailto:${encodeURIComponent(to)}${query}`;

  it("allow one address with a subject and a body, as the workspace's request for information writes them", () => {
    expect(isSafeExternalUrl(letter('bo@acme.test', `?subject=${encodeURIComponent('Case 9RW-12: we need a few details')}&body=${encodeURIComponent('Dear Bo,\n\nplease send…')}`))).toBe(true);
    expect(isSafeExternalUrl('mailto:bo.smith+support@mail.acme.co.uk')).toBe(true);
  });

  it.each([
    ['a second recipient', letter('bo@acme.test,eve@evil.test')],
    ['a cc', `${letter('bo@acme.test')}?cc=eve@evil.test`],
    ['a bcc', `${letter('bo@acme.test')}?subject=x&bcc=eve@evil.test`],
    ['a header in the address', letter('bo@acme.test\r\nBcc: eve@evil.test')],
    ['a line break in the subject', `${letter('bo@acme.test')}?subject=${encodeURIComponent('hi\r\nBcc: eve@evil.test')}`],
    ['two subjects', `${letter('bo@acme.test')}?subject=a&subject=b`],
    ['no address', 'mailto:'],
    ['an address without a domain', letter('bo')],
    ['a subject of 301 characters', `${letter('bo@acme.test')}?subject=${'x'.repeat(301)}`],
  ])('refuse %s', (_what, url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});
