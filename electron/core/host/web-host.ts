// The browser host: the same core, the same renderer, served to a browser on 127.0.0.1. The API
// answers only requests that carry this run's secret (handed to the page in the URL fragment,
// never the path, so it stays out of logs and Referer headers), come from this very origin, and
// name this host — so no other local process or web page can use it.
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { CoreApi } from '../api/casedesk-api';
import { bearerMatches } from './bearer-key';
import { answerStream } from './stream-endpoint';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const MAX_BODY = 1 << 20;

export interface WebHost {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface WebHostOptions {
  /** The core: in this thread (tests) or in its own (CoreThread, as `casedesk web` runs it). */
  api: CoreApi;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Fixed secret (tests); by default a new random one per run. */
  secret?: string;
  log?: (line: string) => void;
}

/** The file under `root` that `urlPath` names, or null when it would leave `root`. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(base, `.${normalize(`/${decoded}`)}`);
  if (target !== base && !target.startsWith(base + sep)) return null;
  return target;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

class TooLarge extends Error {}

/** The request body, or TooLarge past MAX_BODY (the rest is read and dropped, so the answer arrives). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY ? fail(new TooLarge()) : ok(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', fail);
  });
}

/** How often an idle event stream says it is still there (a proxy or the browser would drop it). */
const KEEP_ALIVE_MS = 15_000;

/** The core's events, one `data:` line each (Server-Sent Events framing), until the page goes. */
function streamEvents(req: IncomingMessage, res: ServerResponse, api: CoreApi): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.write(': casedesk events\n\n');
  const stop = api.onEvent((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  const alive = setInterval(() => res.write(': still here\n\n'), KEEP_ALIVE_MS);
  const end = () => {
    clearInterval(alive);
    stop();
  };
  req.on('close', end);
  res.on('close', end);
}

const NO_KEY = JSON.stringify({ error: 'this page has no valid key: open the address casedesk web printed' });

/**
 * A byte stream (stream-endpoint.ts): GET downloads, PUT uploads. The key is required as for a
 * call; a browser sends no Origin with a same-origin GET, so one that is sent must be this page's.
 */
async function serveStream(req: IncomingMessage, res: ServerResponse, encodedName: string, at: { origin: string; host: string; secret: string; api: CoreApi }): Promise<void> {
  if (req.headers.origin !== undefined && req.headers.origin !== at.origin) return send(res, 403, JSON.stringify({ error: 'requests come from the Casedesk page only' }));
  if (!bearerMatches(req.headers.authorization, at.secret)) return send(res, 401, NO_KEY);
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    return send(res, 404, JSON.stringify({ error: 'unknown stream' }));
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
  const withBody = req.method === 'PUT';
  const request = new Request(`http://${at.host}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    ...(withBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
  const response = await answerStream(at.api, name, request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  res.on('close', () => body.destroy());
  body.pipe(res);
}


export function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const indexHtml = join(options.rendererDir, 'index.html');
  if (!existsSync(indexHtml)) {
    return Promise.reject(new Error(`the UI is not built: ${indexHtml} is missing (run npm run build)`));
  }
  let origin = '';
  let host = '';

  const server = createServer(async (req, res) => {
    try {
      // A page elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding) sends another Host.
      if (req.headers.host !== host) return send(res, 421, JSON.stringify({ error: 'wrong host' }));
      const path = (req.url ?? '/').split('?')[0]!;
      if (path.startsWith('/api/stream/')) return await serveStream(req, res, path.slice('/api/stream/'.length), { origin, host, secret, api: options.api });
      if (path.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, JSON.stringify({ error: 'use POST' }));
        if (req.headers.origin !== origin) return send(res, 403, JSON.stringify({ error: 'requests come from the Casedesk page only' }));
        if (!bearerMatches(req.headers.authorization, secret)) return send(res, 401, NO_KEY);
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, JSON.stringify({ error: 'send JSON' }));
        let input: unknown;
        try {
          const body = await readBody(req);
          input = body ? JSON.parse(body) : {};
        } catch (err) {
          if (err instanceof TooLarge) return send(res, 413, JSON.stringify({ error: `the request is larger than ${MAX_BODY} bytes` }));
          return send(res, 400, JSON.stringify({ error: 'the request is not valid JSON' }));
        }
        if (path === '/api/events') return streamEvents(req, res, options.api);
        let channel: string;
        try {
          channel = decodeURIComponent(path.slice(5));
        } catch {
          return send(res, 400, JSON.stringify({ error: 'unknown channel' }));
        }
        // Answers travel as { ok, value } or { ok: false, error, kind }, exactly as over IPC: a
        // change the policy's rules refuse is an answer for the person, not a failed request, and
        // Casedesk's own failure says what failed (its details are in the log of casedesk web).
        const answer = await options.api.call(channel, input);
        return send(res, answer.ok || answer.kind === 'request' ? 200 : 500, JSON.stringify(answer));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, JSON.stringify({ error: 'method not allowed' }));
      const file = path === '/' ? indexHtml : resolveStatic(options.rendererDir, path);
      if (!file || !existsSync(file) || !statSync(file).isFile()) {
        return send(res, 404, 'not found', 'text/plain; charset=utf-8');
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': file === indexHtml ? 'no-store' : 'max-age=3600',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch (err) {
      options.log?.(`error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal error' }));
    }
  });

  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      host = `127.0.0.1:${port}`;
      origin = `http://${host}`;
      ok({
        server,
        port,
        url: `${origin}/#key=${secret}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
