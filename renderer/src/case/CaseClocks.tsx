// The case's two SLA clocks: each one's state (counting down by itself), its due and breach
// instants in the engineer's zone and the policy's, how the deadline was reached, and when the
// case closes by itself if it waits for the customer.
import type { CaseDetail } from '../../../shared/ipc/contract';
import { ClockCell } from '../queue/ClockCell';
import { Moment } from '../ui/Moment';

export function CaseClocks({ detail }: { detail: CaseDetail }) {
  const zone = detail.policyZone;
  return (
    <section className="sla" aria-label="SLA clocks">
      {(['response', 'resolution'] as const).map((k) => (
        <div key={k} className="sla-clock">
          <h3>
            {k === 'response' ? 'Response' : 'Resolution'}: <ClockCell clock={detail.clocks[k]} policyZone={zone} />
          </h3>
          <p>
            due <Moment ms={detail.clocks[k].dueAt} policyZone={zone} /> · breach <Moment ms={detail.clocks[k].breachAt} policyZone={zone} />
            {detail.clocks[k].metAt !== null && (
              <>
                {' '}
                · stopped <Moment ms={detail.clocks[k].metAt} policyZone={zone} />
              </>
            )}
          </p>
          <details>
            <summary>How this deadline was reached</summary>
            <pre className="explanation">{detail.explanation[k]}</pre>
          </details>
        </div>
      ))}
      {detail.clocks.autoCloseAt !== null && <p className="autoclose">Closes by itself <Moment ms={detail.clocks.autoCloseAt} policyZone={zone} /> unless the customer answers or a hold is recorded.</p>}
    </section>
  );
}
