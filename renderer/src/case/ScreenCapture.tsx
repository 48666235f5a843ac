// "Capture screen…" in the desktop app: the screens and windows there are (the main process lists
// them through desktopCapturer), each with a small picture; the one chosen is captured at full
// size and attached like a pasted screenshot. Not offered in the browser, where paste and drop do.
import { useEffect, useState } from 'react';
import type { CasedeskApi, ChannelOutput } from '../../../shared/ipc/contract';
import { pastedName } from './useAttachUploads';

type Source = ChannelOutput<'screen:sources'>[number];

/** Whether this page runs in the desktop app (its preload gives what only the app has). */
export function inDesktopApp(api: CasedeskApi): boolean {
  return typeof (api as unknown as { onCaseLink?: unknown }).onCaseLink === 'function';
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** A data: URL's picture as a blob: address (the page's CSP takes pictures from blob:, not data:). */
function pictureOf(dataUrl: string): string {
  const [head, base64 = ''] = dataUrl.split(',', 2);
  return URL.createObjectURL(new Blob([bytesOf(base64)], { type: /^data:([^;]+)/.exec(head ?? '')?.[1] ?? 'image/png' }));
}

export function ScreenCapture({ api, onFile, onClose }: { api: CasedeskApi; onFile: (file: File) => void; onClose: () => void }) {
  const [sources, setSources] = useState<(Source & { picture: string })[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [taking, setTaking] = useState<string | null>(null);
  useEffect(() => {
    let pictures: string[] = [];
    api['screen:sources']({}).then(
      (found) => {
        const shown = found.map((source) => ({ ...source, picture: pictureOf(source.thumbnail) }));
        pictures = shown.map((s) => s.picture);
        setSources(shown);
      },
      (err: Error) => setError(err.message),
    );
    return () => pictures.forEach((url) => URL.revokeObjectURL(url));
  }, [api]);

  const take = async (source: Source) => {
    setTaking(source.name);
    try {
      const shot = await api['screen:capture']({ id: source.id });
      const file = new File([bytesOf(shot.png)], 'image.png', { type: 'image/png' });
      onFile(new File([file], pastedName(file), { type: 'image/png' }));
      onClose();
    } catch (err) {
      setError((err as Error).message);
      setTaking(null);
    }
  };

  return (
    <div className="screen-capture" role="dialog" aria-label="Capture a screen or window" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <p className="note">{taking ? `Capturing ${taking}…` : 'Choose what to capture: the picture is attached to the case.'}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!sources && !error && <p className="note">Looking for screens and windows…</p>}
      <ul className="sources">
        {sources?.map((source) => (
          <li key={source.id}>
            <button type="button" disabled={taking !== null} onClick={() => void take(source)}>
              <img src={source.picture} alt="" />
              <span>
                {source.kind === 'screen' ? 'Screen' : 'Window'}: {source.name}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        Cancel
      </button>
    </div>
  );
}
