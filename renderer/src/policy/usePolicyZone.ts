// The zone of the policy in force (from `support:status`): what a new case's times are read in
// unless the engineer picks another. Null until the core answers.
import { useEffect, useState } from 'react';
import type { CasedeskApi } from '../../../shared/ipc/contract';

export function usePolicyZone(api: CasedeskApi): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api['support:status']({}).then(
      (s) => live && setZone(s.zone),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return zone;
}
