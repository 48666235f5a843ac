// Which links may leave the app for the operating system: https pages (the system browser) and
// `mailto:` links to one valid address with at most a subject and a body (the mail program).
// A page must never get `file:`, `javascript:` or custom-scheme URLs opened by the OS on its
// behalf, nor a mailto: that smuggles extra recipients or headers (cc, bcc, CR/LF).
import { firstControl } from '../../shared/validation/control-characters';

const MAILTO_PARAMS = new Set(['subject', 'body']);
/** A plain address: one local part, one domain with a dot, nothing that could start another header. */
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const MAX_SUBJECT = 300;
const MAX_BODY = 20_000;

export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'mailto:') return isSafeMailto(parsed);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

function isSafeMailto(url: URL): boolean {
  let address: string;
  try {
    address = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  if (address.length > 254 || !ADDRESS.test(address)) return false;
  const seen = new Set<string>();
  for (const [name, value] of url.searchParams) {
    const key = name.toLowerCase();
    if (!MAILTO_PARAMS.has(key) || seen.has(key)) return false;
    seen.add(key);
    if (key === 'subject' && (value.length > MAX_SUBJECT || firstControl(value) !== null)) return false;
    if (key === 'body' && (value.length > MAX_BODY || firstControl(value, '\r\n\t') !== null)) return false;
  }
  return true;
}
