// The severities of the policy in force (`policy:severities`), with their names and definitions:
// what the queue filters by and a new case is given. Empty until the core answers.
import { useEffect, useState } from 'react';
import type { CasedeskApi } from '../../../shared/ipc/contract';

export interface PolicySeverity {
  level: number;
  name: string;
  definition: string;
}

export function usePolicySeverities(api: CasedeskApi): PolicySeverity[] {
  const [severities, setSeverities] = useState<PolicySeverity[]>([]);
  useEffect(() => {
    let live = true;
    api['policy:severities']({}).then(
      (list) => live && setSeverities(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return severities;
}
