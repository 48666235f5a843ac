// A case's attachments, as its history has them: each `attachment` event adds a file (by its
// SHA-256), each `attachment-removed` event takes one off; an undone (retracted) event of either
// kind counts for nothing. The bytes live outside the case, content-addressed (one copy per
// content, however many cases hold it).
import type { CaseEventRecord, CaseRecord } from './case-format';
import { SHA256 } from '../files/content-address';
import { retractedEvents } from './case-timeline';

export interface Attachment {
  sha256: string;
  size: number;
  /** The name it came with, as given (shown escaped: shared/files/file-names.ts). */
  name: string;
  /** Sniffed from its content, never taken from the name. */
  mediaType: string;
  note?: string;
  addedBy?: string;
  addedAt: string;
  /** The position of its `attachment` event in the case's events. */
  event: number;
}

function attachmentOf(event: CaseEventRecord, index: number): Attachment | null {
  const e = event as CaseEventRecord & { sha256?: unknown; size?: unknown; name?: unknown; mediaType?: unknown; note?: unknown };
  if (typeof e.sha256 !== 'string' || !SHA256.test(e.sha256)) return null;
  return {
    sha256: e.sha256,
    size: typeof e.size === 'number' ? e.size : 0,
    name: typeof e.name === 'string' ? e.name : e.sha256,
    mediaType: typeof e.mediaType === 'string' ? e.mediaType : 'application/octet-stream',
    ...(typeof e.note === 'string' ? { note: e.note } : {}),
    ...(e.author !== undefined ? { addedBy: e.author } : {}),
    addedAt: e.at,
    event: index,
  };
}

/** The files attached to the case now, in the order they were attached. */
export function attachmentsOf(record: Pick<CaseRecord, 'events'>): Attachment[] {
  const events = record.events ?? [];
  const retracted = retractedEvents(events);
  const held = new Map<string, Attachment>();
  events.forEach((event, index) => {
    if (retracted.has(index)) return;
    if (event.type === 'attachment') {
      const file = attachmentOf(event, index);
      if (file && !held.has(file.sha256)) held.set(file.sha256, file);
    } else if (event.type === 'attachment-removed' && typeof event.sha256 === 'string') {
      held.delete(event.sha256);
    }
  });
  return [...held.values()];
}

