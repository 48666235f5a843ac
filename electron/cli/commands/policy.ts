// `casedesk policy show` and `casedesk policy check FILE`: the shipped policy, to copy and edit, and
// the validation of an edited copy.
import { defaultPolicyDocument } from '../../../shared/policy/load-policy';
import { loadPolicyFile } from '../../core/policy-file';
import { StoreError } from '../../core/store/database';
import { CliError, type CliIo } from '../cli-io';
import { openStore, withStore } from '../store-access';

export function policyShow(io: CliIo): void {
  io.out(`${JSON.stringify(defaultPolicyDocument(), null, 2)}\n`);
}

/** `casedesk policy use FILE --db PATH`: the policy new cases in that database are logged under. */
export async function policyUse(file: string, options: { db?: string }, io: CliIo): Promise<void> {
  const policy = loadPolicyFile(file);
  const store = openStore(options.db, { now: io.now });
  await withStore(store, (s) => {
    try {
      s.usePolicy(policy);
    } catch (err) {
      if (err instanceof StoreError) throw new CliError(err.message);
      throw err;
    }
    io.out(`new cases in ${options.db} are logged under policy ${policy.id} v${policy.version}; cases logged before keep theirs\n`);
  });
}

export function policyCheck(file: string, io: CliIo): void {
  const policy = loadPolicyFile(file);
  io.out(`${file}: valid policy ${policy.id} v${policy.version} (${policy.severities.length} severities, zone ${policy.timeZone})\n`);
}
