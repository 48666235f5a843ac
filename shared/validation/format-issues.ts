// Turns zod issues into messages that name the field a person has to fix:
// `severities[1].response.breach: breach must not come before due`.
import type { z } from 'zod';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function describeIssue(issue: z.core.$ZodIssue, path: readonly PropertyKey[] = issue.path): string {
  const where = formatPath(path);
  return where ? `${where}: ${issue.message}` : issue.message;
}
