// The desktop app's byte streams (shared/ipc/streams.ts): the page fetches
// casedesk-stream://app/<name> — GET to download, PUT to upload — with this run's stream key, which
// only the app's own page can ask for (`stream:key`, a trusted-sender IPC call). The streams
// themselves are answered as in the browser host (electron/core/host/stream-endpoint.ts).
import type { CoreApi } from '../core/api/casedesk-api';
import { bearerMatches } from '../core/host/bearer-key';
import { answerStream } from '../core/host/stream-endpoint';

export const STREAM_SCHEME = 'casedesk-stream'; // STREAM_BASE in shared/ipc/channels.ts
/** Registered before the app is ready: fetch may use it, and bodies stream. */
export const STREAM_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, stream: true } as const;

const refused = (status: number, error: string) =>
  new Response(JSON.stringify({ ok: false, error, kind: 'request' }), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });

/** The handler for protocol.handle(STREAM_SCHEME, …). */
export function streamProtocolHandler(core: CoreApi, key: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!bearerMatches(request.headers.get('authorization'), key)) return refused(401, 'this page may not use Casedesk’s streams');
    const url = new URL(request.url);
    if (url.host !== 'app') return refused(404, 'unknown stream');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(1));
    } catch {
      return refused(404, 'unknown stream');
    }
    return answerStream(core, name, request);
  };
}
