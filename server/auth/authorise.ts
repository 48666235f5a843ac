// Who may do what. Every endpoint but the health check and the customer's intake form names the
// roles it serves; a request without a known token, or from a role not named, is refused.
export { EVERY_STAFF_ROLE } from '../../shared/cases/change-rules';

/** Read a bearer token from an Authorization header; null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
