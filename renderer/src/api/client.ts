// The API the UI talks to: `window.casedesk` in the desktop app (the preload), or the same
// channels over HTTP in the browser host. The host's key arrives in the address fragment; it is
// kept for this tab only and taken out of the address bar.
import type { CasedeskApi, Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import { CHANNELS } from '../../../shared/ipc/contract';

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
    if (!response.ok || !body || body.ok !== true) throw new ApiFailure(body?.error ?? `request failed (${response.status})`);
    return body.value as ChannelOutput<C>;
  };
  return Object.fromEntries(CHANNELS.map((c) => [c, (input: never) => call(c, input)])) as unknown as CasedeskApi;
}

export function createApi(): CasedeskApi {
  return window.casedesk ?? httpApi(hostKey());
}
