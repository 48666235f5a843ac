// Reading the server's live channel (Server-Sent Events) over fetch: yields each event's name and
// parsed data until the stream ends, the signal aborts, or the connection drops.
export interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
}

/** The server writes at least every 15 s; this long a silence means the connection is gone. */
export const LIVE_SILENCE_MS = 45_000;

export async function* readLiveEvents(
  url: string,
  token: string,
  signal: AbortSignal,
  fetchImpl: typeof fetch = fetch,
  silenceMs = LIVE_SILENCE_MS,
): AsyncGenerator<LiveEvent> {
  // A laptop that slept or changed networks can leave a stream that never ends and never speaks:
  // give it up after a silence, so the caller connects again.
  const quiet = new AbortController();
  let timer = setTimeout(() => quiet.abort(), silenceMs);
  const both = AbortSignal.any([signal, quiet.signal]);
  try {
    yield* readStream(await fetchImpl(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: both }), () => {
      clearTimeout(timer);
      timer = setTimeout(() => quiet.abort(), silenceMs);
    });
  } finally {
    clearTimeout(timer);
  }
}

async function* readStream(response: Response, heard: () => void): AsyncGenerator<LiveEvent> {
  if (!response.ok || !response.body) throw new Error(`the live channel answered ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    heard();
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length === 0) continue;
      try {
        yield { event, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
      } catch {
        // Not JSON: not an event of ours.
      }
    }
  }
}
