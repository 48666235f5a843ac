// Reads a policy document: the shipped default, or an edited copy that must validate.
import defaultPolicyJson from './default-policy.json';
import { policySchema, recordedPolicySchema, type Policy } from './policy-schema';
import { describeIssue } from '../validation/format-issues';

export class PolicyError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

/**
 * Validate a parsed policy document; throws PolicyError naming every bad field. `recorded`: a
 * policy read back from a store, where the reach of its targets is not judged again.
 */
export function parsePolicy(data: unknown, source = 'policy', options: { recorded?: boolean } = {}): Policy {
  const result = (options.recorded ? recordedPolicySchema : policySchema).safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => describeIssue(issue));
    throw new PolicyError(`${source} is not a valid casedesk.policy/1 document:\n  ${issues.join('\n  ')}`, issues);
  }
  return result.data;
}

/** Parse policy JSON text (an edited copy of the default). */
export function parsePolicyText(text: string, source = 'policy'): Policy {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PolicyError(`${source} is not valid JSON: ${(err as Error).message}`, []);
  }
  return parsePolicy(data, source);
}

let cachedDefault: Policy | undefined;

/** The policy that ships with Casedesk: the support policy as sla-semantics.md reads it. */
export function defaultPolicy(): Policy {
  cachedDefault ??= parsePolicy(defaultPolicyJson, 'the default policy');
  return cachedDefault;
}

/** The default policy as the JSON a user copies and edits. */
export function defaultPolicyDocument(): unknown {
  return defaultPolicyJson;
}
