// `casedesk://case/ID` links (from an email, a chat, a ticket elsewhere) → the case to open, or
// null for anything else. The id is checked, not trusted: it only ever becomes a lookup.
const LINK = /^casedesk:\/\/case\/([^/?#]+)\/?$/i;

export function caseIdOfLink(url: string): string | null {
  const m = LINK.exec(url.trim());
  if (!m) return null;
  let id: string;
  try {
    id = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  const hasControl = [...id].some((ch) => ch.charCodeAt(0) < 0x20);
  return id.length > 0 && id.length <= 200 && !hasControl ? id : null;
}

/** The first case link among command-line arguments (how Windows and Linux hand one over). */
export function caseIdOfArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const id = caseIdOfLink(arg);
    if (id) return id;
  }
  return null;
}
