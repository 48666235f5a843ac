// Files going onto a case: each one sent over the `case:attach` stream as it is (never read into
// the page), one after another in the order given, its progress told, cancellable until it is in; what the core answered said once all
// are done. Drop, paste and the picker all end here.
import { useCallback, useRef, useState } from 'react';
import type { CasedeskApi } from '../../../shared/ipc/contract';
import { streamTargetOf } from '../api/client';

export interface Upload {
  key: number;
  name: string;
  size: number;
  /** Bytes sent so far; null when the host does not tell (the desktop app). */
  sent: number | null;
  cancel: () => void;
}

interface Answer {
  ok?: boolean;
  value?: { name: string; already: boolean };
  error?: string;
}

/** Send one file; resolves with what the core said (or why it did not arrive). */
function send(url: string, headers: Record<string, string>, file: Blob, onProgress: (sent: number) => void, setAbort: (abort: () => void) => void): Promise<Answer> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.upload.onprogress = (e) => onProgress(e.loaded);
    request.onload = () => {
      try {
        resolve(JSON.parse(request.responseText) as Answer);
      } catch {
        resolve({ ok: false, error: `the transfer failed (${request.status})` });
      }
    };
    request.onerror = () => resolve({ ok: false, error: 'Casedesk is not answering: is it still running?' });
    request.onabort = () => resolve({ ok: false, error: 'cancelled' });
    setAbort(() => request.abort());
    request.send(file);
  });
}

/**
 * Send one file by fetch, for the desktop app's casedesk-stream: (a custom protocol gives an XHR
 * no upload progress and may lose its Blob body: electron/electron#39709). Its progress is not
 * known until it is in.
 */
async function sendByFetch(url: string, headers: Record<string, string>, file: Blob, setAbort: (abort: () => void) => void): Promise<Answer> {
  const controller = new AbortController();
  setAbort(() => controller.abort());
  try {
    const response = await fetch(url, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/octet-stream' }, body: file, signal: controller.signal });
    return ((await response.json().catch(() => null)) as Answer | null) ?? { ok: false, error: `the transfer failed (${response.status})` };
  } catch {
    return controller.signal.aborted ? { ok: false, error: 'cancelled' } : { ok: false, error: 'Casedesk is not answering: is it still running?' };
  }
}

/** A pasted picture has no name of its own: it is named by when it was pasted. */
export function pastedName(file: File, now = new Date()): string {
  if (file.name && file.name !== 'image.png') return file.name;
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, (c) => (c === 'T' ? ' ' : '.'));
  return `screenshot ${stamp}.${file.type.split('/')[1] ?? 'png'}`;
}

export function useAttachUploads(api: CasedeskApi, caseId: string | null, me: string, onDone: () => void) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const next = useRef(0);

  const attach = useCallback(
    async (files: File[], names: string[] = files.map((f) => f.name)) => {
      if (!caseId || files.length === 0) return;
      if (!me) {
        setSaid({ text: 'Say who you are first (top right: "I am"): every attachment records who added it.', error: true });
        return;
      }
      setSaid(null);
      const target = streamTargetOf(api);
      const desktop = api.streamKey !== undefined;
      // All listed at once, sent one after another in the order chosen (the case lists them so).
      const queued = files.map((file, i) => ({ key: next.current++, file, name: names[i] || 'unnamed', cancelled: false, abort: () => undefined as void }));
      setUploads((list) => [
        ...list,
        ...queued.map((q) => ({
          key: q.key,
          name: q.name,
          size: q.file.size,
          sent: desktop ? null : 0,
          cancel: () => {
            q.cancelled = true;
            q.abort();
          },
        })),
      ]);
      const results: { name: string; answer: Answer }[] = [];
      for (const q of queued) {
        let answer: Answer = { ok: false, error: 'cancelled' };
        if (!q.cancelled) {
          const { url, headers } = await target('case:attach', { caseId, name: q.name, author: me });
          const progress = (sent: number) => setUploads((list) => list.map((u) => (u.key === q.key ? { ...u, sent } : u)));
          if (!q.cancelled) answer = desktop ? await sendByFetch(url, headers, q.file, (a) => (q.abort = a)) : await send(url, headers, q.file, progress, (a) => (q.abort = a));
        }
        setUploads((list) => list.filter((u) => u.key !== q.key));
        results.push({ name: q.name, answer });
      }
      const added = results.filter((r) => r.answer.ok && !r.answer.value?.already).map((r) => r.name);
      const already = results.filter((r) => r.answer.ok && r.answer.value?.already).map((r) => r.name);
      const failed = results.filter((r) => !r.answer.ok);
      const parts = [
        added.length ? `Attached ${added.join(', ')}` : '',
        already.length ? `${already.join(', ')}: already on the case` : '',
        ...failed.map((r) => (r.answer.error === 'cancelled' ? `${r.name}: cancelled, nothing kept` : `${r.name} was not attached: ${r.answer.error ?? 'no answer'}`)),
      ].filter(Boolean);
      setSaid({ text: parts.join('. '), error: failed.some((r) => r.answer.error !== 'cancelled') });
      if (added.length) onDone();
    },
    [api, caseId, me, onDone],
  );

  return { uploads, said, setSaid, attach };
}

/** A size as a person reads it: "812 B", "4.2 KiB", "2.0 GiB". */
export function sizeText(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** "12.0 MiB of 2.0 GiB (1%)"; "sending 2.0 GiB…" when the host does not tell. */
export function progressText(upload: Upload): string {
  if (upload.sent === null) return `sending ${sizeText(upload.size)}…`;
  const share = upload.size ? Math.floor((upload.sent / upload.size) * 100) : 100;
  return `${sizeText(upload.sent)} of ${sizeText(upload.size)} (${share}%)`;
}
