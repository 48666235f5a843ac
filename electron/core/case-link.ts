// `casedesk://case/ID` links (from an email, a chat, a ticket elsewhere) → the case to open, or
// null for anything else. The id is checked, not trusted: it only ever becomes a lookup.
const LINK = /^casedesk:\/\/case\/([^/?#]+)\/?$/i;
/** A page's Acknowledge on a Windows toast: the case, and this run's key (a link from anywhere else has none). */
const ACK_LINK = /^casedesk:\/\/ack\/([^/?#]+)\?key=([A-Za-z0-9_-]{16,64})$/;

export function caseIdOfLink(url: string): string | null {
  const m = LINK.exec(url.trim());
  return m ? checkedId(m[1]!) : null;
}

/** The link a toast's Acknowledge button follows: `casedesk://ack/ID?key=KEY`. */
export function pageAckLink(caseId: string, key: string): string {
  return `casedesk://ack/${encodeURIComponent(caseId)}?key=${key}`;
}

/**
 * The case whose page to acknowledge, from an Acknowledge link carrying `key` (this run's); a
 * link without it — typed, from a mail, from an earlier run — acknowledges nothing: it opens the
 * case (`caseId`), and the engineer acknowledges there.
 */
export function pageAckOfLink(url: string, key: string): { caseId: string; acknowledge: boolean } | null {
  const m = ACK_LINK.exec(url.trim());
  const caseId = m ? checkedId(m[1]!) : null;
  return caseId ? { caseId, acknowledge: m![2] === key } : null;
}

/** The first Acknowledge link among command-line arguments. */
export function pageAckOfArgv(argv: readonly string[], key: string): { caseId: string; acknowledge: boolean } | null {
  return firstOf(argv, (arg) => pageAckOfLink(arg, key));
}

/** What `read` makes of the first argument it recognises. */
function firstOf<T>(argv: readonly string[], read: (arg: string) => T | null): T | null {
  for (const arg of argv) {
    const found = read(arg);
    if (found) return found;
  }
  return null;
}

function checkedId(encoded: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  const hasControl = [...id].some((ch) => ch.charCodeAt(0) < 0x20);
  return id.length > 0 && id.length <= 200 && !hasControl ? id : null;
}

/** The first case link among command-line arguments (how Windows and Linux hand one over). */
export function caseIdOfArgv(argv: readonly string[]): string | null {
  return firstOf(argv, caseIdOfLink);
}
