// The API the UI talks to: `window.casedesk` in the desktop app (the preload), or the same
// channels over HTTP in the browser host. The host's key arrives in the address fragment; it is
// kept for this tab only and taken out of the address bar.
import type { CasedeskApi, Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { CoreEvent } from '../../../shared/ipc/events';
import { STREAM_BASE } from '../../../shared/ipc/channels';

declare global {
  interface Window {
    casedesk?: CasedeskApi;
  }
}

const KEY_STORAGE = 'casedesk.key';

function hostKey(): string | null {
  const match = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(KEY_STORAGE, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1]!;
  }
  return sessionStorage.getItem(KEY_STORAGE);
}

export class ApiFailure extends Error {}

function httpApi(key: string | null): CasedeskApi {
  const call = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    let response: Response;
    try {
      response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key ?? ''}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new ApiFailure('Casedesk is not answering: is `casedesk web` still running?');
    }
    const body = (await response.json().catch(() => null)) as { ok?: boolean; value?: unknown; error?: string } | null;
    if (!body || body.ok !== true) throw new ApiFailure(body?.error ?? `request failed (${response.status})`);
    return body.value as ChannelOutput<C>;
  };
  const api = Object.fromEntries(CHANNELS.map((c) => [c, (input: never) => call(c, input)])) as unknown as CasedeskApi;
  api.onEvent = eventStream(key);
  return api;
}

/**
 * The core's events from the browser host: one stream (`POST /api/events`, Server-Sent Events
 * lines) shared by every listener, opened with the first and closed with the last, and opened
 * again after a pause when it drops (`casedesk web` restarted, the laptop slept).
 */
function eventStream(key: string | null): (listener: (event: CoreEvent) => void) => () => void {
  const listeners = new Set<(event: CoreEvent) => void>();
  let controller: AbortController | null = null;
  const open = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      try {
        const response = await fetch('/api/events', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key ?? ''}` },
          body: '{}',
          signal,
        });
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            for (const line of block.split('\n')) {
              if (!line.startsWith('data: ')) continue;
              const event = JSON.parse(line.slice(6)) as CoreEvent;
              for (const listener of listeners) {
                try {
                  listener(event);
                } catch (err) {
                  console.error('an event listener failed', err);
                }
              }
            }
          }
        }
      } catch {
        // Dropped or refused: try again shortly.
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, 2000));
    }
  };
  return (listener) => {
    listeners.add(listener);
    if (!controller) {
      controller = new AbortController();
      void open(controller.signal);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        controller?.abort();
        controller = null;
      }
    };
  };
}

/** A request to one of the byte streams (shared/ipc/streams.ts): a download, or (with a body) an upload. */
export type StreamOpener = (name: string, input: unknown, body?: Blob) => Promise<Response>;

/** Where a stream of `api`'s host answers, and the key it asks for (for a request made by hand: an upload that reports its progress). */
export type StreamTarget = (name: string, input: unknown) => Promise<{ url: string; headers: Record<string, string> }>;

/** The byte streams of `api`'s host: the desktop's casedesk-stream: with its key, or the browser host's /api/stream/. */
export function streamTargetOf(api: CasedeskApi): StreamTarget {
  const desktop = api.streamKey;
  const base = desktop ? STREAM_BASE : '/api/stream/';
  const key = desktop ? () => desktop() : () => Promise.resolve(sessionStorage.getItem(KEY_STORAGE));
  return async (name, input) => ({
    url: `${base}${encodeURIComponent(name)}?input=${encodeURIComponent(JSON.stringify(input ?? {}))}`,
    headers: { Authorization: `Bearer ${(await key()) ?? ''}` },
  });
}

/** The message of a stream's refusal (its JSON answer), else `fallback` with the HTTP status. */
export async function streamFailure(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? `${fallback} (${response.status})`;
}

export function streamsOf(api: CasedeskApi): StreamOpener {
  const target = streamTargetOf(api);
  return async (name, input, body) => {
    const { url, headers } = await target(name, input);
    try {
      return await fetch(url, {
        method: body ? 'PUT' : 'GET',
        headers: { ...headers, ...(body ? { 'Content-Type': 'application/octet-stream' } : {}) },
        ...(body ? { body } : {}),
      });
    } catch {
      throw new ApiFailure('Casedesk is not answering: is it still running?');
    }
  };
}

export function createApi(): CasedeskApi {
  return window.casedesk ?? httpApi(hostKey());
}
