// The message asking the customer for what the case still lacks, ready to copy or to mail: what
// is missing as the policy names it — only what the customer knows (the engineer handling the
// case and the initial recommendation are ours to fill in) — and how long the case waits for an answer before it closes
// by itself — the case's policy's auto-close period.
import { valueAt } from '../../../shared/cases/case-fields';
import type { CaseDetail } from '../../../shared/ipc/contract';

const text = (record: CaseDetail['record'], path: string): string | undefined => {
  const v = valueAt(record, path);
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** What the case lacks that the customer can tell us. */
export function askableMissing(detail: CaseDetail): CaseDetail['missing'] {
  return detail.missing.filter((m) => m.filledBy === 'customer');
}

export function missingInfoMessage(detail: CaseDetail): { subject: string; body: string; to: string } {
  const r = detail.record;
  const contact = text(r, 'contact.name');
  const days = detail.policy.autoCloseAfterDays;
  // The request records the case as awaiting the customer: under a policy that pauses there, the
  // auto-close period starts.
  const closes = detail.policy.pauseStatuses.includes('awaiting-customer');
  const body = [
    contact ? `Dear ${contact},` : 'Hello,',
    '',
    `To work on your case ${detail.number} (${text(r, 'summary') ?? 'your support request'}), we need the following information:`,
    '',
    ...askableMissing(detail).map((m) => `  - ${m.label}`),
    '',
    closes
      ? `Please reply to this message with these details. If we do not hear from you within ${days} day${days === 1 ? '' : 's'}, the case will be closed; let us know if you need more time.`
      : 'Please reply to this message with these details.',
    '',
    `Regards,`,
    text(r, 'engineer') ?? 'Xecuritas technical support',
  ].join('\n');
  return { subject: `Case ${detail.number}: information needed`, body, to: text(r, 'contact.email') ?? '' };
}
