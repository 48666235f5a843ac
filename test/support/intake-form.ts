// The customers' online form as a customer's browser uses it: open it (its CSRF cookie and token,
// its submission id), fill it in and send it.
import type { CentralServer } from '../../server/start-server';

export interface ServedForm {
  status: number;
  headers: Headers;
  html: string;
  /** The CSRF cookie, as a Cookie header sends it back. */
  cookie: string;
  token: string;
  submission: string;
}

export function hidden(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  if (!match) throw new Error(`the page has no hidden ${name}`);
  return match[1]!;
}

export async function openForm(server: CentralServer): Promise<ServedForm> {
  const response = await fetch(`${server.url}/`);
  const html = await response.text();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { status: response.status, headers: response.headers, html, cookie, token: hidden(html, '_csrf'), submission: hidden(html, 'submission') };
}

export const ANSWERS = {
  company: 'Contoso Bank',
  contractId: 'XC-20417',
  contactName: 'Jo Müller',
  contactEmail: 'jo.muller@contoso.example',
  contactPhone: '+1 (212) 555-0187 ext. 4',
  product: 'Mail Security Gateway',
  softwareVersion: '7.2.1',
  hardware: 'XG-400 appliance',
  os: 'XecOS 5',
  summary: '  Outbound mail stuck in the queue  ',
  symptoms: 'Since 09:40 no outbound mail leaves.\r\nThe queue grows by ~200 a minute.',
  nature: 'functional',
  reproduction: 'Send any mail to an outside address.',
  workarounds: '',
  severity: '2',
};

export type Answers = Partial<Record<keyof typeof ANSWERS, string>>;

export interface Sent {
  status: number;
  html: string;
  headers: Headers;
}

export async function send(server: CentralServer, form: ServedForm, answers: Answers = {}, extra: { token?: string | null; cookie?: string | null; origin?: string | null } = {}): Promise<Sent> {
  const body = new URLSearchParams({ ...ANSWERS, ...answers, submission: form.submission });
  const token = extra.token === undefined ? form.token : extra.token;
  if (token !== null) body.set('_csrf', token);
  const headers: Record<string, string> = {};
  const cookie = extra.cookie === undefined ? form.cookie : extra.cookie;
  if (cookie !== null) headers.cookie = cookie;
  const origin = extra.origin === undefined ? server.url : extra.origin;
  if (origin !== null) headers.origin = origin;
  const response = await fetch(`${server.url}/`, { method: 'POST', body, headers });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** Open a form and send it: what a customer does. */
export async function submit(server: CentralServer, answers: Answers = {}): Promise<Sent> {
  return send(server, await openForm(server), answers);
}

export const numberIn = (html: string) => /<p class="number">([^<]+)<\/p>/.exec(html)?.[1];
