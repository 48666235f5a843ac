// The contract's byte streams over HTTP, as web-standard Request and Response: the browser host
// serves them at /api/stream/<name>, the desktop app at casedesk-stream://app/<name> (its own
// protocol). GET downloads (`?input=` the stream's input as JSON); PUT uploads the body and answers
// like a call, { ok, value } or { ok: false, error, kind }. The host checks who asks before this.
import { describeBytes, isStream, streams, StreamRefused } from '../../../shared/ipc/streams';
import type { CoreApi } from '../api/casedesk-api';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });

/** Answer one stream request; `name` is the stream's name from the path, already decoded. */
export async function answerStream(core: CoreApi, name: string, request: Request): Promise<Response> {
  if (!isStream(name)) return json(404, { ok: false, error: `unknown stream "${name}"`, kind: 'request' });
  const spec = streams[name];
  let input: unknown = {};
  const given = new URL(request.url).searchParams.get('input');
  if (given) {
    try {
      input = JSON.parse(given);
    } catch {
      return json(400, { ok: false, error: `${name}: the input is not valid JSON`, kind: 'request' });
    }
  }
  if (spec.direction === 'download') {
    if (request.method !== 'GET') return json(405, { ok: false, error: `${name} is a download: use GET`, kind: 'request' });
    const chunks = core.download(name, input)[Symbol.asyncIterator]();
    // The first chunk is awaited before answering: a refused download is told as an error, not as a cut file.
    let first: IteratorResult<Uint8Array>;
    try {
      first = await chunks.next();
    } catch (err) {
      const kind = err instanceof StreamRefused ? err.kind : 'internal';
      return json(kind === 'request' ? 400 : 500, { ok: false, error: (err as Error).message, kind });
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (first.done) controller.close();
        else controller.enqueue(first.value);
      },
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (err) {
          controller.error(err);
        }
      },
      async cancel() {
        await chunks.return?.();
      },
    });
    return new Response(first.done ? null : body, {
      status: 200,
      headers: {
        'Content-Type': spec.contentType,
        'Content-Disposition': `attachment; filename="${spec.fileName}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  }
  if (request.method !== 'PUT') return json(405, { ok: false, error: `${name} is an upload: use PUT`, kind: 'request' });
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > spec.maxBytes) return json(413, { ok: false, error: `the file is larger than ${describeBytes(spec.maxBytes)}: nothing was kept`, kind: 'request' });
  const reader = request.body?.getReader();
  async function* body(): AsyncGenerator<Uint8Array> {
    if (!reader) return;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  const answer = await core.upload(name, input, body());
  await reader?.cancel().catch(() => undefined);
  return json(answer.ok || answer.kind === 'request' ? 200 : 500, answer);
}
