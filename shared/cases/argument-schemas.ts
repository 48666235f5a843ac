// The text schemas a change's arguments are made of, shared by the mutations
// (case-mutations.ts) and the parts they take from elsewhere (the waiver's terms,
// shared/diagnostics/waivers.ts).
import { z } from 'zod';
import { SHA256 } from '../files/content-address';
import { parseInstant } from '../time/instant';

/** An ISO 8601 instant with its offset; the parse error in words otherwise. */
export const instant = z.string().superRefine((text, ctx) => {
  const parsed = parseInstant(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});

/** A file's content hash, as the changes, the page's calls and its streams name it. */
export const sha256 = z.string().regex(SHA256, 'a SHA-256 is 64 hexadecimal digits (lower case)');
