// A refusal with the HTTP status it answers, and a body or query checked against its schema (a
// failure is a 400 naming what is wrong).
import type { z } from 'zod';
import { describeIssue } from '../../shared/validation/format-issues';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, `${what}: ${parsed.error.issues.map((i) => describeIssue(i)).join('; ')}`);
  return parsed.data;
}
