// Cases in and out as files, over the contract's byte streams (shared/ipc/streams.ts): "Export"
// saves every case as one casedesk.cases/1 file; "Import…" takes such a file whole, or nothing of
// it, and says what it did — the file never passes through a JSON call or its size limit.
import { useRef, useState } from 'react';
import type { CasedeskApi } from '../../../shared/ipc/contract';
import { streamFailure, streamsOf } from '../api/client';
import { FilesFolderButton } from './FilesFolder';
import { saveBlob } from './save-blob';

export function CaseFiles({ api }: { api: CasedeskApi }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const open = streamsOf(api);

  const exportCases = async () => {
    setBusy('Exporting…');
    setSaid(null);
    try {
      const response = await open('cases:export', {});
      if (!response.ok) throw new Error(await streamFailure(response, 'the transfer failed'));
      saveBlob(await response.blob(), 'casedesk-cases.json');
      setSaid({ text: 'Exported every case to casedesk-cases.json', error: false });
    } catch (err) {
      setSaid({ text: `Export failed: ${(err as Error).message}`, error: true });
    } finally {
      setBusy(null);
    }
  };

  const importFile = async (file: File) => {
    setBusy(`Importing ${file.name}…`);
    setSaid(null);
    try {
      const response = await open('cases:import', { fileName: file.name }, file);
      const answer = (await response.json().catch(() => null)) as { ok?: boolean; value?: { imported: number }; error?: string } | null;
      if (!answer?.ok) throw new Error(answer?.error ?? `the transfer failed (${response.status})`);
      setSaid({ text: `Imported ${answer.value!.imported.toLocaleString()} case${answer.value!.imported === 1 ? '' : 's'} from ${file.name}`, error: false });
    } catch (err) {
      setSaid({ text: `Nothing was imported: ${(err as Error).message}`, error: true });
    } finally {
      setBusy(null);
      if (picker.current) picker.current.value = '';
    }
  };

  return (
    <div className="case-files">
      <button type="button" disabled={busy !== null} onClick={() => void exportCases()}>
        Export
      </button>
      <button type="button" disabled={busy !== null} onClick={() => picker.current?.click()}>
        Import…
      </button>
      <FilesFolderButton api={api} />
      <input ref={picker} type="file" accept=".json,application/json" hidden aria-label="Cases file to import" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
      {(busy || said) && (
        <span className={said?.error ? 'error' : 'note'} role={said?.error ? 'alert' : 'status'}>
          {busy ?? said?.text}
        </span>
      )}
    </div>
  );
}
