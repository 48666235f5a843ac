// The request for missing information: the message to the customer (missing-info-message.ts),
// which the engineer may edit before it goes, to copy or open in mail, and recording the request,
// which makes the case wait for the customer.
import { useState } from 'react';
import type { CaseDetail } from '../../../shared/ipc/contract';
import { missingInfoMessage } from './missing-info-message';

export function MissingInfoRequest({ detail, onRecord, busy }: { detail: CaseDetail; onRecord: () => void; busy: boolean }) {
  const message = missingInfoMessage(detail);
  const [body, setBody] = useState(message.body);
  const mailto = `mailto:${encodeURIComponent(message.to)}?subject=${encodeURIComponent(message.subject)}&body=${encodeURIComponent(body)}`;
  const [copied, setCopied] = useState(false);
  return (
    <section className="action-form request" aria-label="Request missing information">
      <textarea
        aria-label="Message to the customer"
        value={body}
        maxLength={20_000}
        rows={Math.min(16, body.split('\n').length + 1)}
        onChange={(e) => {
          setBody(e.target.value);
          setCopied(false);
        }}
      />
      <div className="request-actions">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(body).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <a href={mailto}>Open in mail</a>
        {body !== message.body && (
          <button type="button" onClick={() => setBody(message.body)}>
            Undo my edits
          </button>
        )}
        <button type="button" className="primary" disabled={busy} onClick={onRecord}>
          Record request and await the customer
        </button>
      </div>
    </section>
  );
}
