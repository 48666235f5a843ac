// The customer's online intake form on a real central server, over real HTTP: the form as served,
// a case opened at once through the store's push path, CSRF and Origin refusals, escaping, field
// errors with the answers kept, the rate limit, and the Severity-1 page to on-call users only.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { attachmentsOf } from '../../../shared/cases/case-attachments';
import { defaultPolicy } from '../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../shared/time/instant';
import { escapeHtml } from '../../../server/intake/html';
import { SUBMISSIONS_PER_MINUTE } from '../../../server/intake/intake-routes';
import { startCentralServer, type CentralServer } from '../../../server/start-server';
import type { StoreLocation } from '../../../server/store/open-server-store';
import { ANSWERS, hidden, numberIn, openForm, send, submit, type Answers } from '../../support/intake-form';
import { listen } from '../../support/live-listener';
import { dropTestDatabases } from '../../support/postgres';
import { BACKENDS } from '../../support/server-backends';
import { serverFilesFor, tempDbPath } from '../../support/temp-db';

// A Monday at noon in New York: support is open.
const NOW = instantOrThrow('2010-11-29T12:00:00-05:00');

const servers: CentralServer[] = [];

async function start(location: StoreLocation = { sqlite: tempDbPath('central.db') }): Promise<CentralServer> {
  const files = serverFilesFor(location);
  const server = await startCentralServer({ ...location, port: 0, clock: { now: () => NOW }, ...(files ? { files } : {}) });
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('behind a reverse proxy', () => {
  it('counts customers by the address the trusted proxy forwards, and accepts only the public origin', async () => {
    const server = await startCentralServer({ sqlite: tempDbPath('central.db'), port: 0, clock: { now: () => NOW }, trustProxy: '127.0.0.1', publicUrl: 'https://support.xecuritas.example' });
    servers.push(server);
    const post = async (forwardedFor: string, origin: string) => {
      const form = await openForm(server);
      const body = new URLSearchParams({ ...ANSWERS, submission: form.submission, _csrf: form.token });
      const response = await fetch(`${server.url}/`, { method: 'POST', body, headers: { cookie: form.cookie, origin, 'x-forwarded-for': forwardedFor } });
      return response.status;
    };
    // Seven customers behind one proxy: each has a limit of their own.
    const statuses = [];
    for (let i = 1; i <= 7; i++) statuses.push(await post(`203.0.113.${i}`, 'https://support.xecuritas.example'));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
    // The proxy's own address is not the origin customers use.
    expect(await post('203.0.113.50', server.url)).toBe(403);
    // One customer is still limited.
    const same = [];
    for (let i = 0; i < 6; i++) same.push(await post('198.51.100.7', 'https://support.xecuritas.example'));
    expect(same).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await server.store.exportCases()).toHaveLength(12);
  });
});

