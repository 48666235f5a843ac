// Before a severity change is saved: the deadlines it would give (`case:preview-severity`).
import { useEffect, useState } from 'react';
import type { CaseDetail, CasedeskApi } from '../../../shared/ipc/contract';
import { Moment } from '../ui/Moment';

type Clocks = { response: CaseDetail['clocks']['response']; resolution: CaseDetail['clocks']['resolution'] };

export function SeverityPreview({ api, detail, severity }: { api: CasedeskApi; detail: CaseDetail; severity: number }) {
  const [preview, setPreview] = useState<Clocks | null>(null);
  useEffect(() => {
    let live = true;
    api['case:preview-severity']({ idOrNumber: String(detail.record.id), severity }).then(
      (p) => live && setPreview(p),
      () => live && setPreview(null),
    );
    return () => {
      live = false;
    };
  }, [api, detail, severity]);
  if (!preview) return null;
  const line = (k: 'response' | 'resolution') => {
    const c = preview[k];
    const state =
      c.state === 'running' ? (
        <>
          due <Moment ms={c.dueAt} policyZone={detail.policyZone} />, breach <Moment ms={c.breachAt} policyZone={detail.policyZone} />
        </>
      ) : (
        c.state
      );
    return (
      <>
        {k === 'response' ? 'Response' : 'Resolution'}: {state}
      </>
    );
  };
  return (
    <p className="preview" role="status" aria-label="New deadlines">
      At severity {severity}: {line('response')} · {line('resolution')}
    </p>
  );
}
