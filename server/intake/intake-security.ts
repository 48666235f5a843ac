// What keeps the public intake pages safe to serve to anyone: the response headers (a strict
// Content-Security-Policy that allows nothing but the pages' own stylesheet, no framing, no
// sniffing) and the Origin check that refuses a form posted from another site's page. The CSRF
// token (a secret in a cookie, a token in the form; @fastify/csrf-protection) is the second lock.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STYLE_HASH } from './intake-page';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function setSecurityHeaders(reply: FastifyReply): void {
  void reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    // Not `no-referrer`: under it a browser sends `Origin: null` with the form's own POST (Fetch
    // standard, "serializing a request origin"), and the Origin check could no longer tell our page
    // from a sandboxed stranger. `same-origin` still tells other sites nothing.
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-store');
}

/**
 * Whether a request carries an Origin that is not this server's own: the public address's host
 * when the server was given one (behind a proxy that rewrites Host), else the Host the request
 * came to. The host is compared, not the scheme: behind a TLS-terminating proxy the browser says
 * https while the server sees http; another site's page cannot name our host as its origin.
 */
export function foreignOrigin(request: FastifyRequest, publicHost?: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    const url = new URL(origin);
    return (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host !== (publicHost ?? request.headers.host?.toLowerCase());
  } catch {
    // `null` (a sandboxed or privacy-sensitive context) and anything unparsable.
    return true;
  }
}