afterAll(async () => {
  await dropTestDatabases();
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('the intake form as served (GET /)', () => {
  it('asks for every field the policy requires, with labels, and the severities with their definitions', async () => {
    const server = await start();
    const form = await openForm(server);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toBe('text/html; charset=utf-8');
    for (const name of ['company', 'contractId', 'contactName', 'contactEmail', 'contactPhone', 'product', 'softwareVersion', 'hardware', 'os', 'summary', 'symptoms', 'reproduction', 'workarounds']) {
      expect(form.html, name).toContain(`<label for="field-${name}">`);
      expect(form.html, name).toMatch(new RegExp(`id="field-${name}" name="${name}"`));
    }
    expect(form.html).toContain('name="nature" value="functional"');
    expect(form.html).toContain('name="nature" value="performance"');
    for (const severity of defaultPolicy().severities) {
      expect(form.html).toContain(`name="severity" value="${severity.level}"`);
      expect(form.html).toContain(`<strong>${severity.name}</strong>`);
      expect(form.html).toContain(escapeHtml(severity.definition));
    }
    expect(form.html).toContain('Response within 1 hour, around the clock, by phone.');
    expect(form.html).toContain('Response within 4–6 support hours.');
    expect(form.html).toContain('Monday to Friday, 8:00 AM – 7:00 PM Eastern Standard Time');
    expect(form.html).toContain('@media (prefers-color-scheme: dark)');
    expect(form.html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('is served with a strict Content-Security-Policy and safe headers, and sets the CSRF cookie', async () => {
    const server = await start();
    const { headers, html, cookie } = await openForm(server);
    const csp = headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/);
    // The hash is that of the page's one stylesheet, exactly.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const { createHash } = await import('node:crypto');
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('same-origin');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(cookie).toMatch(/^casedesk_intake=.+/);
    expect(headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(headers.get('set-cookie')).toMatch(/SameSite=Lax/);
  });

  it('leaves the sync API as it was: JSON only, JSON errors', async () => {
    const server = await start();
    const { token } = await server.store.addUser('Ann', 'engineer');
    const anonymous = await fetch(`${server.url}/api/sync/push`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    expect(anonymous.status).toBe(401);
    const response = await fetch(`${server.url}/api/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new URLSearchParams({ a: '1' }) });
    expect(response.status).toBe(415);
    expect(await response.json()).toHaveProperty('error');
  });
});

describe.each(BACKENDS)('a submission on $name', (backend) => {
  it('opens the case at once, with the values exactly as typed, and answers with its number and what happens next', async () => {
    const server = await start(await backend.fresh());
    const form = await openForm(server);
    const sent = await send(server, form);
    expect(sent.status).toBe(200);
    expect(sent.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);

    const cases = await server.store.exportCases();
    expect(cases).toHaveLength(1);
    const [stored] = cases;
    expect(stored).toEqual({
      id: form.submission,
      severity: 2,
      type: 'problem',
      channel: 'online',
      loggedAt: '2010-11-29T12:00:00-05:00',
      company: 'Contoso Bank',
      contractId: 'XC-20417',
      summary: '  Outbound mail stuck in the queue  ',
      contact: { name: 'Jo Müller', email: 'jo.muller@contoso.example', phone: '+1 (212) 555-0187 ext. 4' },
      product: 'Mail Security Gateway',
      softwareVersion: '7.2.1',
      hardware: 'XG-400 appliance',
      os: 'XecOS 5',
      // The browser sends a textarea's line breaks as CRLF; the customer typed LF ones.
      problem: { symptoms: 'Since 09:40 no outbound mail leaves.\nThe queue grows by ~200 a minute.', nature: 'functional', reproduction: 'Send any mail to an outside address.' },
      events: [],
    });
    const [snapshot] = await server.store.snapshots(server.store.db, [form.submission]);
    expect(snapshot!.number).toBe('WEB-1');
    expect(snapshot!.policyId).toBe(defaultPolicy().id);
    expect(await server.store.head()).toBe(1);
    // Through the push path, as a desktop's change: one mutation, applied, under the form's id.
    expect(await server.store.mutationsOf('online-intake')).toEqual([{ id: form.submission, status: 'applied', error: null }]);

    expect(numberIn(sent.html)).toBe('WEB-1');
    expect(sent.html).toContain('Your case is open');
    // Severity-2 under the default policy: 4 to 6 business hours from Monday noon.
    expect(sent.html).toContain('within 4–6 support hours, by Mon 29 Nov 2010, 4:00 PM EST (6:00 PM EST at the latest)');
    expect(sent.html).toContain('Support is open now, until 7:00 PM EST.');
    expect(sent.html).toContain('within 2 support days, by Wed 1 Dec 2010, 12:00 PM EST');
    expect(sent.html).not.toContain('paged');

    // The same form sent again (a double click, a reload): the same case, nothing new stored.
    const again = await send(server, form);
    expect(again.status).toBe(200);
    expect(numberIn(again.html)).toBe('WEB-1');
    expect(again.html).toContain('This case is already open');
    expect(await server.store.exportCases()).toHaveLength(1);
    expect(await server.store.head()).toBe(1);

    // A new form is a new case, with the next number.
    const second = await submit(server, { company: 'Fabrikam', severity: '3' });
    expect(numberIn(second.html)).toBe('WEB-2');
    expect(second.html).toContain('within 1 support day, by Tue 30 Nov 2010, 12:00 PM EST');
    expect((await server.store.exportCases()).map((c) => c.company)).toEqual(['Contoso Bank', 'Fabrikam']);
  });

  it('pages every on-call user for a Severity-1 case within 2 seconds, and only them; everyone is told to pull', async () => {
    const server = await start(await backend.fresh());
    const olu = listen(server, (await server.store.addUser('Olu', 'on-call')).token);
    const ann = listen(server, (await server.store.addUser('Ann', 'engineer')).token);
    try {
      await olu.waitFor((e) => e.event === 'hello');
      await ann.waitFor((e) => e.event === 'hello');

      const form = await openForm(server);
      const postedAt = Date.now();
      const sent = await send(server, form, { severity: '1', summary: 'All outbound mail stopped' });
      expect(sent.status).toBe(200);
      const number = numberIn(sent.html);
      expect(number).toBe('WEB-1');
      // No rota: every on-call user is paged, by name, and the customer is told who.
      expect(sent.html).toContain('We have paged Olu, our on-call engineer.');
      expect(sent.html).toContain('An engineer will phone you on +1 (212) 555-0187 ext. 4 within 1 hour, by Mon 29 Nov 2010, 1:00 PM EST.');

      const page = await olu.waitFor((e) => e.event === 'page', 2000);
      expect(Date.now() - postedAt).toBeLessThan(2000);
      expect(page.data).toEqual({
        caseId: form.submission,
        number: 'WEB-1',
        severity: 1,
        company: 'Contoso Bank',
        summary: 'All outbound mail stopped',
        submittedAt: '2010-11-29T12:00:00-05:00',
        step: 'primary',
        to: ['Olu'],
      });
      await ann.waitFor((e) => e.event === 'changed' && e.data.version === 1, 2000);
      await olu.waitFor((e) => e.event === 'changed' && e.data.version === 1, 2000);

      // A Severity-2 case pages nobody. Then a marker poke: a page is sent before the form is
      // answered, so any page would arrive before the marker. (Pokes themselves are not awaited and
      // may overtake one another over PostgreSQL's NOTIFY: their order is not asserted.)
      // (Version 2 is the page, recorded on the case.)
      await submit(server, { severity: '2' });
      server.live.changed(1000);
      for (const listener of [ann, olu]) {
        await listener.waitFor((e) => e.event === 'changed' && e.data.version === 3, 2000);
        await listener.waitFor((e) => e.event === 'changed' && e.data.version === 1000, 2000);
      }
      expect(ann.events.filter((e) => e.event === 'page')).toEqual([]);
      expect(olu.events.filter((e) => e.event === 'page')).toHaveLength(1);
      expect(ann.events.filter((e) => e.event === 'changed').map((e) => e.data.version).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 1000]);
    } finally {
      await olu.close();
      await ann.close();
    }
  });

  it('tells the customer to phone when nobody has the on-call role (or every on-call user was revoked): nobody would be paged', async () => {
    const server = await start(await backend.fresh());
    await server.store.addUser('Ann', 'engineer');
    await server.store.addUser('Olu', 'on-call');
    await server.store.revokeUser('Olu');
    const sent = await submit(server, { severity: '1', summary: 'All outbound mail stopped' });
    expect(sent.status).toBe(200);
    expect(numberIn(sent.html)).toBe('WEB-1');
    expect(sent.html).toContain('Please call 1.888.624.5928, option 2 now and quote WEB-1.');
    expect(sent.html).toContain('our on-call staff could not be alerted automatically');
    expect(sent.html).not.toContain('have been paged');
    expect(await server.store.pagesWaitingFor('Olu', 0)).toEqual([]);
    expect(await server.store.casesPagedSince(0)).toEqual([]);
    expect(await server.store.exportCases()).toHaveLength(1);
  });
});

describe('CSRF and Origin', () => {
  it('refuses a submission without the token, with a wrong one, or without the cookie (403), and stores nothing', async () => {
    const server = await start();
    const form = await openForm(server);
    const other = await openForm(server);
    for (const [what, extra] of [
      ['no token', { token: null }],
      ['a wrong token', { token: `${form.token.slice(0, -2)}xx` }],
      ["another form's token with this cookie", { token: other.token }],
      ['no cookie', { cookie: null }],
    ] as const) {
      const sent = await send(server, form, {}, extra);
      expect(sent.status, what).toBe(403);
      expect(sent.html, what).toContain('Your case has not been sent yet');
      // The answers are shown again, with a fresh token for the next send.
      expect(sent.html, what).toContain('value="Contoso Bank"');
      expect(sent.headers.get('content-security-policy'), what).toMatch(/^default-src 'none'/);
    }
    expect(await server.store.exportCases()).toEqual([]);
    expect(await server.store.head()).toBe(0);
  });

  it("refuses a form posted from another site's page, or from an opaque origin, even with a good token", async () => {
    const server = await start();
    for (const origin of ['https://evil.example', 'null', server.url.replace('127.0.0.1', 'localhost')]) {
      const sent = await send(server, await openForm(server), {}, { origin });
      expect(sent.status, origin).toBe(403);
      expect(sent.html, origin).toContain('Sent from another site');
      expect(sent.html, origin).not.toContain('Contoso');
    }
    expect(await server.store.exportCases()).toEqual([]);
    // Without an Origin (an older browser, a script) the token alone decides.
    const sent = await send(server, await openForm(server), {}, { origin: null });
    expect(sent.status).toBe(200);
    expect(await server.store.exportCases()).toHaveLength(1);
  });
});

describe('what is not our form', () => {
  it('refuses another content type (415) and an oversized body (413) with a page, storing nothing', async () => {
    const server = await start();
    const form = await openForm(server);
    const json = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { cookie: form.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ANSWERS, _csrf: form.token, submission: form.submission }),
    });
    expect(json.status).toBe(415);
    expect(await json.text()).toContain('Not a form');
    const huge = await send(server, form, { symptoms: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    expect(huge.html).toContain('The form is too large');
    expect(huge.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(await server.store.exportCases()).toEqual([]);
  });
});

describe('what customers type', () => {
  const hostile = '<script>alert(1)</script>';

  it('is stored exactly as typed and shown only escaped', async () => {
    const server = await start();
    const sent = await submit(server, { summary: hostile, company: `"><img src=x onerror=alert(2)> & Co` });
    expect(sent.status).toBe(200);
    const [stored] = await server.store.exportCases();
    expect(stored!.summary).toBe(hostile);
    expect(stored!.company).toBe(`"><img src=x onerror=alert(2)> & Co`);
    expect(sent.html).not.toContain(hostile);
    expect(sent.html).not.toContain('<img');
    expect(sent.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(sent.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; Co');
  });

  it('is escaped when the form comes back with errors, inside attributes and textareas too', async () => {
    const server = await start();
    const sent = await submit(server, { contactEmail: 'not an email', company: `"><script>alert(3)</script>`, symptoms: `</textarea>${hostile}` });
    expect(sent.status).toBe(400);
    expect(sent.html).not.toMatch(/<script/i);
    expect(sent.html).toContain('value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"');
    expect(sent.html).toContain('>&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
  });
});

describe('field errors', () => {
  it('answers an invalid email with 400, the error next to the field, and every answer kept', async () => {
    const server = await start();
    const form = await openForm(server);
    const sent = await send(server, form, { contactEmail: 'jo at contoso', severity: '1' });
    expect(sent.status).toBe(400);
    expect(sent.html).toContain('Please check these answers');
    expect(sent.html).toContain('<a href="#field-contactEmail">Email: Enter an email address like name@example.com.</a>');
    expect(sent.html).toMatch(/<span class="error" id="field-contactEmail-error">Enter an email address like name@example.com.<\/span>\s*<input type="email" id="field-contactEmail" name="contactEmail"[^>]* aria-describedby="field-contactEmail-error" aria-invalid="true" value="jo at contoso"/);
    expect(sent.html).toContain('value="Contoso Bank"');
    expect(sent.html).toContain('value="+1 (212) 555-0187 ext. 4"');
    expect(sent.html).toContain('>Since 09:40 no outbound mail leaves.\nThe queue grows by ~200 a minute.</textarea>');
    expect(sent.html).toMatch(/value="1" required [^>]*checked/);
    expect(sent.html).toMatch(/value="functional" required checked/);
    // The same form id: sent again once corrected, it is still one case.
    expect(hidden(sent.html, 'submission')).toBe(form.submission);
    expect(await server.store.exportCases()).toEqual([]);
  });

  it('names each missing required field, and accepts a blank optional one', async () => {
    const server = await start();
    const sent = await submit(server, { summary: '   ', contractId: '', nature: '', severity: '' });
    expect(sent.status).toBe(400);
    expect(sent.html).toContain('Summary: Enter a one-line summary of the problem.');
    expect(sent.html).toContain('Service contract ID: Enter your service contract ID.');
    expect(sent.html).toContain('Nature of the problem: Choose whether the problem is functional or about performance.');
    expect(sent.html).toContain('Severity: Choose the severity that fits the problem.');
    expect(sent.html).not.toContain('field-workarounds-error');
    expect(sent.html.match(/<a href="#field-/g)).toHaveLength(4);
    expect(await server.store.exportCases()).toEqual([]);
  });

  it("refuses a severity the policy does not define, over-long text and a phone number that is not one", async () => {
    const server = await start();
    const sent = await submit(server, { severity: '4', summary: 'x'.repeat(301), contactPhone: 'call me' });
    expect(sent.status).toBe(400);
    expect(sent.html).toContain('Severity: Choose the severity that fits the problem.');
    expect(sent.html).toContain('Summary: Summary can be at most 300 characters.');
    expect(sent.html).toContain('Phone: Enter a phone number');
    expect(await server.store.exportCases()).toEqual([]);
  });
});

describe('control characters', () => {
  it('refuses a NUL or a terminal escape in a one-line field, keeps line breaks in free text, and stores nothing', async () => {
    const server = await start();
    const sent = await submit(server, { company: 'Contoso\u001b]0;pwned\u0007\u001b[2J', summary: 'mail\u0000stuck' });
    expect(sent.status).toBe(400);
    expect(sent.html).toContain('Company: Company contains a control character (such as a NUL or an escape); type it again as plain text.');
    expect(sent.html).toContain('Summary: Summary contains a control character');
    expect(sent.html).not.toContain('field-symptoms-error'); // its line break is fine
    expect(await server.store.exportCases()).toEqual([]);
  });
});

describe('the rate limit', () => {
  it(`takes ${SUBMISSIONS_PER_MINUTE} submissions a minute from one address and refuses the next with 429`, async () => {
    const server = await start();
    const forms = await Promise.all(Array.from({ length: SUBMISSIONS_PER_MINUTE + 1 }, () => openForm(server)));
    for (const form of forms.slice(0, SUBMISSIONS_PER_MINUTE)) expect((await send(server, form)).status).toBe(200);
    const refused = await send(server, forms.at(-1)!);
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('Too many submissions');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(await server.store.exportCases()).toHaveLength(SUBMISSIONS_PER_MINUTE);
    // Reading the form is not limited.
    expect((await openForm(server)).status).toBe(200);
  });
});

describe('files sent with the form', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const filesServer = async () => {
    const server = await startCentralServer({ sqlite: tempDbPath('central.db'), port: 0, clock: { now: () => NOW }, maxFileBytes: 1024 * 1024 });
    servers.push(server);
    return server;
  };
  const sendWithFiles = async (server: CentralServer, files: { name: string; bytes: Buffer }[], answers: Answers = {}) => {
    const form = await openForm(server);
    const body = new FormData();
    for (const [key, value] of Object.entries({ ...ANSWERS, ...answers, submission: form.submission, _csrf: form.token })) body.set(key, value);
    for (const file of files) body.append('files', new Blob([file.bytes]), file.name);
    const response = await fetch(`${server.url}/`, { method: 'POST', body, headers: { cookie: form.cookie, origin: server.url } });
    return { status: response.status, html: await response.text() };
  };
  const held = (server: CentralServer, folder: 'sha256' | 'partial') => {
    const root = join(server.filesRoot, folder);
    if (!existsSync(root)) return [];
    return folder === 'partial' ? readdirSync(root) : readdirSync(root).flatMap((prefix) => readdirSync(join(root, prefix)));
  };

  it('attaches them to the new case, typed by their content, their names made safe, their bytes on the server', async () => {
    const server = await filesServer();
    const log = Buffer.from('2010-11-29 09:40:01 ERROR relay refused\n'.repeat(100));
    const sent = await sendWithFiles(server, [
      { name: 'maillog.txt', bytes: log },
      { name: 'C:\\Users\\jo\\queue\u0007 screen.txt', bytes: png },
    ]);
    expect(sent.status).toBe(200);
    const number = numberIn(sent.html)!;
    const [snapshot] = (await server.store.snapshots(server.store.db, (await server.store.db.selectFrom('cases').select('id').execute()).map((r) => r.id))).filter((s) => s.number === number);
    expect(attachmentsOf(snapshot!.record)).toMatchObject([
      { name: 'maillog.txt', mediaType: 'text/plain', size: log.length, addedBy: 'online form' },
      { name: 'queue screen.txt', mediaType: 'image/png', size: png.length },
    ]);
    expect(held(server, 'sha256').sort()).toEqual([sha(log), sha(png)].sort());
    expect(held(server, 'partial')).toEqual([]);
  });

  it('refuses a file past the limit, too many files, and keeps nothing of a form it refuses', async () => {
    const server = await filesServer();
    const tooBig = await sendWithFiles(server, [{ name: 'core.dump', bytes: Buffer.alloc(1536 * 1024, 7) }]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.html).toContain('Each file may be 1 MiB at most. Nothing was stored.');
    const tooMany = await sendWithFiles(server, Array.from({ length: 6 }, (_, i) => ({ name: `log${i}.txt`, bytes: Buffer.from(`log ${i}\n`) })));
    expect(tooMany.status).toBe(413);
    expect(tooMany.html).toContain('The form takes 5 files at most. Nothing was stored.');
    const incomplete = await sendWithFiles(server, [{ name: 'maillog.txt', bytes: Buffer.from('a line\n') }], { company: '' });
    expect(incomplete.status).toBe(400);
    expect(await server.store.db.selectFrom('cases').select('id').execute()).toEqual([]);
    expect(held(server, 'sha256')).toEqual([]);
    expect(held(server, 'partial')).toEqual([]);
  });
});
