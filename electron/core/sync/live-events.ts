// Reading the server's live channel (Server-Sent Events) over fetch: yields each event's name and
// parsed data until the stream ends, the signal aborts, or the connection drops.
export interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
}

export async function* readLiveEvents(url: string, token: string, signal: AbortSignal, fetchImpl: typeof fetch = fetch): AsyncGenerator<LiveEvent> {
  const response = await fetchImpl(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  if (!response.ok || !response.body) throw new Error(`the live channel answered ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
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
