// The content security policy of every Casedesk page, in the desktop window and the browser host.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // blob: a picture attached to a case, drawn from its bytes read through the core (never an SVG).
  "img-src 'self' data: blob:",
  // casedesk-stream: carries files to and from the core in the desktop app (shared/ipc/streams.ts).
  "connect-src 'self' casedesk-stream:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
