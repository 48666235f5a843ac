// `casedesk policy show` and `casedesk policy check FILE`: the shipped policy, to copy and edit, and
// the validation of an edited copy.
import { defaultPolicyDocument } from '../../../shared/policy/load-policy';
import { loadPolicyFile } from '../../core/policy-file';
import type { CliIo } from '../cli-io';

export function policyShow(io: CliIo): void {
  io.out(`${JSON.stringify(defaultPolicyDocument(), null, 2)}\n`);
}

export function policyCheck(file: string, io: CliIo): void {
  const policy = loadPolicyFile(file);
  io.out(`${file}: valid policy ${policy.id} v${policy.version} (${policy.severities.length} severities, zone ${policy.timeZone})\n`);
}
