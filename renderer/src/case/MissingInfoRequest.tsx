// The request for missing information: the message to the customer (missing-info-message.ts) to
// copy or open in mail, and recording the request, which makes the case wait for the customer.
import { useState } from 'react';
import type { CaseDetail } from '../../../shared/ipc/contract';
import { missingInfoMessage } from './missing-info-message';

export function MissingInfoRequest({ detail, onRecord, busy }: { detail: CaseDetail; onRecord: () => void; busy: boolean }) {
  const message = missingInfoMessage(detail);
  const mailto = `mailto:${encodeURIComponent(message.to)}?subject=${encodeURIComponent(message.subject)}&body=${encodeURIComponent(message.body)}`;
  const [copied, setCopied] = useState(false);
  return (
    <section className="action-form request" aria-label="Request missing information">
      <textarea aria-label="Message to the customer" readOnly value={message.body} rows={Math.min(16, message.body.split('\n').length + 1)} />
      <div className="request-actions">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(message.body).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <a href={mailto}>Open in mail</a>
        <button type="button" className="primary" disabled={busy} onClick={onRecord}>
          Record request and await the customer
        </button>
      </div>
    </section>
  );
}
