// Screenshots for a case, taken by the main process through Electron's desktopCapturer (injected:
// the tests give a fake): the screens and windows there are, each with a small picture to choose
// by, and a full-size capture of the one chosen, as PNG. The page attaches it like a pasted
// screenshot. Answered here, not by the core, which runs in plain Node.
import type { DesktopCapturer, NativeImage, Size } from 'electron';
import type { Answer } from '../../shared/ipc/events';

/** What the page chooses from: small pictures, so the list comes at once. */
const THUMBNAIL: Size = { width: 320, height: 200 };

export interface ScreenCapture {
  desktopCapturer: Pick<DesktopCapturer, 'getSources'>;
  /** The size to capture at: the largest display's, in device pixels. */
  fullSize: () => Size;
}

export function screenCaptureHandlers({ desktopCapturer, fullSize }: ScreenCapture): Record<'screen:sources' | 'screen:capture', (input: unknown) => Promise<Answer>> {
  const sources = (thumbnailSize: Size) => desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize, fetchWindowIcons: false });
  return {
    'screen:sources': async () => {
      try {
        const found = await sources(THUMBNAIL);
        return {
          ok: true,
          value: found.map((source) => ({ id: source.id, name: source.name, kind: source.id.startsWith('screen:') ? 'screen' : 'window', thumbnail: source.thumbnail.toDataURL() })),
        };
      } catch (err) {
        return { ok: false, error: `the screens could not be listed: ${(err as Error).message} (on macOS, allow Casedesk to record the screen in System Settings › Privacy & Security)`, kind: 'request' };
      }
    },
    'screen:capture': async (input) => {
      const id = (input as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || id.length === 0 || id.length > 500) return { ok: false, error: 'which screen or window to capture', kind: 'request' };
      const chosen = (await sources(fullSize())).find((source) => source.id === id);
      if (!chosen) return { ok: false, error: 'that screen or window is gone: choose again', kind: 'request' };
      const image: NativeImage = chosen.thumbnail;
      if (image.isEmpty()) return { ok: false, error: `nothing could be captured of "${chosen.name}" (a minimised window, or no permission to record the screen)`, kind: 'request' };
      const { width, height } = image.getSize();
      return { ok: true, value: { png: image.toPNG().toString('base64'), width, height } };
    },
  };
}
