// Loads the policy the desktop runs on: the shipped default, or a user's edited copy from disk.
import { readFileSync } from 'node:fs';
import { defaultPolicy, parsePolicyText, PolicyError } from '../../shared/policy/load-policy';
import type { Policy } from '../../shared/policy/policy-schema';

export function loadPolicyFile(path: string | undefined): Policy {
  if (path === undefined) return defaultPolicy();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyError(`cannot read policy file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, []);
  }
  return parsePolicyText(text, `policy file ${path}`);
}
